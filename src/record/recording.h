// SPDX-License-Identifier: Apache-2.0
// What a recording observed, whichever backend made it: per (arch, syscall nr) call counts, the
// first argument of the few syscalls --args turns into rules, and per-process call counts for the
// report. The eBPF backend fills it from its maps, the ptrace recorder sink from the event stream;
// profile_writer.h turns it into a profile.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "syscage/arch/arch.h"

namespace syscage::record {

// (arch of the call, seccomp_data.nr): x32 calls are kX32 with the 0x40000000 bit in nr.
using SyscallKey = std::pair<arch::Arch, uint32_t>;

struct Caller {
  std::string comm;  // the process name (after its last execve)
  uint64_t calls = 0;
};

struct Recording {
  std::map<SyscallKey, uint64_t> counts;
  // --args: first-argument values seen for the syscalls in ArgCaptureNames(), with counts.
  std::map<SyscallKey, std::map<uint64_t, uint64_t>> arg0;
  std::map<pid_t, Caller> callers;  // by process id
  uint64_t dropped_args = 0;        // values that did not fit the kernel-side map

  void Add(arch::Arch arch, uint32_t nr, uint64_t n = 1) { counts[{arch, nr}] += n; }
};

// The syscalls whose first argument --args records and turns into rules: clone flags, socket
// families, personality personas and prctl options (the ones Docker's default profile also
// conditions on, and whose first argument is a plain number on every arch).
inline constexpr std::string_view kArgCaptureNames[] = {"clone", "socket", "personality", "prctl"};

}  // namespace syscage::record
