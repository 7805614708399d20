// SPDX-License-Identifier: Apache-2.0
// Parsing of -e trace= and -e status= (strace's filter.c / qualify semantics): a comma list;
// a leading '!' negates the whole set; "%class" expands through data/groups; "/re" selects every
// name matching the POSIX extended regex; "?name" ignores an unknown name.
#include "syscage/trace/filter.h"

#include <algorithm>
#include <regex>

#include "syscage/base/suggest.h"
#include "syscage/syscalls/groups.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/decode/names.h"

namespace syscage::trace {
namespace {

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<std::set<std::string, std::less<>>> ParseOne(std::string_view expr, bool* negated) {
  std::set<std::string, std::less<>> out;
  *negated = false;
  if (!expr.empty() && expr[0] == '!') {
    *negated = true;
    expr.remove_prefix(1);
  }
  const auto all_names = syscalls::AllNames();
  for (std::string_view item : Split(expr)) {
    if (item.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "invalid system call ''");
    }
    bool optional = false;
    if (item[0] == '?') {
      optional = true;
      item.remove_prefix(1);
    }
    if (item == "all") {
      for (auto n : all_names) out.emplace(n);
    } else if (item == "none") {
      // nothing
    } else if (item[0] == '/') {
      std::regex re;
      try {
        re = std::regex(std::string(item.substr(1)), std::regex::extended | std::regex::nosubs);
      } catch (const std::regex_error& e) {
        return Fail(
            ErrorCode::kInvalidArgument,
            "invalid regular expression '" + std::string(item.substr(1)) + "': " + e.what());
      }
      size_t matched = 0;
      for (auto n : all_names) {
        if (std::regex_search(n.begin(), n.end(), re)) {
          out.emplace(n);
          ++matched;
        }
      }
      if (matched == 0 && !optional) {
        return Fail(ErrorCode::kInvalidArgument,
                    "invalid system call '" + std::string(item) + "': no name matches");
      }
    } else if (item[0] == '%' || item[0] == '@') {
      auto names = syscalls::ExpandGroup(item);
      if (!names) {
        if (optional) continue;
        return Fail(ErrorCode::kInvalidArgument, "invalid system call class '" + std::string(item) +
                                                     "': " + names.error().message);
      }
      for (auto& n : *names) out.emplace(std::move(n));
    } else if (syscalls::KnownOnAnyArch(item)) {
      out.emplace(item);
    } else if (!optional) {
      std::vector<std::string> candidates(all_names.begin(), all_names.end());
      return Fail(ErrorCode::kInvalidArgument, "invalid system call '" + std::string(item) + "'" +
                                                   SuggestionSuffix(item, candidates));
    }
  }
  return out;
}

}  // namespace

Result<SyscallFilter> SyscallFilter::Parse(const std::vector<std::string>& exprs) {
  SyscallFilter f;
  if (exprs.empty()) return f;
  f.all_ = false;
  for (const auto& expr : exprs) {
    bool negated = false;
    ASSIGN_OR_RETURN(auto set, ParseOne(expr, &negated));
    if (negated) {
      for (auto n : syscalls::AllNames()) {
        if (set.count(n) == 0) f.names_.emplace(n);
      }
    } else {
      f.names_.merge(set);
    }
  }
  // "trace=all" (or "!none") selects everything: keep the fast path.
  if (f.names_.size() >= syscalls::AllNames().size()) {
    f.all_ = true;
    f.names_.clear();
  }
  return f;
}

bool SyscallFilter::Matches(std::string_view name) const {
  return all_ || names_.find(name) != names_.end();
}

std::vector<uint32_t> SyscallFilter::NumbersFor(arch::Arch arch) const {
  std::vector<uint32_t> out;
  for (const auto& e : syscalls::Table(arch)) {
    if (Matches(e.name)) out.push_back(e.nr);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<StatusFilter> StatusFilter::Parse(std::string_view expr) {
  bool negated = false;
  if (!expr.empty() && expr[0] == '!') {
    negated = true;
    expr.remove_prefix(1);
  }
  StatusFilter f{false, false, false, false, false};
  for (std::string_view item : Split(expr)) {
    if (item == "all") {
      f = StatusFilter{};
    } else if (item == "none") {
      f = StatusFilter{false, false, false, false, false};
    } else if (item == "successful") {
      f.successful = true;
    } else if (item == "failed") {
      f.failed = true;
    } else if (item == "unfinished") {
      f.unfinished = true;
    } else if (item == "unavailable") {
      f.unavailable = true;
    } else if (item == "detached") {
      f.detached = true;
    } else {
      std::vector<std::string> known = {"successful", "failed", "unfinished", "unavailable",
                                        "detached",   "all",    "none"};
      return Fail(ErrorCode::kInvalidArgument,
                  "invalid status '" + std::string(item) + "'" + SuggestionSuffix(item, known));
    }
  }
  if (negated) {
    f = StatusFilter{!f.successful, !f.failed, !f.unfinished, !f.unavailable, !f.detached};
  }
  return f;
}

Result<SignalFilter> SignalFilter::Parse(std::string_view expr) {
  bool negated = false;
  if (!expr.empty() && expr[0] == '!') {
    negated = true;
    expr.remove_prefix(1);
  }
  SignalFilter f{0};
  for (std::string_view item : Split(expr)) {
    if (item == "all") {
      f.shown = ~uint64_t{0};
      continue;
    }
    if (item == "none") {
      f.shown = 0;
      continue;
    }
    int sig = 0;
    if (!item.empty() && item.find_first_not_of("0123456789") == std::string_view::npos) {
      sig = item.size() <= 2 ? std::stoi(std::string(item)) : 0;
    } else {
      sig = decode::SignalFromName(item);
    }
    if (sig < 1 || sig > 64) {
      return Fail(ErrorCode::kInvalidArgument, "invalid signal '" + std::string(item) + "'");
    }
    f.shown |= uint64_t{1} << (sig - 1);
  }
  if (negated) f.shown = ~f.shown;
  return f;
}

}  // namespace syscage::trace
