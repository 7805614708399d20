// SPDX-License-Identifier: Apache-2.0
// The eBPF counting backend of `syscage trace -c`: loads ebpf/count.bpf.c (tp_btf programs on
// sys_enter/sys_exit) and counts calls, errors and entry-to-exit time per (arch, syscall) for
// the traced tasks only, without ever stopping them. A launched command runs in a fresh cgroup
// v2 leaf with -f (everything it starts is counted) or is selected by its thread id without -f
// (strace then traces that thread only); -p PID selects by thread-group id, with -f following
// the processes they fork.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/result.h"

namespace syscage::record {

struct EbpfCountTarget {
  std::string path;                  // the resolved executable of `command`
  std::vector<std::string> command;  // argv (empty with attach_pids)
  std::vector<pid_t> attach_pids;    // -p
  bool follow_forks = false;         // -f
};

struct EbpfCountRow {
  arch::Arch arch = arch::Arch::kX86_64;
  uint32_t nr = 0;  // as seccomp_data.nr (x32 calls carry the x32 bit)
  uint64_t calls = 0;
  uint64_t errors = 0;  // return value in -4095..-1
  uint64_t nanos = 0;   // summed entry-to-exit time
};

struct EbpfCountResult {
  std::vector<EbpfCountRow> rows;
  int exit_status = 0;  // of a launched command
  int kill_signal = 0;  // a launched command was killed by this signal
};

class EbpfCounter {
 public:
  // Checks privileges, loads and attaches the programs and prepares the cgroup; nothing of the
  // target runs yet, so a caller can fall back to ptrace on failure. kUnsupportedArch off
  // x86_64, kPermission without CAP_BPF + CAP_PERFMON (or CAP_SYS_ADMIN), kNotFound for a
  // missing -p process, kKernel when the kernel refuses (no BTF, old kernel, no cgroup2).
  static Result<std::unique_ptr<EbpfCounter>> Open(const EbpfCountTarget& target);
  ~EbpfCounter();
  EbpfCounter(const EbpfCounter&) = delete;
  EbpfCounter& operator=(const EbpfCounter&) = delete;

  // Runs the command (or watches the -p processes) until every counted process has ended, then
  // reads the counts. SIGINT/SIGTERM/SIGHUP/SIGQUIT end a -p session (the processes keep
  // running); for a launched command they are passed on to it unless the terminal sent them to
  // it already, and the command is waited for, as strace does. kKernel.
  // `started` runs once the signal handlers are in place and counting has begun (the caller
  // prints strace's "Process N attached" there).
  Result<EbpfCountResult> Run(const std::function<void()>& started = {});

 private:
  struct Impl;
  explicit EbpfCounter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syscage::record
