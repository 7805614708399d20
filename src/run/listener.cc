// SPDX-License-Identifier: Apache-2.0
// Handing a seccomp notify listener to an agent the way OCI runtimes do (runtime-spec
// config-linux.md "listenerPath"): connect to the unix socket, send the container process
// state as JSON with the listener fd attached (SCM_RIGHTS), in the order of its "fds" array.
#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <nlohmann/json.hpp>

#include "syscage/base/scope_exit.h"
#include "syscage/run/confined.h"
#include "syscage/run/send_fd.h"

namespace syscage::run {
namespace {
// The runtime-spec version whose container process state we follow.
constexpr const char* kOciVersion = "1.0.2";
}  // namespace

std::string ContainerProcessState(const RunSpec& spec, pid_t pid) {
  std::string bundle = spec.bundle;
  if (bundle.empty()) {
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd)) != nullptr) bundle = cwd;
  }
  nlohmann::json state = {
      {"ociVersion", kOciVersion},
      {"fds", {"seccompFd"}},
      {"pid", pid},
      {"metadata", spec.listener_metadata},
      {"state",
       {{"ociVersion", kOciVersion},
        {"id", spec.container_id},
        {"status", "creating"},
        {"pid", pid},
        {"bundle", bundle}}},
  };
  return state.dump();
}

Result<> SendListenerFd(const std::string& path, const std::string& state, int fd) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    return Fail(ErrorCode::kInvalidArgument, "listenerPath '" + path + "' is empty or too long");
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return Fail(ErrorCode::kKernel, "socket(AF_UNIX)", errno);
  ScopeExit close_sock([sock] { close(sock); });
  if (connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    ErrorCode code = err == ENOENT || err == ECONNREFUSED ? ErrorCode::kNotFound
                     : err == EACCES                      ? ErrorCode::kPermission
                                                          : ErrorCode::kKernel;
    return Fail(code, "connecting to seccomp listenerPath " + path, err);
  }
  ssize_t sent = SendWithFd(sock, state.data(), state.size(), fd);
  if (sent < 0) return Fail(ErrorCode::kKernel, "sending the listener fd to " + path, errno);
  // The fd travelled with the first byte; the rest of a large state goes as plain data.
  size_t done = static_cast<size_t>(sent);
  while (done < state.size()) {
    ssize_t n = send(sock, state.data() + done, state.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(ErrorCode::kKernel, "sending the process state to " + path, errno);
    done += static_cast<size_t>(n);
  }
  return Ok{};
}

}  // namespace syscage::run
