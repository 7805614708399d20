// SPDX-License-Identifier: Apache-2.0
// The -c sink: calls, errors and time per syscall, rendered in strace's columns
// ("% time     seconds  usecs/call     calls    errors syscall") sorted by time with a total
// line, or as JSON. Counting happens at syscall exit, as strace does (exit_group never returns
// and is not counted).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "syscage/base/result.h"
#include "syscage/trace/filter.h"
#include "syscage/trace/sink.h"

namespace syscage::trace {

enum class SortBy { kTime, kCalls, kErrors, kName, kNothing };

// Parses -S's argument: time|calls|errors|name|nothing (strace also accepts "count" and
// "syscall"). kInvalidArgument otherwise.
Result<SortBy> ParseSortBy(std::string_view s);

struct SyscallStats {
  uint64_t calls = 0;
  uint64_t errors = 0;
  uint64_t nanos = 0;
};

class Summary final : public Sink {
 public:
  // `wall`: -w (accepted for strace compatibility; times are always entry-to-exit).
  Summary(const SyscallFilter& filter, SortBy sort, bool wall)
      : filter_(filter), sort_(sort), wall_(wall) {}
  void OnEvent(const Event& event) override;

  // Adds counts gathered elsewhere (a counting backend that does not emit events, or a
  // recording): `nanos` is the total time.
  void Add(arch::Arch arch, std::string_view name, const SyscallStats& stats);
  // strace's table(s): one per arch, the native one first; non-native ones are headed
  // "System call usage summary for 32 bit mode:" like strace.
  std::string RenderText() const;
  // {"backend":..,"arches":[{"arch":"x86_64","syscalls":[{"name","calls","errors","seconds",
  //  "usecs_per_call","percent"}...],"total":{...}}]}
  std::string RenderJson(std::string_view backend) const;
  const std::map<std::pair<arch::Arch, std::string>, SyscallStats>& stats() const { return stats_; }

 private:
  const SyscallFilter& filter_;
  SortBy sort_;
  bool wall_;
  std::map<std::pair<arch::Arch, std::string>, SyscallStats> stats_;
  std::map<pid_t, timespec> entry_mono_;
};

}  // namespace syscage::trace
