// SPDX-License-Identifier: Apache-2.0
// The strace-format printer sink: "name(args) = ret" lines with "[pid N]" prefixes, timestamps
// (-t/-tt/-ttt/-r), call times (-T), "<unfinished ...>"/"<... name resumed>" when threads
// interleave, "--- SIGX {...} ---", "+++ exited with N +++", and -e status= filtering (which
// holds each line back until the call returns, as strace does).
#pragma once

#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "syscage/trace/decode/decoder.h"
#include "syscage/trace/filter.h"
#include "syscage/trace/sink.h"

namespace syscage::trace {

enum class Timestamps { kNone, kSeconds /* -t */, kMicros /* -tt */, kEpoch /* -ttt */ };

struct PrinterOptions {
  decode::DecodeOptions decode;
  Timestamps timestamps = Timestamps::kNone;
  bool relative = false;         // -r
  bool syscall_times = false;    // -T
  bool follow_forks = false;     // -f
  bool to_file = false;          // -o FILE: with -f, lines start with "PID " instead of "[pid N]"
  bool flush_each_event = true;  // interactive output: flush so lines appear before the tracee's
  bool attach_messages = true;   // "Process N attached" on stderr
  StatusFilter status;
  SignalFilter signals;  // -e signal=
  // -ff with -o FILE: each thread's lines go to FILE.TID, without pid prefixes (strace's
  // followfork > 1). Empty: everything goes to the printer's FILE*.
  std::string per_thread_path;
};

class Printer final : public Sink {
 public:
  // `out` stays owned by the caller. `filter` and `memory` must outlive the printer.
  Printer(FILE* out, TraceeMemory& memory, const SyscallFilter& filter, PrinterOptions options);
  void OnEvent(const Event& event) override;
  void Finish() override;

 private:
  struct Line {
    std::string name;
    bool skip = false;     // not selected by -e trace=
    bool started = false;  // entry text already written (immediate mode)
    std::string held;      // entry text waiting for the return (status filter mode)
    timespec entry_mono{};
  };

  // -ff: makes `tid`'s file (opened on first use) the current output, saving the previous
  // thread's column and open line.
  void SelectOutput(pid_t tid);
  void ReleaseOutput(pid_t tid);
  void Write(std::string_view text);
  void CloseCurrent();
  std::string Prefix(const Event& e);
  void EndLine(const Event& e, Line& line, const std::string& exit_text, const std::string& ret);
  void FinishUnreturned(const Event& e, const char* why);
  void Message(const std::string& text);

  FILE* out_;
  decode::Decoder decoder_;
  const SyscallFilter& filter_;
  PrinterOptions opts_;
  std::unordered_map<pid_t, Line> lines_;
  std::unordered_set<pid_t> live_;
  std::unordered_map<pid_t, arch::Arch> personality_;
  std::unordered_map<pid_t, std::string> previous_call_;  // per thread, for restart_syscall
  pid_t current_ = 0;                                     // thread whose line is open on the output
  size_t column_ = 0;
  timespec last_line_{};
  bool deferred_ = false;
  struct ThreadOutput {
    FILE* file = nullptr;
    size_t column = 0;
    bool open_line = false;
  };
  std::unordered_map<pid_t, ThreadOutput> thread_outputs_;  // -ff
  pid_t output_tid_ = 0;
};

}  // namespace syscage::trace
