// SPDX-License-Identifier: Apache-2.0
// Group expansion over the embedded data/groups sets: depth-first, with the path of groups being
// expanded kept so that a set that (indirectly) includes itself is reported, not looped on.
#include "syscage/syscalls/groups.h"

#include <algorithm>
#include <set>

#include "syscage/base/suggest.h"
#include "syscage/syscalls/groups_data.h"

namespace syscage::syscalls {
namespace internal {

namespace {

Result<Ok> ExpandInto(std::string_view name, const GroupLookup& lookup,
                      std::vector<std::string_view>& path, std::set<std::string>& out) {
  if (std::find(path.begin(), path.end(), name) != path.end()) {
    std::string cycle;
    for (auto p : path) cycle += std::string(p) + " -> ";
    return Fail(ErrorCode::kInvalidArgument, "syscall group cycle: " + cycle + std::string(name));
  }
  auto members = lookup(name);
  if (!members) {
    std::vector<std::string> names;
    for (const auto& g : AllGroups()) names.emplace_back(g.name);
    return Fail(ErrorCode::kNotFound, "unknown syscall group '" + std::string(name) + "'" +
                                          SuggestionSuffix(name, names));
  }
  path.push_back(name);
  for (std::string_view m : *members) {
    if (IsGroupName(m)) {
      RETURN_IF_ERROR(ExpandInto(m, lookup, path, out));
    } else {
      out.emplace(m);
    }
  }
  path.pop_back();
  return Ok{};
}

}  // namespace

Result<std::vector<std::string>> ExpandWith(std::string_view name, const GroupLookup& lookup) {
  std::vector<std::string_view> path;
  std::set<std::string> out;
  RETURN_IF_ERROR(ExpandInto(name, lookup, path, out));
  return std::vector<std::string>(out.begin(), out.end());
}

std::optional<std::span<const std::string_view>> EmbeddedMembers(std::string_view name) {
  auto it = std::lower_bound(kGroupInfos.begin(), kGroupInfos.end(), name,
                             [](const GroupInfo& g, std::string_view n) { return g.name < n; });
  if (it == kGroupInfos.end() || it->name != name) return std::nullopt;
  return kGroupMembers[static_cast<size_t>(it - kGroupInfos.begin())];
}

}  // namespace internal

std::span<const GroupInfo> AllGroups() { return internal::kGroupInfos; }

bool IsGroupName(std::string_view name) {
  return !name.empty() && (name.front() == '%' || name.front() == '@');
}

Result<std::vector<std::string>> ExpandGroup(std::string_view name) {
  return internal::ExpandWith(name, internal::EmbeddedMembers);
}

Result<std::vector<std::string>> ExpandNames(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& n : names) {
    if (IsGroupName(n)) {
      ASSIGN_OR_RETURN(auto members, ExpandGroup(n));
      out.insert(members.begin(), members.end());
    } else {
      out.insert(n);
    }
  }
  return std::vector<std::string>(out.begin(), out.end());
}

}  // namespace syscage::syscalls
