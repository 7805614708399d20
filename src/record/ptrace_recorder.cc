// SPDX-License-Identifier: Apache-2.0
// The recorder sink over the ptrace engine of `syscage trace` (see ptrace_recorder.h). There is
// no second ptrace loop here: the backend stops the threads, this only pulls events and counts.
#include "syscage/record/ptrace_recorder.h"

#include <string>

#include "syscage/base/files.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/ptrace/ptrace_backend.h"

namespace syscage::record {
namespace {

std::string ProcessName(pid_t pid) {
  auto comm = ReadFile("/proc/" + std::to_string(pid) + "/comm");
  if (!comm) return "?";
  std::string s = *comm;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// The backend of the RecordWithPtrace call in progress, for RequestPtraceRecordStop.
std::atomic<trace::Backend*> g_active{nullptr};

}  // namespace

void RequestPtraceRecordStop() {
  trace::Backend* b = g_active.load();
  if (b != nullptr) b->RequestStop();
}

RecorderSink::RecorderSink(bool capture_args) : capture_args_(capture_args) {
  for (const auto& info : arch::AllArchs()) {
    for (auto name : kArgCaptureNames) {
      if (auto nr = syscalls::Resolve(info.arch, name)) capture_keys_.insert({info.arch, *nr});
    }
  }
}

void RecorderSink::OnEvent(const trace::Event& event) {
  switch (event.kind) {
    case trace::EventKind::kSyscallEntry: {
      recording_.Add(event.arch, event.nr);
      if (capture_args_ && capture_keys_.count({event.arch, event.nr}) != 0) {
        uint64_t v = event.args[0];
        // A 32-bit ABI passes 32-bit arguments; the filter compares the low word.
        if (arch::Info(event.arch).bits == 32 || event.arch == arch::Arch::kX32) {
          v &= 0xffffffffu;
        }
        recording_.arg0[{event.arch, event.nr}][v] += 1;
      }
      Caller& c = recording_.callers[event.pid];
      if (c.calls == 0) c.comm = ProcessName(event.pid);
      ++c.calls;
      break;
    }
    case trace::EventKind::kExec:
      recording_.callers[event.pid].comm = ProcessName(event.pid);
      break;
    default:
      break;
  }
}

Result<PtraceOutcome> RecordWithPtrace(const trace::Target& target, RecorderSink& sink,
                                       const std::atomic<bool>* stop) {
  trace::Target t = target;
  t.follow_forks = true;
  trace::PtraceBackend backend;
  RETURN_IF_ERROR(backend.Start(t));
  g_active.store(&backend);
  struct Clear {
    ~Clear() { g_active.store(nullptr); }
  } clear;
  PtraceOutcome outcome;
  bool stop_sent = false;
  while (true) {
    if (stop != nullptr && !stop_sent && stop->load()) {
      backend.RequestStop();
      stop_sent = true;
    }
    auto next = backend.Next();
    if (!next) {
      backend.Stop();
      return Fail(next.error());
    }
    if (!next->has_value()) break;
    const trace::Event& e = **next;
    sink.OnEvent(e);
    if (e.tid == backend.launched_pid() && e.pid == e.tid) {
      if (e.kind == trace::EventKind::kExited) {
        outcome.exited = true;
        outcome.exit_status = e.exit_status;
      } else if (e.kind == trace::EventKind::kKilled) {
        outcome.term_signal = e.signo;
      }
    }
  }
  backend.Stop();
  sink.Finish();
  return outcome;
}

}  // namespace syscage::record
