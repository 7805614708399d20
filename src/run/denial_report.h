// SPDX-License-Identifier: Apache-2.0
// The lines `syscage run --report / --complain` print for each denied call, and the summary at
// exit. One line per call on stderr, as it happens:
//   syscage: report: mkdir("hello", 0777) [x86_64 nr 83] pid 4242: SCMP_ACT_ERRNO(EPERM), returned
//   EPERM syscage: complain: mkdir("hello", 0777) [x86_64 nr 83] pid 4242: SCMP_ACT_ERRNO(EPERM),
//   allowed
// or one JSON object per line with --json. The summary names every denied syscall with its count:
//   syscage: report: 3 denied calls: mkdir x2, mkdir (x86) x1
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "syscage/run/denials.h"

namespace syscage::run {

// "report" / "complain" / "enforce".
const char* DenialModeName(DenialMode mode);

// The arch name of a call ("x86_64", "x86", "x32", "aarch64"...): x32 calls arrive with
// x86_64's audit value and the x32 bit in nr. "arch 0x..." for an unknown audit value.
std::string CallArchName(uint32_t audit_arch, int64_t nr);
// The syscall's name on that arch, or "syscall_NR" when syscage's table has no name for it.
std::string CallSyscallName(uint32_t audit_arch, int64_t nr);
// "SCMP_ACT_ERRNO(EPERM)", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP(7)", "SCMP_ACT_TRACE(1)";
// "seccomp kill" when the action is unknown.
std::string ActionText(const DeniedCall& call);

// The text line (without a newline). `decoded` is the call with its arguments
// ("mkdir(\"x\", 0777)"); empty prints the name and the raw arguments in hex.
std::string FormatDenial(const DeniedCall& call, DenialMode mode, std::string_view decoded);
// The same as one JSON object: {"type":"denied","mode":"report","syscall":"mkdir","nr":83,
// "arch":"x86_64","pid":..,"tid":..,"action":"SCMP_ACT_ERRNO","errno":"EPERM",
// "outcome":"errno","args":["0x..",...],"call":"mkdir(...)"}.
std::string FormatDenialJson(const DeniedCall& call, DenialMode mode, std::string_view decoded);

// Counts denied calls per (arch, syscall) for the summary at exit.
class DenialSummary {
 public:
  void Add(const DeniedCall& call);
  uint64_t total() const { return total_; }
  // "syscage: report: no denied calls" / "syscage: report: 3 denied calls: mkdir x2, ...",
  // most frequent first, the arch named when it is not the host's.
  std::string Text(DenialMode mode) const;
  // {"type":"summary","mode":"report","denied":3,"syscalls":[{"syscall":..,"arch":..,"nr":..,
  // "count":..}]}
  std::string Json(DenialMode mode) const;

 private:
  struct Key {
    std::string arch;
    std::string name;
    int64_t nr;
    bool operator<(const Key& o) const {
      return std::tie(arch, name, nr) < std::tie(o.arch, o.name, o.nr);
    }
  };
  std::map<Key, uint64_t> counts_;
  uint64_t total_ = 0;
};

}  // namespace syscage::run
