// SPDX-License-Identifier: Apache-2.0
// Helpers for the live trace tests: where the test programs are, whether ptrace works here, and
// running a command to completion with its output.
#pragma once

#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace syscage::trace::testing {

inline std::string Prog(const std::string& name) {
  return std::string(SYSCAGE_BINARY_DIR) + "/tests/trace/" + name;
}

inline std::string SyscageBinary() { return std::string(SYSCAGE_BINARY_DIR) + "/src/cli/syscage"; }

// True when this process may ptrace a child (CAP_SYS_PTRACE or yama scope, seccomp policies of
// a container may forbid it).
inline bool PtraceAllowed() {
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  bool ok = ptrace(PTRACE_SEIZE, pid, 0, 0) == 0;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return ok;
}

// Runs `cmd` with /bin/sh; returns its exit status (or -1) and its stdout in `out`.
inline int Shell(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) text.append(buf, n);
  int status = pclose(p);
  if (out != nullptr) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace syscage::trace::testing
