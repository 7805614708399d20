// SPDX-License-Identifier: Apache-2.0
// Syscall lookups over the generated constexpr tables (table_data.h): binary searches only, so
// every lookup is O(log n) and nothing is built at run time.
#include "syscage/syscalls/table.h"

#include <algorithm>

#include "syscage/syscalls/table_data.h"

namespace syscage::syscalls {
namespace {

const internal::ArchTable& TableOf(arch::Arch arch) {
  return internal::kArchTables[static_cast<size_t>(arch)];
}

}  // namespace

bool HasTable(arch::Arch arch) { return TableOf(arch).present; }

std::span<const SyscallEntry> Table(arch::Arch arch) { return TableOf(arch).by_nr; }

std::optional<uint32_t> Resolve(arch::Arch arch, std::string_view name) {
  const auto& t = TableOf(arch);
  auto it = std::lower_bound(t.by_name.begin(), t.by_name.end(), name,
                             [&t](uint16_t i, std::string_view n) { return t.by_nr[i].name < n; });
  if (it == t.by_name.end() || t.by_nr[*it].name != name) return std::nullopt;
  return t.by_nr[*it].nr;
}

std::optional<std::string_view> NameOf(arch::Arch arch, uint32_t nr) {
  const auto& t = TableOf(arch);
  auto it = std::lower_bound(t.by_nr.begin(), t.by_nr.end(), nr,
                             [](const SyscallEntry& e, uint32_t n) { return e.nr < n; });
  if (it == t.by_nr.end() || it->nr != nr) return std::nullopt;
  return it->name;
}

bool KnownOnAnyArch(std::string_view name) {
  return std::binary_search(internal::kAllSyscallNames.begin(), internal::kAllSyscallNames.end(),
                            name);
}

std::span<const std::string_view> AllNames() { return internal::kAllSyscallNames; }

std::string_view TableKernelVersion() { return internal::kTableKernelVersion; }

}  // namespace syscage::syscalls
