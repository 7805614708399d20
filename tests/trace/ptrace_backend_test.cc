// SPDX-License-Identifier: Apache-2.0
// PtraceBackend on real programs (label privileged; skipped where ptrace is forbidden). The
// expected facts come from the programs' own definitions (tests/trace/progs) and the kernel:
// exit statuses, call counts, a stopped/continued process, an attached process that keeps
// running after detach.
#include "syscage/trace/ptrace/ptrace_backend.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"
#include "trace_test_util.h"

namespace syscage::trace {
namespace {

using testing::Prog;

#define SKIP_WITHOUT_PTRACE() \
  if (!testing::PtraceAllowed()) GTEST_SKIP() << "ptrace is not allowed here"

std::string NameOf(const Event& e) {
  auto n = syscalls::NameOf(e.arch, e.nr);
  return n ? std::string(*n) : "?";
}

struct TraceRun {
  std::vector<Event> events;
  std::map<pid_t, int> exit_status;
  std::map<std::string, int> exits_by_name;  // syscall exits per name
};

TraceRun TraceToEnd(PtraceBackend& b, const Target& t) {
  TraceRun r;
  auto started = b.Start(t);
  EXPECT_TRUE(started) << started.error().ToString();
  if (!started) return r;
  for (;;) {
    auto n = b.Next();
    EXPECT_TRUE(n) << n.error().ToString();
    if (!n || !*n) break;
    const Event& e = **n;
    r.events.push_back(e);
    if (e.kind == EventKind::kExited) r.exit_status[e.tid] = e.exit_status;
    if (e.kind == EventKind::kSyscallExit) ++r.exits_by_name[NameOf(e)];
  }
  return r;
}

TEST(PtraceBackendTest, LaunchStartsAtExecveAndReportsExitStatus) {
  SKIP_WITHOUT_PTRACE();
  PtraceBackend b;
  Target t;
  t.command = {"sh", "-c", "exit 7"};
  TraceRun r = TraceToEnd(b, t);
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front().kind, EventKind::kSyscallEntry);
  EXPECT_EQ(NameOf(r.events.front()), "execve");
  EXPECT_EQ(r.exit_status[b.launched_pid()], 7);
}

TEST(PtraceBackendTest, MissingCommandIsNotFound) {
  PtraceBackend b;
  Target t;
  t.command = {"/nonexistent/syscage-no-such-program"};
  auto r = b.Start(t);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(PtraceBackendTest, FollowsForkAndExec) {
  SKIP_WITHOUT_PTRACE();
  PtraceBackend b;
  Target t;
  t.command = {Prog("tt_forkexec"), "/bin/true"};
  t.follow_forks = true;
  TraceRun r = TraceToEnd(b, t);
  std::set<pid_t> execs;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::kExec) execs.insert(e.tid);
  }
  EXPECT_EQ(execs.size(), 2u) << "the launched program and its child both exec";
  EXPECT_EQ(r.exit_status.size(), 2u);
  EXPECT_EQ(r.exit_status[b.launched_pid()], 0);
}

TEST(PtraceBackendTest, CountsEveryThreadsCalls) {
  SKIP_WITHOUT_PTRACE();
  PtraceBackend b;
  Target t;
  t.command = {Prog("tt_threads"), "4", "250"};
  t.follow_forks = true;
  TraceRun r = TraceToEnd(b, t);
  EXPECT_EQ(r.exits_by_name["getppid"], 1000);  // 4 threads x 250 calls
  EXPECT_EQ(r.exit_status[b.launched_pid()], 0);
}

TEST(PtraceBackendTest, SignalsAndStopsBehaveAsUntraced) {
  SKIP_WITHOUT_PTRACE();
  // Untraced, the program exits 42 (see tt_signals.c).
  ASSERT_EQ(testing::Shell(Prog("tt_signals")), 42);
  PtraceBackend b;
  Target t;
  t.command = {Prog("tt_signals")};
  t.follow_forks = true;
  TraceRun r = TraceToEnd(b, t);
  EXPECT_EQ(r.exit_status[b.launched_pid()], 42);
  bool usr1 = false, stopped = false;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::kSignal && e.signo == SIGUSR1) usr1 = true;
    if (e.kind == EventKind::kGroupStop && e.signo == SIGSTOP) stopped = true;
  }
  EXPECT_TRUE(usr1);
  EXPECT_TRUE(stopped);
}

TEST(PtraceBackendTest, SeccompFilterStopsOnlyAtSelectedCalls) {
  SKIP_WITHOUT_PTRACE();
  PtraceBackend b;
  Target t;
  t.command = {Prog("tt_getppid"), "2000"};
  t.follow_forks = true;
  const auto native = arch::NativeArch();
  t.seccomp = std::vector<Target::SeccompSet>{{native, {*syscalls::Resolve(native, "openat")}}};
  t.seccomp_no_new_privs = true;
  TraceRun r = TraceToEnd(b, t);
  EXPECT_EQ(r.exits_by_name.count("getppid"), 0u);
  EXPECT_GE(r.exits_by_name["openat"], 1);  // the program's own open of /dev/null
  for (const auto& [name, n] : r.exits_by_name) EXPECT_EQ(name, "openat");
  EXPECT_EQ(r.exit_status[b.launched_pid()], 0);
}

std::string ReadCounter(const std::string& path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

char ProcState(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  std::getline(f, s);
  auto p = s.rfind(')');
  return p == std::string::npos || p + 2 >= s.size() ? '?' : s[p + 2];
}

TEST(PtraceBackendTest, AttachAndDetachLeaveTheProcessRunning) {
  SKIP_WITHOUT_PTRACE();
  char dir[] = "/tmp/syscage-trace-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string file = std::string(dir) + "/counter";
  pid_t pid = fork();
  if (pid == 0) {
    execl(Prog("tt_sleeper").c_str(), "tt_sleeper", file.c_str(), nullptr);
    _exit(127);
  }
  for (int i = 0; i < 200 && ReadCounter(file).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(ReadCounter(file).empty());

  PtraceBackend b;
  Target t;
  t.attach_pids = {pid};
  ASSERT_TRUE(b.Start(t));
  std::set<pid_t> tids;
  int writes = 0;
  while (writes < 3) {
    auto n = b.Next();
    ASSERT_TRUE(n && *n);
    const Event& e = **n;
    if (e.kind == EventKind::kSyscallEntry) tids.insert(e.tid);
    if (e.kind == EventKind::kSyscallExit && NameOf(e) == "pwrite64") ++writes;
  }
  b.RequestStop();
  int detached = 0;
  for (;;) {
    auto n = b.Next();
    ASSERT_TRUE(n);
    if (!*n) break;
    if ((*n)->kind == EventKind::kDetached) ++detached;
  }
  EXPECT_EQ(detached, 2) << "both threads of tt_sleeper";
  EXPECT_EQ(tids.size(), 2u);

  const std::string before = ReadCounter(file);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_NE(ReadCounter(file), before) << "the process stopped making progress";
  const char state = ProcState(pid);
  EXPECT_TRUE(state == 'S' || state == 'R') << "state " << state;
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  unlink(file.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace syscage::trace
