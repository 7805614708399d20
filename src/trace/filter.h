// SPDX-License-Identifier: Apache-2.0
// strace's qualifiers: -e trace=SET (names, %classes, !negation, /regex, all, none, ?name) and
// -e status=SET (-z/-Z). Matching is by name, so one filter serves every arch; NumbersFor()
// turns it into seccomp_data.nr values for the --seccomp-bpf filter.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/result.h"

namespace syscage::trace {

class SyscallFilter {
 public:
  // Everything selected.
  SyscallFilter() = default;
  // Parses the values of every -e trace= (without "trace="), combined by union as strace does.
  // kInvalidArgument "invalid system call 'x'" (with a suggestion) for an unknown name, or for a
  // bad class or regex.
  static Result<SyscallFilter> Parse(const std::vector<std::string>& exprs);

  bool Matches(std::string_view name) const;
  // True when no -e trace= narrowed the set.
  bool IsAll() const { return all_; }
  // seccomp_data.nr of every selected syscall on `arch` (sorted).
  std::vector<uint32_t> NumbersFor(arch::Arch arch) const;

 private:
  bool all_ = true;
  std::set<std::string, std::less<>> names_;
};

// -e status=: which finished calls to print.
struct StatusFilter {
  bool successful = true;
  bool failed = true;
  bool unfinished = true;   // never returned (exit_group, killed in a call)
  bool unavailable = true;  // return value not known
  bool detached = true;
  // Parses "successful,failed" / "!failed" / "all" / "none". kInvalidArgument when unknown.
  static Result<StatusFilter> Parse(std::string_view expr);
  bool IsAll() const { return successful && failed && unfinished && unavailable && detached; }
};

// -e signal=: which signal-delivery lines ("--- SIGCHLD {...} ---") to print. Filtering only
// hides lines: every signal is still delivered.
struct SignalFilter {
  uint64_t shown = ~uint64_t{0};  // bit s-1 for signal s (1..64)
  // Parses "SIGCHLD,usr1,9" / "!SIGCHLD" / "all" / "none", as strace does. kInvalidArgument
  // when a name or number is unknown.
  static Result<SignalFilter> Parse(std::string_view expr);
  bool Shows(int sig) const { return sig >= 1 && sig <= 64 && ((shown >> (sig - 1)) & 1) != 0; }
};

}  // namespace syscage::trace
