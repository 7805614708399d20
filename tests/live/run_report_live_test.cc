// SPDX-License-Identifier: Apache-2.0
// `run --report` / `--complain` against the real kernel: the testprogs run under hand-assembled
// programs with RunConfined's supervisor; each test checks what the command really got (its
// errno, its files, its death) and what the supervisor reported. Expected numbers come from the
// host's <sys/syscall.h> and <linux/audit.h>, not from syscage's tables.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "live_util.h"
#include "syscage/base/files.h"
#include "syscage/run/confined.h"
#include "syscage/run/denial_report.h"

namespace syscage::run {
namespace {

using live::DenyOne;
using live::TestProg;

std::string Nr(long nr) { return std::to_string(nr); }

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/syscage-report-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs argv under `program` in `mode`, collecting every reported call.
struct Supervised {
  Result<ChildOutcome> outcome = Fail(ErrorCode::kInternal, "not run");
  std::vector<DeniedCall> calls;
};

Supervised RunSupervised(std::vector<std::string> argv, std::vector<sock_filter> program,
                         DenialMode mode) {
  Supervised s;
  RunSpec spec;
  spec.argv = std::move(argv);
  spec.program = std::move(program);
  spec.denials = mode;
  spec.on_denied = [&s](const DeniedCall& call) { s.calls.push_back(call); };
  s.outcome = RunConfined(spec);
  return s;
}

class RunReportLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!live::CanPtraceChildren()) GTEST_SKIP() << "ptrace of children is not allowed here";
  }
};

// mkdirat(AT_FDCWD, path, 0755) through tp_syscall.
std::vector<std::string> MkdiratArgv(const std::string& path) {
  return {TestProg("tp_syscall"), Nr(SYS_mkdirat), "-100", "@" + path, "0755"};
}

TEST_F(RunReportLiveTest, ReportReturnsTheErrnoAndNamesTheCall) {
  TempDir dir;
  std::string target = dir.path() + "/made";
  auto s = RunSupervised(MkdiratArgv(target), DenyOne(SYS_mkdirat, SECCOMP_RET_ERRNO | EXDEV),
                         DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_TRUE(s.outcome->exited);
  EXPECT_EQ(s.outcome->exit_status, EXDEV);  // tp_syscall exits with the errno it got
  EXPECT_FALSE(std::filesystem::exists(target));
  ASSERT_EQ(s.calls.size(), 1u);
  const DeniedCall& c = s.calls[0];
  EXPECT_EQ(c.nr, SYS_mkdirat);
  EXPECT_EQ(c.audit_arch, live::kNativeAudit);
  EXPECT_EQ(c.pid, s.outcome->pid);
  EXPECT_EQ(c.outcome, DeniedCall::Outcome::kErrno);
  EXPECT_EQ(c.errno_returned, EXDEV);
  EXPECT_TRUE(c.action_known);
  EXPECT_EQ(c.action, SECCOMP_RET_ERRNO | EXDEV);
  ASSERT_TRUE(c.args_known);
  EXPECT_EQ(static_cast<int>(c.args[0]), AT_FDCWD);
  EXPECT_EQ(c.args[2], 0755u);
  EXPECT_EQ(s.outcome->denied_calls, 1u);
  std::string line = FormatDenial(c, DenialMode::kReport, "");
  EXPECT_NE(line.find("mkdirat("), std::string::npos) << line;
  EXPECT_NE(line.find("EXDEV"), std::string::npos) << line;
}

TEST_F(RunReportLiveTest, ComplainLetsTheCallRunAndReportsIt) {
  TempDir dir;
  std::string target = dir.path() + "/made";
  auto s = RunSupervised(MkdiratArgv(target), DenyOne(SYS_mkdirat, SECCOMP_RET_ERRNO | EPERM),
                         DenialMode::kComplain);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_TRUE(s.outcome->exited);
  EXPECT_EQ(s.outcome->exit_status, 0);
  EXPECT_TRUE(std::filesystem::is_directory(target)) << "the call did not run";
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].nr, SYS_mkdirat);
  EXPECT_EQ(s.calls[0].outcome, DeniedCall::Outcome::kAllowed);
  EXPECT_EQ(s.calls[0].action, SECCOMP_RET_ERRNO | EPERM);
}

TEST_F(RunReportLiveTest, ComplainAllowsAKillRule) {
  auto s = RunSupervised({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                         DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS), DenialMode::kComplain);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_TRUE(s.outcome->exited);
  EXPECT_EQ(s.outcome->exit_status, 0);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].nr, SYS_personality);
  EXPECT_EQ(s.calls[0].action, SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(s.calls[0].outcome, DeniedCall::Outcome::kAllowed);
}

TEST_F(RunReportLiveTest, ReportKillProcessKillsAndReports) {
  auto s = RunSupervised({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                         DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS), DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  ASSERT_FALSE(s.outcome->exited);
  EXPECT_EQ(s.outcome->term_signal, SIGSYS);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].outcome, DeniedCall::Outcome::kKilled);
  EXPECT_EQ(s.calls[0].nr, SYS_personality);
  EXPECT_EQ(s.calls[0].audit_arch, live::kNativeAudit);
  ASSERT_TRUE(s.calls[0].args_known);
  EXPECT_EQ(s.calls[0].args[0], 0xffffffffu);
}

TEST_F(RunReportLiveTest, ReportTrapDeliversSigsysAndReports) {
  auto s = RunSupervised({TestProg("tp_sigsys_handler"), Nr(SYS_personality)},
                         DenyOne(SYS_personality, SECCOMP_RET_TRAP | 7), DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  // The program's handler saw the SIGSYS for personality (it exits 0 only then).
  EXPECT_TRUE(s.outcome->exited);
  EXPECT_EQ(s.outcome->exit_status, 0);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].outcome, DeniedCall::Outcome::kTrapped);
  EXPECT_EQ(s.calls[0].nr, SYS_personality);
  EXPECT_EQ(s.calls[0].action, SECCOMP_RET_TRAP | 7u);
}

TEST_F(RunReportLiveTest, ReportTraceActionIsEnosysAsWithoutATracer) {
  auto s = RunSupervised({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                         DenyOne(SYS_personality, SECCOMP_RET_TRACE | 3), DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_EQ(s.outcome->exit_status, ENOSYS);
  // The control: plain `run` gives the same errno (the kernel's own ENOSYS without a tracer).
  RunSpec plain;
  plain.argv = {TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"};
  plain.program = DenyOne(SYS_personality, SECCOMP_RET_TRACE | 3);
  auto p = RunConfined(plain);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->exit_status, ENOSYS);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].errno_returned, ENOSYS);
}

TEST_F(RunReportLiveTest, ForkedChildrenAreSupervisedToo) {
  TempDir dir;
  std::string target = dir.path() + "/made";
  // The shell forks tp_syscall (not the last command, so it is not exec'd in place).
  std::vector<std::string> argv = {"sh", "-c", "\"$@\"; rc=$?; exit $rc", "sh"};
  for (const auto& a : MkdiratArgv(target)) argv.push_back(a);
  auto s =
      RunSupervised(argv, DenyOne(SYS_mkdirat, SECCOMP_RET_ERRNO | EPERM), DenialMode::kComplain);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_EQ(s.outcome->exit_status, 0);
  EXPECT_TRUE(std::filesystem::is_directory(target));
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_NE(s.calls[0].pid, s.outcome->pid) << "the call was made by the forked child";

  std::filesystem::remove(target);
  auto r =
      RunSupervised(argv, DenyOne(SYS_mkdirat, SECCOMP_RET_ERRNO | EPERM), DenialMode::kReport);
  ASSERT_TRUE(r.outcome) << r.outcome.error().ToString();
  EXPECT_EQ(r.outcome->exit_status, EPERM);
  EXPECT_FALSE(std::filesystem::exists(target));
  ASSERT_EQ(r.calls.size(), 1u);
}

TEST_F(RunReportLiveTest, AllowedCallsAreNotReported) {
  auto s = RunSupervised({TestProg("tp_syscall"), Nr(SYS_getppid)},
                         DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EPERM), DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_EQ(s.outcome->exit_status, 0);
  EXPECT_TRUE(s.calls.empty());
}

#if defined(__x86_64__)
// i386 getpid (20 in arch/x86/entry/syscalls/syscall_32.tbl) made with int $0x80.
constexpr uint32_t kI386Getpid = 20;

std::vector<sock_filter> I386GetpidGets(uint32_t action) {
  return {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 4, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 4),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kI386Getpid, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, action),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  };
}

bool I386Works() {
  RunSpec spec;
  spec.argv = {TestProg("tp_int80"), std::to_string(kI386Getpid)};
  auto out = RunConfined(spec);
  return out && out->exited && out->exit_status == 0;
}

TEST_F(RunReportLiveTest, I386CallIsReportedWithItsOwnArchAndNumber) {
  if (!I386Works()) GTEST_SKIP() << "no i386 ABI here: int $0x80 faults or is disabled";
  auto s = RunSupervised({TestProg("tp_int80"), std::to_string(kI386Getpid)},
                         I386GetpidGets(SECCOMP_RET_ERRNO | EXDEV), DenialMode::kReport);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_EQ(s.outcome->exit_status, EXDEV);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].audit_arch, static_cast<uint32_t>(AUDIT_ARCH_I386));
  EXPECT_EQ(s.calls[0].nr, kI386Getpid);
  EXPECT_EQ(CallArchName(s.calls[0].audit_arch, s.calls[0].nr), "x86");
  EXPECT_EQ(CallSyscallName(s.calls[0].audit_arch, s.calls[0].nr), "getpid");
}

TEST_F(RunReportLiveTest, ComplainAllowsABadArchCall) {
  if (!I386Works()) GTEST_SKIP() << "no i386 ABI here: int $0x80 faults or is disabled";
  // A program that lists only x86_64 kills the i386 call (libseccomp's bad-arch action)...
  std::vector<sock_filter> native_only = DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EPERM);
  RunSpec plain;
  plain.argv = {TestProg("tp_int80"), std::to_string(kI386Getpid)};
  plain.program = native_only;
  auto p = RunConfined(plain);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->term_signal, SIGSYS);
  // ... and complain mode lets it through, naming the arch.
  auto s = RunSupervised({TestProg("tp_int80"), std::to_string(kI386Getpid)}, native_only,
                         DenialMode::kComplain);
  ASSERT_TRUE(s.outcome) << s.outcome.error().ToString();
  EXPECT_TRUE(s.outcome->exited);
  EXPECT_EQ(s.outcome->exit_status, 0);
  ASSERT_EQ(s.calls.size(), 1u);
  EXPECT_EQ(s.calls[0].audit_arch, static_cast<uint32_t>(AUDIT_ARCH_I386));
  EXPECT_EQ(s.calls[0].action, SECCOMP_RET_KILL_PROCESS);
}
#endif

// Fail closed: when the supervisor dies, the supervised command dies with it (EXITKILL) rather
// than running on. A harness process becomes the child subreaper so it can reap the orphaned
// command and see how it ended.
TEST_F(RunReportLiveTest, CommandDiesWithTheSupervisor) {
  int status = live::RunInChild([] {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return 10;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 11;
    pid_t sup = fork();
    if (sup == 0) {
      close(fds[0]);
      RunSpec spec;
      spec.argv = {"sh",
                   "-c",
                   "\"$@\"; exec sleep 60",
                   "sh",
                   TestProg("tp_syscall"),
                   Nr(SYS_personality),
                   "0xffffffff"};
      spec.program = DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EPERM);
      spec.denials = DenialMode::kComplain;
      int wfd = fds[1];
      // Tells the harness the shell's pid: the parent of the process that made the call.
      spec.on_denied = [wfd](const DeniedCall& call) {
        std::string proc_status =
            ReadFile("/proc/" + std::to_string(call.pid) + "/status").value_or("");
        size_t at = proc_status.find("\nPPid:");
        pid_t shell = at == std::string::npos ? 0 : atoi(proc_status.c_str() + at + 6);
        if (write(wfd, &shell, sizeof(shell)) != sizeof(shell)) _exit(12);
      };
      auto out = RunConfined(spec);
      _exit(out ? 0 : 13);
    }
    close(fds[1]);
    pid_t shell = 0;
    if (read(fds[0], &shell, sizeof(shell)) != sizeof(shell) || shell <= 0) return 14;
    kill(sup, SIGKILL);  // the command is running under supervision
    int st = 0;
    if (waitpid(sup, &st, 0) != sup) return 15;
    // The orphaned shell (about to exec sleep 60) comes to us: it must be killed by SIGKILL.
    for (;;) {
      pid_t w = wait(&st);
      if (w <= 0) return 16;
      if (w == shell) return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? 0 : 17;
    }
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace syscage::run
