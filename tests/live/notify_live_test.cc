// SPDX-License-Identifier: Apache-2.0
// SECCOMP_RET_USER_NOTIF through RunConfined: the listener fd reaches an agent on the
// listenerPath socket with the OCI container process state, and the agent's answer is what the
// confined command sees.
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "live_util.h"
#include "syscage/run/confined.h"

namespace syscage::run {
namespace {

struct AgentResult {
  std::string error;  // empty when all went well
  nlohmann::json state;
  int notified_nr = -1;
  pid_t notified_pid = 0;
};

// Accepts one connection on `listen_fd`, takes the state and the fd, and answers one
// notification with -EXDEV.
void Agent(int listen_fd, AgentResult* out) {
  pollfd pfd{listen_fd, POLLIN, 0};
  if (poll(&pfd, 1, 10000) != 1) {
    out->error = "no connection";
    return;
  }
  int conn = accept(listen_fd, nullptr, nullptr);
  char buf[8192] = {};
  iovec iov{buf, sizeof(buf) - 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n = recvmsg(conn, &msg, 0);
  close(conn);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (n <= 0 || c == nullptr || c->cmsg_type != SCM_RIGHTS) {
    out->error = "no fd";
    return;
  }
  int fd;
  std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
  out->state = nlohmann::json::parse(std::string(buf, static_cast<size_t>(n)), nullptr, false);
  seccomp_notif req{};
  if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
    out->error = std::string("NOTIF_RECV: ") + std::strerror(errno);
    close(fd);
    return;
  }
  out->notified_nr = req.data.nr;
  out->notified_pid = static_cast<pid_t>(req.pid);
  seccomp_notif_resp resp{};
  resp.id = req.id;
  resp.error = -EXDEV;
  if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0) {
    out->error = std::string("NOTIF_SEND: ") + std::strerror(errno);
  }
  close(fd);
}

TEST(NotifyLiveTest, ListenerFdAndStateReachTheAgent) {
  char tmpl[] = "/tmp/syscage-notify-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string path = dir + "/agent.sock";
  int listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  ASSERT_EQ(bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(listen_fd, 1), 0);

  AgentResult agent;
  std::thread agent_thread(Agent, listen_fd, &agent);
  RunSpec spec;
  spec.argv = {live::TestProg("tp_syscall"), std::to_string(SYS_personality), "0xffffffff"};
  spec.program = live::DenyOne(SYS_personality, SECCOMP_RET_USER_NOTIF);
  spec.listener_path = path;
  spec.listener_metadata = "MKNOD=/dev/null;test";
  spec.container_id = "notify-test";
  auto out = RunConfined(spec);
  agent_thread.join();
  close(listen_fd);
  std::filesystem::remove_all(dir);

  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_EQ(agent.error, "");
  // The agent's answer is the command's errno.
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, EXDEV);
  EXPECT_EQ(agent.notified_nr, SYS_personality);
  EXPECT_EQ(agent.notified_pid, out->pid);
  // The OCI container process state (runtime-spec config-linux.md).
  ASSERT_TRUE(agent.state.is_object()) << agent.state;
  EXPECT_EQ(agent.state["fds"], nlohmann::json::array({"seccompFd"}));
  EXPECT_EQ(agent.state["pid"], out->pid);
  EXPECT_EQ(agent.state["metadata"], "MKNOD=/dev/null;test");
  EXPECT_TRUE(agent.state.contains("ociVersion"));
  EXPECT_EQ(agent.state["state"]["id"], "notify-test");
  EXPECT_EQ(agent.state["state"]["pid"], out->pid);
  EXPECT_EQ(agent.state["state"]["status"], "creating");
}

TEST(NotifyLiveTest, UnreachableListenerMeansTheCommandNeverRuns) {
  char tmpl[] = "/tmp/syscage-notify-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string marker = dir + "/ran";
  RunSpec spec;
  spec.argv = {"touch", marker};
  spec.program = live::DenyOne(SYS_personality, SECCOMP_RET_USER_NOTIF);
  spec.listener_path = dir + "/nobody-listens.sock";
  auto out = RunConfined(spec);
  bool ran = std::filesystem::exists(marker);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace syscage::run
