// SPDX-License-Identifier: Apache-2.0
// trace::Backend: where events come from. PtraceBackend stops the tracee at each syscall,
// FakeBackend replays scripted events for sink tests. The tracer loop pulls events with Next()
// and hands each to the sinks; a backend keeps the thread of the last event stopped until the
// following Next(), so sinks can read its memory through memory().
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/trace/event.h"

namespace syscage::trace {

// What to trace: a command to launch, or running processes to attach to.
struct Target {
  std::vector<std::string> command;  // argv; argv[0] is searched in PATH like execvp
  std::vector<pid_t> attach_pids;    // -p: every thread of each process is attached
  bool follow_forks = false;         // -f: trace children and threads too
  // When set, a launched command runs under a SECCOMP_RET_TRACE filter that stops only for these
  // syscalls (per arch, as seccomp_data.nr), so the others run at full speed.
  struct SeccompSet {
    arch::Arch arch;
    std::vector<uint32_t> nrs;
  };
  std::optional<std::vector<SeccompSet>> seccomp;
  // Install the seccomp filter with PR_SET_NO_NEW_PRIVS (needed without CAP_SYS_ADMIN).
  bool seccomp_no_new_privs = false;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // Launches or attaches to `target`. kNotFound for a missing command or pid, kPermission when
  // ptrace is not allowed, kKernel for other refusals.
  virtual Result<> Start(const Target& target) = 0;
  // The next event; nullopt once no traced thread is left. kKernel/kInternal on failure.
  virtual Result<std::optional<Event>> Next() = 0;
  // Detaches from every traced thread (they keep running). Safe to call more than once.
  virtual void Stop() = 0;
  // Asks the backend, from a signal handler, to detach at the next opportunity: Next() then
  // returns kDetached events and finally nullopt. Async-signal-safe.
  virtual void RequestStop() = 0;
  // Access to the memory of stopped threads, for decoders.
  virtual TraceeMemory& memory() = 0;
  // The pid of the launched command (0 when attaching).
  virtual pid_t launched_pid() const = 0;
};

}  // namespace syscage::trace
