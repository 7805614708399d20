// SPDX-License-Identifier: Apache-2.0
// Internal: the shape of the tables tools/gen_syscalls.py generates from data/syscalls/syscalls.csv
// into the build dir. Only table.cc and the tests read this; everyone else uses table.h.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "syscage/arch/arch.h"
#include "syscage/syscalls/table.h"

namespace syscage::syscalls::internal {

struct ArchTable {
  bool present = false;
  std::span<const SyscallEntry> by_nr;  // sorted by nr, unique nr
  std::span<const uint16_t> by_name;    // positions in by_nr, sorted by name
};

// Indexed by arch::Arch; constant-initialized, so safe to read from other static initializers.
extern const std::array<ArchTable, arch::kArchCount> kArchTables;
// The kernel named in the csv header, e.g. "6.18".
extern const std::string_view kTableKernelVersion;
// Every syscall name of the csv, sorted.
extern const std::span<const std::string_view> kAllSyscallNames;

}  // namespace syscage::syscalls::internal
