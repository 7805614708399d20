// SPDX-License-Identifier: Apache-2.0
// The canonical form behind `syscage fmt`: names sorted and unique in each rule, rules grouped by
// action, and rules with the same action/errnoRet/args/comment/includes/excludes merged. Under
// runc the order of two rules matters only when they share a syscall name (the first
// unconditional rule for a syscall wins, see effective.h), so a rule only moves past rules whose
// names are disjoint from its own: the result has the same meaning on every arch and container.
// The process repeats to a fixed point, so Canonicalize(Canonicalize(p)) == Canonicalize(p).
#include <algorithm>
#include <set>
#include <tuple>

#include "syscage/profile/load.h"

namespace syscage::profile {
namespace {

// ALLOW first (the allowlist people read), then the less common actions, kills last.
int ActionRank(ActionKind k) {
  switch (k) {
    case ActionKind::kAllow:
      return 0;
    case ActionKind::kLog:
      return 1;
    case ActionKind::kNotify:
      return 2;
    case ActionKind::kTrace:
      return 3;
    case ActionKind::kErrno:
      return 4;
    case ActionKind::kTrap:
      return 5;
    case ActionKind::kKillThread:
      return 6;
    case ActionKind::kKill:
      return 7;
    case ActionKind::kKillProcess:
      return 8;
  }
  return 9;
}

auto ArgKey(const ArgCondition& a) { return std::make_tuple(a.index, a.op, a.value, a.value_two); }

// Rules with equal keys can be merged; keys order the groups.
bool KeyLess(const SyscallRule& a, const SyscallRule& b) {
  auto filter_key = [](const RuleFilter& f) {
    return std::make_tuple(f.caps, f.arches, f.min_kernel);
  };
  const bool a_cond = !a.args.empty() || !a.includes.empty() || !a.excludes.empty();
  const bool b_cond = !b.args.empty() || !b.includes.empty() || !b.excludes.empty();
  if (ActionRank(a.action) != ActionRank(b.action)) {
    return ActionRank(a.action) < ActionRank(b.action);
  }
  if (a.errno_ret != b.errno_ret) return a.errno_ret < b.errno_ret;
  if (a_cond != b_cond) return !a_cond;
  if (filter_key(a.includes) != filter_key(b.includes)) {
    return filter_key(a.includes) < filter_key(b.includes);
  }
  if (filter_key(a.excludes) != filter_key(b.excludes)) {
    return filter_key(a.excludes) < filter_key(b.excludes);
  }
  std::vector<decltype(ArgKey(a.args[0]))> ka, kb;
  for (const auto& x : a.args) ka.push_back(ArgKey(x));
  for (const auto& x : b.args) kb.push_back(ArgKey(x));
  if (ka != kb) return ka < kb;
  if (a.comment != b.comment) return a.comment < b.comment;
  return false;
}

bool SameKey(const SyscallRule& a, const SyscallRule& b) {
  return !KeyLess(a, b) && !KeyLess(b, a);
}

bool Disjoint(const SyscallRule& a, const SyscallRule& b) {
  // names are sorted by then
  auto i = a.names.begin();
  auto j = b.names.begin();
  while (i != a.names.end() && j != b.names.end()) {
    if (*i == *j) return false;
    if (*i < *j) {
      ++i;
    } else {
      ++j;
    }
  }
  return true;
}

void SortNames(SyscallRule& r) {
  std::vector<std::pair<std::string, SourceLoc>> v;
  for (size_t i = 0; i < r.names.size(); ++i) {
    v.emplace_back(r.names[i], i < r.name_locs.size() ? r.name_locs[i] : SourceLoc{});
  }
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  v.erase(std::unique(v.begin(), v.end(),
                      [](const auto& x, const auto& y) { return x.first == y.first; }),
          v.end());
  r.names.clear();
  r.name_locs.clear();
  for (auto& [n, l] : v) {
    r.names.push_back(n);
    r.name_locs.push_back(l);
  }
}

}  // namespace

Profile Canonicalize(const Profile& profile) {
  Profile out = profile;
  std::sort(out.flags.begin(), out.flags.end());
  out.flags.erase(std::unique(out.flags.begin(), out.flags.end()), out.flags.end());
  std::vector<SyscallRule>& rules = out.syscalls;
  for (auto& r : rules) SortNames(r);
  bool changed = true;
  while (changed) {
    changed = false;
    // Move each rule left past disjoint rules that sort after it.
    for (size_t i = 1; i < rules.size(); ++i) {
      size_t j = i;
      while (j > 0 && KeyLess(rules[j], rules[j - 1]) && Disjoint(rules[j], rules[j - 1])) {
        std::swap(rules[j], rules[j - 1]);
        --j;
        changed = true;
      }
    }
    // Merge neighbours with the same key.
    for (size_t i = 0; i + 1 < rules.size();) {
      if (SameKey(rules[i], rules[i + 1])) {
        SyscallRule& a = rules[i];
        const SyscallRule& b = rules[i + 1];
        a.names.insert(a.names.end(), b.names.begin(), b.names.end());
        a.name_locs.resize(a.names.size() - b.names.size());
        a.name_locs.insert(a.name_locs.end(), b.name_locs.begin(), b.name_locs.end());
        a.name_locs.resize(a.names.size());
        SortNames(a);
        rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        changed = true;
      } else {
        ++i;
      }
    }
  }
  return out;
}

}  // namespace syscage::profile
