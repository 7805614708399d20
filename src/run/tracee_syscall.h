// SPDX-License-Identifier: Apache-2.0
// Reading and changing the system call of a ptrace-stopped thread, for the supervisor of
// RunConfined: which call (arch, number, arguments) a thread stopped in, and skipping a call
// with a chosen errno. Arch-independent where the kernel offers it (PTRACE_GET_SYSCALL_INFO,
// /proc/TID/syscall); register access only where nothing else exists.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>

namespace syscage::run {

struct StoppedCall {
  uint32_t audit_arch = 0;  // 0 when unknown
  int64_t nr = -1;          // -1 when unknown (or not in a system call)
  std::array<uint64_t, 6> args{};
  bool args_known = false;
};

// The call of a thread in a PTRACE_EVENT_SECCOMP stop (PTRACE_GET_SYSCALL_INFO, op SECCOMP).
StoppedCall CallAtSeccompStop(pid_t tid);

// The call a thread was making when seccomp trapped or killed it (a SIGSYS signal-delivery-stop
// or a PTRACE_EVENT_EXIT stop). There PTRACE_GET_SYSCALL_INFO reports op NONE (not a syscall
// stop) and gives only the arch; seccomp's syscall_rollback left the number and arguments in
// the registers, which /proc/TID/syscall reads on any arch (syscall_get_nr/_arguments). The
// number falls back to the registers on x86_64 (orig_rax) and aarch64 (NT_ARM_SYSTEM_CALL).
StoppedCall CallAtSignalOrExitStop(pid_t tid);

// Skips the system call `tid` is stopped at (PTRACE_EVENT_SECCOMP) and makes it return
// -err. Implemented for x86_64 (any ABI: orig_rax = -1, rax = -err) and aarch64 hosts; false
// elsewhere or when ptrace refuses.
bool SkipCallWithErrno(pid_t tid, int err);

// Whether SkipCallWithErrno is implemented on this host.
bool CanSkipCalls();

// The thread group of `tid` (/proc/TID/status Tgid); `tid` when unknown.
pid_t ThreadGroupOf(pid_t tid);

}  // namespace syscage::run
