// SPDX-License-Identifier: Apache-2.0
// Internal: the groups tools/gen_groups.py embeds from data/groups/*.txt into the build dir.
// Only groups.cc and the tests read this; everyone else uses groups.h.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/syscalls/groups.h"

namespace syscage::syscalls::internal {

// Sorted by name; kGroupMembers[i] are the direct members of kGroupInfos[i] (syscall names and
// group references, sorted). Constant-initialized.
extern const std::span<const GroupInfo> kGroupInfos;
extern const std::span<const std::span<const std::string_view>> kGroupMembers;

// Direct members of a group by name; nullopt when there is no such group.
using GroupLookup =
    std::function<std::optional<std::span<const std::string_view>>(std::string_view)>;

// The embedded groups as a GroupLookup.
std::optional<std::span<const std::string_view>> EmbeddedMembers(std::string_view name);

// ExpandGroup over any lookup (tests give cyclic ones). kNotFound with a suggestion from the
// embedded group names for an unknown group; kInvalidArgument naming the path for a cycle.
Result<std::vector<std::string>> ExpandWith(std::string_view name, const GroupLookup& lookup);

}  // namespace syscage::syscalls::internal
