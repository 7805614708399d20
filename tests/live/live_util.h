// SPDX-License-Identifier: Apache-2.0
// Helpers of the live tests: hand-assembled seccomp programs, forked children, testprogs.
#pragma once

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace syscage::live {

#if defined(__x86_64__)
inline constexpr uint32_t kNativeAudit = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
inline constexpr uint32_t kNativeAudit = AUDIT_ARCH_AARCH64;
#else
#error "live tests need the host's AUDIT_ARCH"
#endif

// A program written out by hand (not by syscage's compiler): kill other arches, return
// `action` for syscall `nr`, allow everything else.
inline std::vector<sock_filter> DenyOne(int nr, uint32_t action) {
  return {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kNativeAudit, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1),
      BPF_STMT(BPF_RET | BPF_K, action),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
}

// Runs `body` in a forked child whose exit status is body's return value; returns the wait
// status (-1 when fork failed).
inline int RunInChild(const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) _exit(body());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

inline std::string TestProg(const std::string& name) {
  return std::string(SYSCAGE_BINARY_DIR) + "/tests/testprogs/" + name;
}

// Whether this process may PTRACE_SEIZE its own child (Yama, containers may forbid it).
inline bool CanPtraceChildren() {
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  bool ok = ptrace(PTRACE_SEIZE, pid, nullptr, nullptr) == 0;
  kill(pid, SIGKILL);
  int status;
  while (waitpid(pid, &status, __WALL) > 0) {
  }
  return ok;
}

}  // namespace syscage::live
