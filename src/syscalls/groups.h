// SPDX-License-Identifier: Apache-2.0
// Named syscall sets as data (data/groups/*.txt): strace's classes ("%file", "%network", ...) and
// systemd-style sets ("@system-service", "@mount", ...). Sets may include other sets; expansion
// detects cycles.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/base/result.h"

namespace syscage::syscalls {

struct GroupInfo {
  std::string_view name;  // "%file" or "@mount"
  std::string_view help;  // one line
};

// All groups, sorted by name.
std::span<const GroupInfo> AllGroups();

// True when `name` starts with '%' or '@' (a group reference rather than a syscall name).
bool IsGroupName(std::string_view name);

// The syscall names in group `name`, sets expanded recursively, sorted and unique. Names not in
// any arch's table are kept (the caller decides per arch). kNotFound (with a close match in the
// message) for an unknown group.
Result<std::vector<std::string>> ExpandGroup(std::string_view name);

// Expands a mixed list ("read", "%file", "@mount") into syscall names, sorted and unique.
Result<std::vector<std::string>> ExpandNames(const std::vector<std::string>& names);

}  // namespace syscage::syscalls
