// SPDX-License-Identifier: Apache-2.0
// run::InstallFilter against the real kernel: hand-assembled programs installed in forked
// children with no_new_privs; the outcome (errno, SIGSYS, allow, TSYNC) is what the kernel did.
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>

#include <gtest/gtest.h>

#include "live_util.h"
#include "syscage/run/install.h"

namespace syscage::run {
namespace {

using live::DenyOne;
using live::RunInChild;

// personality(0xffffffff) only queries, and neither libc nor the sanitizers call it.
long QueryPersonality() { return syscall(SYS_personality, 0xffffffffUL); }

TEST(InstallLiveTest, ErrnoActionReturnsItsValueAndAllowsTheRest) {
  int status = RunInChild([] {
    if (!InstallFilter(DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EXDEV))) return 100;
    if (syscall(SYS_getppid) <= 0) return 101;  // allowed
    return QueryPersonality() == -1 ? errno : 102;
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), EXDEV);
}

volatile sig_atomic_t g_code = 0, g_syscall = -1, g_data = 0;
volatile unsigned g_arch = 0;
void OnSigsys(int, siginfo_t* si, void*) {
  g_code = si->si_code;
  g_syscall = si->si_syscall;
  g_arch = si->si_arch;
  g_data = si->si_errno;
}

TEST(InstallLiveTest, TrapRaisesSigsysNamingTheSyscall) {
  int status = RunInChild([] {
    struct sigaction sa {};
    sa.sa_sigaction = OnSigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, nullptr);
    if (!InstallFilter(DenyOne(SYS_personality, SECCOMP_RET_TRAP | 0x42))) return 100;
    QueryPersonality();
    // si_code SYS_SECCOMP is 1 (include/uapi/asm-generic/siginfo.h).
    if (g_code != 1) return 101;
    if (g_syscall != SYS_personality) return 102;
    if (g_arch != live::kNativeAudit) return 103;
    return g_data == 0x42 ? 0 : 104;
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(InstallLiveTest, KillProcessEndsWithSigsys) {
  int status = RunInChild([] {
    if (!InstallFilter(DenyOne(SYS_personality, SECCOMP_RET_KILL_PROCESS))) return 100;
    QueryPersonality();
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGSYS);
}

struct ThreadCtx {
  int fds[2];
  int err = -1;
};

void* CallAfterSignal(void* arg) {
  auto* ctx = static_cast<ThreadCtx*>(arg);
  char c;
  while (read(ctx->fds[0], &c, 1) < 0 && errno == EINTR) {
  }
  ctx->err = QueryPersonality() == -1 ? errno : 0;
  return nullptr;
}

// A thread started before the install calls personality after it; returns what it saw.
int OtherThreadErrno(bool tsync) {
  int status = RunInChild([tsync] {
    ThreadCtx ctx;
    if (pipe(ctx.fds) != 0) return 100;
    pthread_t t;
    if (pthread_create(&t, nullptr, CallAfterSignal, &ctx) != 0) return 101;
    InstallOptions options;
    options.tsync = tsync;
    bool ok =
        InstallFilter(DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EXDEV), options).has_value();
    if (write(ctx.fds[1], "x", 1) != 1) return 102;
    pthread_join(t, nullptr);
    return ok ? ctx.err : 103;
  });
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(InstallLiveTest, TsyncConfinesThreadsStartedBefore) {
  EXPECT_EQ(OtherThreadErrno(/*tsync=*/true), EXDEV);
  // The control: without TSYNC the older thread is not filtered.
  EXPECT_EQ(OtherThreadErrno(/*tsync=*/false), 0);
}

TEST(InstallLiveTest, KernelRejectsAnInvalidProgram) {
  int status = RunInChild([] {
    // A misaligned seccomp_data load: seccomp_check_filter() refuses it with EINVAL.
    std::vector<sock_filter> bad = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 1),
                                    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    auto r = InstallFilter(bad);
    if (r) return 100;
    if (r.error().code != ErrorCode::kKernel) return 101;
    return r.error().sys_errno;
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), EINVAL);
}

TEST(InstallLiveTest, FlagsTheKernelKnowsAreAccepted) {
  int status = RunInChild([] {
    InstallOptions options;
    options.log = true;
    options.spec_allow = true;
    auto r = InstallFilter(DenyOne(SYS_personality, SECCOMP_RET_ERRNO | EXDEV), options);
    if (!r) return 100 + (r.error().sys_errno & 0x3f);
    return QueryPersonality() == -1 ? errno : 0;
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), EXDEV);
}

TEST(InstallLiveTest, StrictModeAllowsWriteAndKillsTheRest) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int ok = RunInChild([&fds] {
    if (!EnterStrictMode()) return 100;
    syscall(SYS_write, fds[1], "ok", 2);
    syscall(SYS_exit, 7);  // exit_group is not in the strict set; exit is
    return 101;
  });
  ASSERT_TRUE(WIFEXITED(ok)) << ok;
  EXPECT_EQ(WEXITSTATUS(ok), 7);
  char buf[3] = {};
  ASSERT_EQ(read(fds[0], buf, 2), 2);
  EXPECT_STREQ(buf, "ok");
  close(fds[0]);
  close(fds[1]);

  int killed = RunInChild([] {
    if (!EnterStrictMode()) return 100;
    syscall(SYS_getpid);
    syscall(SYS_exit, 0);
    return 101;
  });
  ASSERT_TRUE(WIFSIGNALED(killed)) << killed;
  EXPECT_EQ(WTERMSIG(killed), SIGKILL);
}

}  // namespace
}  // namespace syscage::run
