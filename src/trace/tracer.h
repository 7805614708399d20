// SPDX-License-Identifier: Apache-2.0
// `syscage trace` as one library call: the options struct the CLI fills from strace's flags,
// and RunTrace(), which picks a backend, wires the sinks (printer, -c summary) and pulls events
// until every tracee is gone or the user interrupts.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/trace/printer.h"
#include "syscage/trace/summary.h"

namespace syscage::trace {

enum class SeccompMode { kAuto, kOn, kOff };
// Which backend counts for -c. RunTrace itself always uses ptrace; the eBPF counter lives in
// syscage::record (EbpfCounter), which the CLI tries first for -c when this is kAuto.
enum class CountBackend { kAuto, kPtrace };

struct TraceOptions {
  std::vector<std::string> command;
  std::vector<pid_t> attach_pids;
  bool follow_forks = false;
  bool count = false;            // -c: summary only
  bool count_and_print = false;  // -C: summary and lines
  SortBy sort = SortBy::kTime;
  bool wall_time = false;  // -w
  bool json = false;       // summary as JSON
  CountBackend count_backend = CountBackend::kAuto;
  std::vector<std::string> trace_exprs;  // -e trace=
  std::string status_expr;               // -e status= (-z/-Z map here); empty = all
  std::string signal_expr;               // -e signal=; empty = all
  std::string output_file;               // -o
  bool output_per_thread = false;        // -ff with -o: FILE.TID per thread
  PrinterOptions printer;  // follow_forks/to_file/status are set by RunTrace from the above
  SeccompMode seccomp = SeccompMode::kAuto;
};

struct TraceOutcome {
  int exit_status = 0;  // the launched command's exit status (0 when attaching)
  int kill_signal = 0;  // the launched command was killed by this signal (strace re-raises it)
  std::string backend;  // "ptrace"
};

// Runs a whole trace session. kInvalidArgument for bad filters or options, kNotFound for a
// missing command or pid, kPermission when ptrace/bpf is not allowed, kKernel otherwise.
Result<TraceOutcome> RunTrace(const TraceOptions& options);

}  // namespace syscage::trace
