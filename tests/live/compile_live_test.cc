// SPDX-License-Identifier: Apache-2.0
// The compiler's output against the real kernel (label `live`): forked children set
// no_new_privs, install a compiled filter with seccomp(2), make one system call, and the outcome
// the kernel produced (return value and errno, or death by SIGSYS) must be the one syscage's
// interpreter predicts for the same seccomp_data.
#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>

#include <gtest/gtest.h>

#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"

namespace syscage {
namespace {

using profile::ActionKind;
using profile::CmpOp;

struct Outcome {
  bool signaled = false;
  int signal = 0;
  long ret = 0;
  int err = 0;
};

// Runs syscall(nr, args) in a child confined by `program`.
Outcome RunConfined(const bpf::Program& program, long nr, std::array<uint64_t, 6> args) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    sock_fprog prog{static_cast<unsigned short>(program.size()),
                    const_cast<sock_filter*>(program.data())};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(100);
    }
    long r = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
    const int e = r == -1 ? errno : 0;
    long msg[2] = {r, e};
    if (write(fds[1], msg, sizeof(msg)) != sizeof(msg)) _exit(101);
    _exit(0);
  }
  close(fds[1]);
  Outcome out;
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    out.signaled = true;
    out.signal = WTERMSIG(status);
  } else {
    long msg[2] = {0, 0};
    if (read(fds[0], msg, sizeof(msg)) == sizeof(msg)) {
      out.ret = msg[0];
      out.err = static_cast<int>(msg[1]);
    } else {
      out.err = -WEXITSTATUS(status);
    }
  }
  close(fds[0]);
  return out;
}

profile::SyscallRule Rule(std::vector<std::string> names, ActionKind action,
                          std::optional<uint32_t> errno_ret = std::nullopt,
                          std::vector<profile::ArgCondition> args = {}) {
  profile::SyscallRule r;
  r.names = std::move(names);
  r.action = action;
  r.errno_ret = errno_ret;
  r.args = std::move(args);
  return r;
}

profile::ArgCondition Cond(uint32_t index, CmpOp op, uint64_t value) {
  profile::ArgCondition c;
  c.index = index;
  c.op = op;
  c.value = value;
  return c;
}

void ExpectKernelAgrees(const profile::Profile& p, long nr, std::array<uint64_t, 6> args) {
  Diagnostics diags;
  bpf::CompileOptions opts;
  opts.arches = {arch::NativeArch()};
  auto filter = bpf::Pipeline::Compile(p, opts, diags);
  ASSERT_TRUE(filter.has_value()) << filter.error().message;
  seccomp_data data{};
  data.nr = static_cast<int>(nr);
  data.arch = arch::Info(arch::NativeArch()).audit_arch;
  std::copy(args.begin(), args.end(), data.args);
  const uint32_t predicted = bpf::NormalizeAction(*bpf::Evaluate(filter->program, data));
  const Outcome got = RunConfined(filter->program, nr, args);
  const std::string what = "nr " + std::to_string(nr) + " predicted " + bpf::ActionName(predicted);
  ASSERT_GE(got.err, 0) << what << ": child failed to install the filter";
  switch (predicted & bpf::kRetActionFull) {
    case bpf::kRetAllow:
    case bpf::kRetLog:
      EXPECT_FALSE(got.signaled) << what;
      EXPECT_NE(got.ret, -1) << what << " errno " << got.err;
      break;
    case bpf::kRetErrno:
      EXPECT_FALSE(got.signaled) << what;
      EXPECT_EQ(got.ret, -1) << what;
      EXPECT_EQ(got.err, static_cast<int>(predicted & bpf::kRetData)) << what;
      break;
    case bpf::kRetTrace:  // no tracer attached: the kernel fails the call with ENOSYS
      EXPECT_EQ(got.ret, -1) << what;
      EXPECT_EQ(got.err, ENOSYS) << what;
      break;
    default:  // TRAP, KILL_THREAD, KILL_PROCESS: the single-threaded child dies of SIGSYS
      EXPECT_TRUE(got.signaled) << what;
      EXPECT_EQ(got.signal, SIGSYS) << what;
      break;
  }
}

#if defined(__x86_64__)

// Permissive default, one action of each kind on harmless syscalls.
TEST(CompileLiveTest, EveryActionOnTheKernel) {
  profile::Profile p;
  p.default_action = ActionKind::kAllow;
  p.syscalls = {
      Rule({"getppid"}, ActionKind::kErrno, 13),
      Rule({"getuid"}, ActionKind::kTrap),
      Rule({"getgid"}, ActionKind::kKillProcess),
      Rule({"geteuid"}, ActionKind::kKill),
      Rule({"getegid"}, ActionKind::kLog),
      Rule({"getpgrp"}, ActionKind::kTrace),
      Rule({"personality"}, ActionKind::kErrno, 22, {Cond(0, CmpOp::kNe, 0xffffffffull)}),
  };
  for (long nr :
       {SYS_getpid, SYS_getppid, SYS_getuid, SYS_getgid, SYS_geteuid, SYS_getegid, SYS_getpgrp}) {
    ExpectKernelAgrees(p, nr, {});
  }
  // personality(0xffffffff) only queries; a value with a high word set is a different 64-bit
  // argument to seccomp even though the syscall itself reads an unsigned int.
  ExpectKernelAgrees(p, SYS_personality, {0xffffffffull});
  ExpectKernelAgrees(p, SYS_personality, {0x1ffffffffull});
  ExpectKernelAgrees(p, SYS_personality, {8});
}

// A Docker-like allow-list: the runc -ENOSYS stub and the default errno reach the caller.
TEST(CompileLiveTest, AllowListDefaultAndEnosys) {
  profile::Profile p;
  p.default_action = ActionKind::kErrno;
  p.syscalls = {
      Rule({"write", "exit_group", "exit", "rt_sigreturn", "rt_sigprocmask", "mmap", "munmap",
            "brk", "futex", "getpid", "sigaltstack", "madvise"},
           ActionKind::kAllow),
      Rule({"personality"}, ActionKind::kAllow, std::nullopt, {Cond(0, CmpOp::kEq, 8)}),
      Rule({"mkdir", "mkdirat"}, ActionKind::kErrno, 1),
      Rule({"clone3"}, ActionKind::kErrno, 38),
  };
  ExpectKernelAgrees(p, SYS_getpid, {});
  ExpectKernelAgrees(p, SYS_getppid, {});  // default ERRNO(EPERM)
  ExpectKernelAgrees(p, SYS_mkdirat, {});  // ERRNO(1)
  ExpectKernelAgrees(p, 1000, {});         // above clone3 (435): ENOSYS
  ExpectKernelAgrees(p, SYS_personality, {8});
  ExpectKernelAgrees(p, SYS_personality, {0x100000008ull});
  // An x32 number under an x86_64-only filter is a bad-arch call: killed.
  ExpectKernelAgrees(p, 0x40000000 | SYS_getpid, {});
}

#endif

}  // namespace
}  // namespace syscage
