// SPDX-License-Identifier: Apache-2.0
// Syscall name <-> number per architecture, from data/syscalls/syscalls.csv (generated into
// constexpr tables at build time; sources never use host __NR_* macros for this).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"

namespace syscage::syscalls {

struct SyscallEntry {
  std::string_view name;
  // The value a filter sees in seccomp_data.nr for this arch: the kernel table number plus the
  // arch's nr_offset (x32: read is 0x40000000).
  uint32_t nr;
};

// True when syscage has a syscall table for `arch`.
bool HasTable(arch::Arch arch);

// All syscalls of `arch`, sorted by nr. Empty when the arch has no table.
std::span<const SyscallEntry> Table(arch::Arch arch);

// seccomp_data.nr of `name` on `arch`; nullopt when the syscall does not exist there.
std::optional<uint32_t> Resolve(arch::Arch arch, std::string_view name);

// Name of seccomp_data.nr `nr` on `arch`; nullopt when no syscall has that number.
std::optional<std::string_view> NameOf(arch::Arch arch, uint32_t nr);

// True when some architecture's table has `name`.
bool KnownOnAnyArch(std::string_view name);

// Every syscall name of every table, sorted and unique.
std::span<const std::string_view> AllNames();

// The kernel version the table data was taken from, e.g. "6.18".
std::string_view TableKernelVersion();

}  // namespace syscage::syscalls
