// SPDX-License-Identifier: Apache-2.0
// What `syscage syscalls` asks of the tables, as one library call: resolve names and numbers on an
// arch (like scmp_sys_resolver), list an arch's whole table, or list a group's members.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/result.h"

namespace syscage::syscalls {

struct QueryOptions {
  std::vector<std::string> items;  // syscall names and numbers (decimal or 0x hex)
  std::string arch;                // empty: the native arch
  std::string group;               // "%file", "@mount"...; empty: no group listing
};

struct QueryRow {
  std::string name;
  std::optional<uint32_t> nr;  // seccomp_data.nr; nullopt when the syscall is absent on the arch
  std::string error;           // non-empty when this item could not be resolved (one line)
};

struct QueryResult {
  arch::Arch arch;
  // items given: one row per item, in order. group given: its members sorted by name, then any
  // items. Neither: the arch's whole table sorted by nr.
  std::vector<QueryRow> rows;
  bool any_error = false;
};

// Resolves one item on `arch`: a name gives its number, a number gives its name. On x32 a
// number below the x32 bit is taken as a table number and gets the bit added. The row's error
// says why an item failed: unknown syscall (with a close match), a syscall that exists on other
// arches only, or a number no syscall has.
QueryRow ResolveItem(arch::Arch arch, const std::string& item);

// kUnsupportedArch (with a close match) for an unknown --arch, kNotFound (with a close match) for
// an unknown group; per-item problems are in the rows, not errors.
Result<QueryResult> Query(const QueryOptions& options);

}  // namespace syscage::syscalls
