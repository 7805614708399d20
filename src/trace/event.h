// SPDX-License-Identifier: Apache-2.0
// The event stream every trace backend produces and every sink (printer, summary, recorder)
// consumes. One Event is one stop of one thread: a syscall entry or exit, a signal, a group-stop,
// an exec, a new child, or the end of a thread.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <string>

#include "syscage/arch/arch.h"

namespace syscage::trace {

enum class EventKind : uint8_t {
  kSyscallEntry,  // args valid; the thread is stopped before the kernel runs the call
  kSyscallExit,   // nr/args repeated from the entry, retval valid
  kSignal,        // signal-delivery-stop: siginfo valid; the signal is delivered on resume
  kGroupStop,     // the thread entered a group-stop (SIGSTOP/SIGTSTP...): signo valid
  kExec,          // successful execve: former_tid is the thread that called it
  kNewChild,      // a traced thread created `child` (fork/vfork/clone with -f)
  kAttached,      // a thread became traced (-p attach, or an -f child's first stop)
  kExited,        // the thread (or process, when tid == pid) ended: exit_status valid
  kKilled,        // the process was killed by signo (core_dumped says if it dumped core)
  kDetached,      // the tracer let the thread go (Stop(), SIGINT/SIGTERM); it keeps running
};

struct Event {
  EventKind kind = EventKind::kSyscallEntry;
  pid_t tid = 0;  // the thread that stopped
  pid_t pid = 0;  // its thread group (process) id
  // The syscall's own arch from PTRACE_GET_SYSCALL_INFO: an i386 program on x86_64 is kX86, an
  // x32 call (nr carries __X32_SYSCALL_BIT) is kX32.
  arch::Arch arch = arch::Arch::kX86_64;
  uint32_t nr = 0;  // as seccomp_data.nr (x32 bit included)
  std::array<uint64_t, 6> args{};
  uint64_t stack_pointer = 0;  // at entry (rt_sigreturn's frame sits there)
  int64_t retval = 0;          // exit: the raw return value (negative errno when is_error)
  bool is_error = false;       // exit: the kernel reported -errno
  // kSignal: the siginfo of the signal (PTRACE_GETSIGINFO). kGroupStop/kKilled: signo only.
  siginfo_t siginfo{};
  int signo = 0;
  int exit_status = 0;  // kExited
  bool core_dumped = false;
  pid_t child = 0;       // kNewChild
  pid_t former_tid = 0;  // kExec
  // When the stop was seen: CLOCK_REALTIME for -t/-tt/-ttt, CLOCK_MONOTONIC for -r/-T/-w.
  timespec wall{};
  timespec mono{};
};

// Reads a traced thread's memory and descriptors while it is stopped at the event just returned
// by Backend::Next() (the thread stays stopped until the next Next() call).
class TraceeMemory {
 public:
  virtual ~TraceeMemory() = default;
  // Copies up to `len` bytes at `addr` of thread `tid` into `out`. Returns the number of bytes
  // read (0 when the address is unmapped).
  virtual size_t Read(pid_t tid, uint64_t addr, void* out, size_t len) = 0;
  // The path fd `fd` of process `pid` refers to (readlink of /proc/PID/fd/FD; AT_FDCWD gives the
  // working directory); empty if unknown.
  virtual std::string FdPath(pid_t pid, int fd) = 0;
};

}  // namespace syscage::trace
