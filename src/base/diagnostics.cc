// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/diagnostics.h"

#include <algorithm>

#include <fmt/core.h>

namespace syscage {

std::string SourceLoc::ToString() const {
  // fmt rather than string concatenation: GCC 12 at -O3 raises a false -Wrestrict on the latter.
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line == 0) return out;
  if (col == 0) return fmt::format("{}:{}", out, line);
  return fmt::format("{}:{}:{}", out, line, col);
}

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string Diagnostic::ToString() const {
  std::string out = loc.ToString() + ": " + SeverityName(severity) + ": " + message;
  if (!rule.empty()) out += " [" + rule + "]";
  for (const auto& hint : hints) out += "\n  hint: " + hint;
  return out;
}

Diagnostic& Diagnostics::Add(Severity severity, SourceLoc loc, std::string message,
                             std::string rule) {
  items_.push_back(Diagnostic{severity, std::move(loc), std::move(rule), std::move(message), {}});
  return items_.back();
}

bool Diagnostics::HasErrors() const { return Count(Severity::kError) > 0; }

size_t Diagnostics::Count(Severity severity) const {
  return static_cast<size_t>(std::count_if(
      items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const auto& d : items_) {
    if (!out.empty()) out += "\n";
    out += d.ToString();
  }
  return out;
}

}  // namespace syscage
