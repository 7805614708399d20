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
  pid_t current_ = 0;  // thread whose line is open on the output
  size_t column_ = 0;
  timespec last_line_{};
  bool deferred_ = false;
};

}  // namespace syscage::trace
