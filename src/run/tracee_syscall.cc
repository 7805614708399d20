// SPDX-License-Identifier: Apache-2.0
#include "syscage/run/tracee_syscall.h"

#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include <cstdlib>
#include <string>

#include "syscage/base/files.h"

namespace syscage::run {
namespace {

bool GetSyscallInfo(pid_t tid, __ptrace_syscall_info& info) {
  info = {};
  return ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) > 0;
}

// The number seccomp saw, from the registers (after syscall_rollback it is still there).
int64_t NumberFromRegisters(pid_t tid) {
#if defined(__x86_64__)
  // PTRACE_GETREGS, not GETREGSET: GETREGSET uses the tracee's view, which for an i386 program
  // is the 32-bit register layout; GETREGS always uses the (64-bit) tracer's.
  user_regs_struct regs{};
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return -1;
  return static_cast<int64_t>(static_cast<int32_t>(regs.orig_rax));
#elif defined(__aarch64__)
  int nr = -1;
  iovec iov{&nr, sizeof(nr)};
  if (ptrace(PTRACE_GETREGSET, tid, NT_ARM_SYSTEM_CALL, &iov) != 0) return -1;
  return nr;
#else
  (void)tid;
  return -1;
#endif
}

// /proc/TID/syscall: "NR ARG1 .. ARG6 SP PC" while the thread is stopped in a call, "-1 SP PC"
// when it is not, "running" when it runs.
bool ParseProcSyscall(pid_t tid, StoppedCall& call) {
  auto text = ReadFile("/proc/" + std::to_string(tid) + "/syscall");
  if (!text) return false;
  const char* p = text->c_str();
  char* end = nullptr;
  long long nr = std::strtoll(p, &end, 10);
  if (end == p || nr < 0) return false;
  std::array<uint64_t, 6> args{};
  for (auto& a : args) {
    p = end;
    a = std::strtoull(p, &end, 16);
    if (end == p) return false;
  }
  call.nr = nr;
  call.args = args;
  call.args_known = true;
  return true;
}

}  // namespace

StoppedCall CallAtSeccompStop(pid_t tid) {
  StoppedCall call;
  __ptrace_syscall_info info{};
  if (GetSyscallInfo(tid, info)) {
    call.audit_arch = info.arch;
    if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
      call.nr = static_cast<int64_t>(static_cast<int32_t>(info.seccomp.nr));
      for (size_t i = 0; i < call.args.size(); ++i) call.args[i] = info.seccomp.args[i];
      call.args_known = true;
      return call;
    }
  }
  if (!ParseProcSyscall(tid, call)) call.nr = NumberFromRegisters(tid);
  return call;
}

StoppedCall CallAtSignalOrExitStop(pid_t tid) {
  StoppedCall call;
  __ptrace_syscall_info info{};
  if (GetSyscallInfo(tid, info)) call.audit_arch = info.arch;
  if (!ParseProcSyscall(tid, call)) call.nr = NumberFromRegisters(tid);
  return call;
}

bool CanSkipCalls() {
#if defined(__x86_64__) || defined(__aarch64__)
  return true;
#else
  return false;
#endif
}

bool SkipCallWithErrno(pid_t tid, int err) {
#if defined(__x86_64__)
  // One register layout for every ABI of the task: PTRACE_GETREGS/SETREGS use the 64-bit
  // tracer's view of pt_regs even for an i386 program (GETREGSET would use the tracee's 32-bit
  // one), and orig_rax = -1 skips an i386 or x32 call as well (the number is checked signed).
  user_regs_struct regs{};
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return false;
  regs.orig_rax = static_cast<unsigned long long>(-1LL);
  regs.rax = static_cast<unsigned long long>(-static_cast<long long>(err));
  return ptrace(PTRACE_SETREGS, tid, nullptr, &regs) == 0;
#elif defined(__aarch64__)
  user_regs_struct regs{};
  iovec iov{&regs, sizeof(regs)};
  if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) != 0) return false;
  regs.regs[0] = static_cast<unsigned long long>(-static_cast<long long>(err));
  if (ptrace(PTRACE_SETREGSET, tid, NT_PRSTATUS, &iov) != 0) return false;
  int skip = -1;
  iovec nr_iov{&skip, sizeof(skip)};
  return ptrace(PTRACE_SETREGSET, tid, NT_ARM_SYSTEM_CALL, &nr_iov) == 0;
#else
  (void)tid;
  (void)err;
  return false;
#endif
}

pid_t ThreadGroupOf(pid_t tid) {
  auto status = ReadFile("/proc/" + std::to_string(tid) + "/status");
  if (!status) return tid;
  size_t at = status->find("\nTgid:");
  if (at == std::string::npos) return tid;
  return static_cast<pid_t>(std::strtol(status->c_str() + at + 6, nullptr, 10));
}

}  // namespace syscage::run
