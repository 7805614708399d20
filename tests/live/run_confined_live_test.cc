// SPDX-License-Identifier: Apache-2.0
// run::RunConfined against the real kernel: the testprogs run under hand-assembled programs;
// checks the exit status, the SIGSYS report, fail-closed installs, and exec failures.
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "live_util.h"
#include "syscage/run/confined.h"

namespace syscage::run {
namespace {

using live::DenyOne;
using live::TestProg;

std::string Nr(long nr) { return std::to_string(nr); }

RunSpec Spec(std::vector<std::string> argv, std::vector<sock_filter> program) {
  RunSpec spec;
  spec.argv = std::move(argv);
  spec.program = std::move(program);
  return spec;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/syscage-live-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(RunConfinedLiveTest, ErrnoRuleGivesTheCommandThatErrno) {
  auto out = RunConfined(Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                              DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EXDEV)));
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, EXDEV);
  EXPECT_EQ(out->ShellStatus(), EXDEV);
  EXPECT_FALSE(out->sigsys.has_value());
}

TEST(RunConfinedLiveTest, UnconfinedWhenNoProgram) {
  auto out = RunConfined(Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"}, {}));
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, 0);
}

TEST(RunConfinedLiveTest, MkdirDeniedWithOperationNotPermitted) {
  TempDir dir;
  std::string target = dir.path() + "/made";
  std::vector<sock_filter> program = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, live::kNativeAudit, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
#ifdef SYS_mkdir
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdir, 1, 0),
#else
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdirat, 1, 0),
#endif
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mkdirat, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  auto out = RunConfined(Spec({"mkdir", target}, program));
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, 1);  // coreutils mkdir: "cannot create directory: Operation..."
  EXPECT_FALSE(std::filesystem::exists(target));
  // The control: unconfined, the same command makes the directory.
  auto free_run = RunConfined(Spec({"mkdir", target}, {}));
  ASSERT_TRUE(free_run);
  EXPECT_EQ(free_run->exit_status, 0);
  EXPECT_TRUE(std::filesystem::is_directory(target));
}

TEST(RunConfinedLiveTest, TrapKillNamesTheSyscall) {
  if (!live::CanPtraceChildren()) GTEST_SKIP() << "ptrace of children is not allowed here";
  auto out = RunConfined(Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                              DenyOne(SYS_personality, SECCOMP_RET_TRAP)));
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_FALSE(out->exited);
  EXPECT_EQ(out->term_signal, SIGSYS);
  ASSERT_TRUE(out->sigsys.has_value());
  EXPECT_EQ(out->sigsys->source, SigsysReport::Source::kTrapSignal);
  EXPECT_EQ(out->sigsys->nr, SYS_personality);
  EXPECT_EQ(out->sigsys->audit_arch, live::kNativeAudit);
  EXPECT_EQ(out->ShellStatus(), 128 + SIGSYS);
  EXPECT_NE(out->Describe().find("at syscall " + Nr(SYS_personality)), std::string::npos)
      << out->Describe();
}

TEST(RunConfinedLiveTest, TrapHandledByTheProgramIsPassedOn) {
  if (!live::CanPtraceChildren()) GTEST_SKIP() << "ptrace of children is not allowed here";
  auto out = RunConfined(Spec({TestProg("tp_sigsys_handler"), Nr(SYS_personality)},
                              DenyOne(SYS_personality, SECCOMP_RET_TRAP | 7)));
  ASSERT_TRUE(out) << out.error().ToString();
  // The program's own handler saw the SIGSYS for the right syscall (it exits 0 only then).
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, 0);
  ASSERT_TRUE(out->sigsys.has_value());
  EXPECT_EQ(out->sigsys->data, 7u);
  EXPECT_FALSE(out->killed_by_seccomp.has_value());
}

TEST(RunConfinedLiveTest, KillProcessNamesTheSyscall) {
  if (!live::CanPtraceChildren()) GTEST_SKIP() << "ptrace of children is not allowed here";
  auto out = RunConfined(Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                              DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS)));
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_FALSE(out->exited);
  EXPECT_EQ(out->term_signal, SIGSYS);
  ASSERT_TRUE(out->killed_by_seccomp.has_value());
  EXPECT_EQ(out->killed_by_seccomp->source, SigsysReport::Source::kKillExit);
  EXPECT_EQ(out->killed_by_seccomp->nr, SYS_personality);
  EXPECT_EQ(out->killed_by_seccomp->audit_arch, live::kNativeAudit);
}

TEST(RunConfinedLiveTest, KillThreadEndsOnlyThatThread) {
  if (!live::CanPtraceChildren()) GTEST_SKIP() << "ptrace of children is not allowed here";
  auto out = RunConfined(Spec({TestProg("tp_threads"), Nr(SYS_personality)},
                              DenyOne(SYS_personality, SECCOMP_RET_KILL_THREAD)));
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_TRUE(out->exited);
  EXPECT_EQ(out->exit_status, 0);  // the main thread lived on
  ASSERT_TRUE(out->killed_by_seccomp.has_value());
  EXPECT_EQ(out->killed_by_seccomp->nr, SYS_personality);
  EXPECT_NE(out->killed_by_seccomp->tid, out->pid);
}

TEST(RunConfinedLiveTest, KillWithoutTracingStillReportsTheSignal) {
  RunSpec spec = Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                      DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS));
  spec.report_sigsys = false;
  auto out = RunConfined(spec);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->term_signal, SIGSYS);
  EXPECT_FALSE(out->killed_by_seccomp.has_value());
}

TEST(RunConfinedLiveTest, InvalidProgramFailsClosed) {
  TempDir dir;
  std::string marker = dir.path() + "/ran";
  std::vector<sock_filter> bad = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 1),
                                  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  auto out = RunConfined(Spec({"touch", marker}, bad));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kKernel);
  EXPECT_EQ(out.error().sys_errno, EINVAL);
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the command ran unconfined";
}

TEST(RunConfinedLiveTest, CommandNotFound) {
  auto out = RunConfined(Spec({"syscage-no-such-command-xyz"}, {}));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  auto abs = RunConfined(
      Spec({"/nonexistent/dir/cmd"}, DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS)));
  ASSERT_FALSE(abs);
  EXPECT_EQ(abs.error().code, ErrorCode::kNotFound);
}

TEST(RunConfinedLiveTest, ExecRefusedByTheFilterIsAnErrorNotAStatus) {
  auto out = RunConfined(
      Spec({TestProg("tp_syscall"), "39"}, DenyOne(SYS_execve, SECCOMP_RET_ERRNO | EPERM)));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().sys_errno, EPERM);
}

TEST(RunConfinedLiveTest, NotifyWithoutListenerIsRefused) {
  auto out = RunConfined(Spec({TestProg("tp_syscall"), Nr(SYS_personality), "0xffffffff"},
                              DenyOne(SYS_personality, SECCOMP_RET_USER_NOTIF)));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(out.error().message.find("listenerPath"), std::string::npos);
}

TEST(RunConfinedLiveTest, EmptyArgvIsRefused) {
  auto out = RunConfined(Spec({}, {}));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace syscage::run
