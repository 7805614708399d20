// SPDX-License-Identifier: Apache-2.0
// The ptrace path of `syscage record`: a trace::Sink that turns the trace engine's event stream
// into a Recording, and RecordWithPtrace, which drives trace::PtraceBackend (-f) with that sink.
// Used when eBPF cannot load (--backend auto) or on request (--backend ptrace).
#pragma once

#include <atomic>
#include <set>

#include "syscage/base/result.h"
#include "syscage/record/recording.h"
#include "syscage/trace/backend.h"
#include "syscage/trace/sink.h"

namespace syscage::record {

// Counts every syscall entry by (arch, nr); with `capture_args`, also the first argument of
// kArgCaptureNames; per-process counts for the report.
class RecorderSink final : public trace::Sink {
 public:
  explicit RecorderSink(bool capture_args);
  void OnEvent(const trace::Event& event) override;
  const Recording& recording() const { return recording_; }
  Recording& recording() { return recording_; }

 private:
  bool capture_args_;
  std::set<SyscallKey> capture_keys_;
  Recording recording_;
};

// How the launched command ended (when there was one).
struct PtraceOutcome {
  bool exited = false;
  int exit_status = 0;
  int term_signal = 0;
};

// Async-signal-safe: asks the RecordWithPtrace call in progress (if any) to detach and return.
void RequestPtraceRecordStop();

// Traces `target` (follow_forks forced on) into `sink` until no tracee is left or `*stop` turns
// true (then detaches, leaving the tracees running). Errors as trace::Backend::Start: kNotFound
// for a missing command or pid, kPermission when ptrace is refused, kKernel otherwise.
Result<PtraceOutcome> RecordWithPtrace(const trace::Target& target, RecorderSink& sink,
                                       const std::atomic<bool>* stop);

}  // namespace syscage::record
