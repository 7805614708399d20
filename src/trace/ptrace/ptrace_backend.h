// SPDX-License-Identifier: Apache-2.0
// PtraceBackend: the strace engine. PTRACE_SEIZE with TRACESYSGOOD and fork/vfork/clone/exec/
// exit events, PTRACE_GET_SYSCALL_INFO for entry/exit and the call's own arch, group-stops
// through PTRACE_LISTEN, every signal re-injected, -p attaching every thread, and a clean detach
// that leaves the tracees running. With Target::seccomp it stops only at SECCOMP_RET_TRACE calls.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <atomic>
#include <deque>
#include <memory>
#include <unordered_map>

#include "syscage/trace/backend.h"

namespace syscage::trace {

class PtraceBackend final : public Backend {
 public:
  PtraceBackend();
  ~PtraceBackend() override;

  Result<> Start(const Target& target) override;
  Result<std::optional<Event>> Next() override;
  void Stop() override;
  void RequestStop() override;
  TraceeMemory& memory() override;
  pid_t launched_pid() const override { return launched_; }

 private:
  struct Thread {
    pid_t tgid = 0;
    bool in_syscall = false;  // between an entry we reported and its exit
    bool hidden = false;      // launched child before its execve: stops are not reported
    Event entry;              // the entry of the call in progress
  };
  struct Hold {
    pid_t tid = 0;
    int request = 0;  // PTRACE_SYSCALL / PTRACE_CONT / PTRACE_LISTEN
    int sig = 0;
  };

  Result<> Launch(const Target& target);
  Result<> AttachProcess(pid_t pid);
  Thread& NewThread(pid_t tid);
  int ResumeRequest(const Thread& t) const;
  void Resume(pid_t tid, int request, int sig);
  // Turns one waitpid status into zero or more events (queued in pending_).
  void HandleStatus(pid_t tid, int status);
  void HandleSyscallStop(pid_t tid, Thread& t, const timespec& wall, const timespec& mono);
  void DetachAll();
  Event MakeEvent(EventKind kind, pid_t tid, const Thread& t, const timespec& wall,
                  const timespec& mono) const;

  bool follow_ = false;
  bool seccomp_ = false;
  pid_t launched_ = 0;
  bool launched_reaped_ = false;
  bool detached_ = false;
  std::atomic<bool> stop_requested_{false};
  std::unordered_map<pid_t, Thread> threads_;
  std::deque<Event> pending_;
  std::optional<Hold> hold_;
  std::unique_ptr<TraceeMemory> memory_;
};

}  // namespace syscage::trace
