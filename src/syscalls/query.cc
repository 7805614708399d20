// SPDX-License-Identifier: Apache-2.0
// The lookups behind `syscage syscalls`: argument parsing of names and numbers, suggestions for
// unknown names and arches, and group listings with per-arch numbers.
#include "syscage/syscalls/query.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "syscage/base/suggest.h"
#include "syscage/syscalls/groups.h"
#include "syscage/syscalls/table.h"

namespace syscage::syscalls {
namespace {

std::optional<uint32_t> ParseNumber(const std::string& s) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  uint32_t value = 0;
  int base = 10;
  const char* begin = s.data();
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    begin += 2;
  }
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::vector<std::string> ArchNames() {
  std::vector<std::string> names;
  for (const auto& info : arch::AllArchs()) {
    names.emplace_back(info.name);
    std::string_view aliases = info.aliases;
    while (!aliases.empty()) {
      size_t end = std::min(aliases.find(' '), aliases.size());
      names.emplace_back(aliases.substr(0, end));
      aliases.remove_prefix(std::min(end + 1, aliases.size()));
    }
  }
  return names;
}

}  // namespace

QueryRow ResolveItem(arch::Arch arch, const std::string& item) {
  const auto& info = arch::Info(arch);
  QueryRow row;
  if (auto number = ParseNumber(item)) {
    uint32_t nr = *number;
    if (info.nr_offset != 0 && nr < info.nr_offset) nr += info.nr_offset;
    row.nr = nr;
    if (auto name = NameOf(arch, nr)) {
      row.name = std::string(*name);
    } else {
      row.error = "no syscall has number " + item + " on " + std::string(info.name);
    }
    return row;
  }
  row.name = item;
  row.nr = Resolve(arch, item);
  if (row.nr) return row;
  if (KnownOnAnyArch(item)) {
    std::string where;
    for (const auto& other : arch::AllArchs()) {
      if (Resolve(other.arch, item)) where += (where.empty() ? "" : ", ") + std::string(other.name);
    }
    row.error = "syscall '" + item + "' does not exist on " + std::string(info.name) +
                " (it does on " + where + ")";
  } else {
    std::vector<std::string> names(AllNames().begin(), AllNames().end());
    row.error = "unknown syscall '" + item + "'" + SuggestionSuffix(item, names);
  }
  return row;
}

Result<QueryResult> Query(const QueryOptions& options) {
  QueryResult result{arch::NativeArch(), {}, false};
  if (!options.arch.empty()) {
    auto a = arch::ArchFromName(options.arch);
    if (!a) {
      return Fail(ErrorCode::kUnsupportedArch, "unknown architecture '" + options.arch + "'" +
                                                   SuggestionSuffix(options.arch, ArchNames()));
    }
    result.arch = *a;
  }
  if (!options.group.empty()) {
    ASSIGN_OR_RETURN(auto members, ExpandGroup(options.group));
    for (auto& name : members) {
      auto nr = Resolve(result.arch, name);
      result.rows.push_back(QueryRow{std::move(name), nr, ""});
    }
  }
  for (const auto& item : options.items) {
    result.rows.push_back(ResolveItem(result.arch, item));
    result.any_error = result.any_error || !result.rows.back().error.empty();
  }
  if (options.group.empty() && options.items.empty()) {
    for (const auto& e : Table(result.arch)) {
      result.rows.push_back(QueryRow{std::string(e.name), e.nr, ""});
    }
  }
  return result;
}

}  // namespace syscage::syscalls
