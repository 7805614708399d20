// SPDX-License-Identifier: Apache-2.0
// Diagnostics: findings about user input (profile syntax, unknown syscalls, lint), each tied to a
// source location. Passes add to them; only a pass that cannot continue returns an Error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syscage {

// A place in a user's file. line and col are 1-based; 0 means unknown. `path` is a JSON pointer
// or YAML path ("/syscalls/3/names/0") when the reader knows it.
struct SourceLoc {
  std::string file;
  uint32_t line = 0;
  uint32_t col = 0;
  std::string path;

  // "file:line:col" with the parts that are known, e.g. "p.json:3:7" or "p.json".
  std::string ToString() const;
  bool operator==(const SourceLoc&) const = default;
};

enum class Severity { kNote, kWarning, kError };

const char* SeverityName(Severity severity);

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string rule;  // lint rule id such as "unknown-syscall"; empty for plain errors
  std::string message;
  std::vector<std::string> hints;

  // "file:line:col: error: message [rule]\n  hint: ..." (one line plus one per hint).
  std::string ToString() const;
};

class Diagnostics {
 public:
  Diagnostic& Add(Severity severity, SourceLoc loc, std::string message, std::string rule = "");
  Diagnostic& Error(SourceLoc loc, std::string message) {
    return Add(Severity::kError, std::move(loc), std::move(message));
  }
  Diagnostic& Warning(SourceLoc loc, std::string message) {
    return Add(Severity::kWarning, std::move(loc), std::move(message));
  }

  bool HasErrors() const;
  size_t Count(Severity severity) const;
  const std::vector<Diagnostic>& all() const { return items_; }
  bool empty() const { return items_.empty(); }
  void Append(const Diagnostics& other);

  // All diagnostics, one ToString() each, newline-separated.
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace syscage
