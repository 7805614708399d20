// SPDX-License-Identifier: Apache-2.0
// The enforcer's first stage: no_new_privs + seccomp(2). Everything before fork/exec-safe
// InstallFilterRaw may allocate; InstallFilterRaw itself only makes system calls.
#include "syscage/run/install.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "syscage/base/seccomp_abi.h"

namespace syscage::run {
namespace {

using seccomp_abi::kFlagLog;
using seccomp_abi::kFlagNewListener;
using seccomp_abi::kFlagSpecAllow;
using seccomp_abi::kFlagTsync;
using seccomp_abi::kFlagTsyncEsrch;
using seccomp_abi::kFlagWaitKillableRecv;
// SECCOMP_RET_* this file needs (run/ does not depend on bpf/, whose program.h has them all).
constexpr unsigned kRetUserNotif = 0x7fc00000u;
constexpr unsigned kRetActionFull = 0xffff0000u;
// Seccomp programs are limited to BPF_MAXINSNS instructions (include/uapi/linux/bpf_common.h).
constexpr size_t kMaxInsns = 4096;

}  // namespace

bool ProgramHasNotify(std::span<const sock_filter> program) {
  for (const auto& insn : program) {
    if (BPF_CLASS(insn.code) == BPF_RET && BPF_RVAL(insn.code) == BPF_K &&
        (insn.k & kRetActionFull) == kRetUserNotif) {
      return true;
    }
  }
  return false;
}

Result<unsigned> SeccompFlags(const InstallOptions& options, std::span<const sock_filter> program) {
  bool listener = options.new_listener.value_or(ProgramHasNotify(program));
  unsigned flags = 0;
  if (options.tsync) flags |= kFlagTsync;
  if (options.log) flags |= kFlagLog;
  if (options.spec_allow) flags |= kFlagSpecAllow;
  if (listener) flags |= kFlagNewListener;
  // The kernel refuses TSYNC with NEW_LISTENER unless TSYNC failures report -ESRCH (5.7+),
  // because both would use the positive return value.
  if (options.tsync && listener) flags |= kFlagTsyncEsrch;
  if (options.wait_killable_recv) {
    if (!listener) {
      return Fail(ErrorCode::kInvalidArgument,
                  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs a notify listener");
    }
    flags |= kFlagWaitKillableRecv;
  }
  return flags;
}

long InstallFilterRaw(const sock_fprog& prog, unsigned flags, bool no_new_privs) noexcept {
  if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
  long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (r < 0) return -errno;
  // Without NEW_LISTENER a positive value is the tid of a thread TSYNC could not move.
  if (r > 0 && !(flags & kFlagNewListener)) return -ESRCH;
  return r;
}

Result<int> InstallFilter(std::span<const sock_filter> program, const InstallOptions& options) {
  if (program.empty()) return Fail(ErrorCode::kInvalidArgument, "empty seccomp program");
  if (program.size() > kMaxInsns) {
    return Fail(ErrorCode::kLimitExceeded, "seccomp program of " + std::to_string(program.size()) +
                                               " instructions exceeds BPF_MAXINSNS (4096)");
  }
  ASSIGN_OR_RETURN(unsigned flags, SeccompFlags(options, program));
  sock_fprog prog{static_cast<unsigned short>(program.size()),
                  const_cast<sock_filter*>(program.data())};
  long r = InstallFilterRaw(prog, flags, options.no_new_privs);
  if (r < 0) {
    int err = static_cast<int>(-r);
    if (err == ESRCH && options.tsync) {
      return Fail(ErrorCode::kKernel, "TSYNC could not synchronise every thread", err);
    }
    return Fail(err == EACCES ? ErrorCode::kPermission : ErrorCode::kKernel,
                "seccomp(SECCOMP_SET_MODE_FILTER)", err);
  }
  return (flags & kFlagNewListener) ? static_cast<int>(r) : -1;
}

Result<> EnterStrictMode() {
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, nullptr) != 0) {
    return Fail(ErrorCode::kKernel, "seccomp(SECCOMP_SET_MODE_STRICT)", errno);
  }
  return Ok{};
}

}  // namespace syscage::run
