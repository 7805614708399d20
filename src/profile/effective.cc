// SPDX-License-Identifier: Apache-2.0
// runc's semantics of a profile (see effective.h for the rules and where they come from): walk the
// rules in order once per filter architecture and keep, per syscall, what libseccomp's database
// would hold after runc added them. diff compares these views; lint reads `inert`.
#include "syscage/profile/effective.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <tuple>

#include "syscage/syscalls/table.h"

namespace syscage::profile {
namespace {

constexpr uint32_t kEperm = 1;

bool CondLess(const ArgCondition& a, const ArgCondition& b) {
  return std::tie(a.index, a.op, a.value, a.value_two) <
         std::tie(b.index, b.op, b.value, b.value_two);
}

bool ClauseLess(const Clause& a, const Clause& b) {
  if (a.conditions.size() != b.conditions.size()) {
    return std::lexicographical_compare(a.conditions.begin(), a.conditions.end(),
                                        b.conditions.begin(), b.conditions.end(), CondLess);
  }
  for (size_t i = 0; i < a.conditions.size(); ++i) {
    if (CondLess(a.conditions[i], b.conditions[i])) return true;
    if (CondLess(b.conditions[i], a.conditions[i])) return false;
  }
  return a.verdict < b.verdict;
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%#llx", static_cast<unsigned long long>(v));
  return v == 0 ? "0" : buf;
}

std::string CondString(const ArgCondition& c) {
  const std::string arg = "arg" + std::to_string(c.index);
  switch (c.op) {
    case CmpOp::kNe:
      return arg + " != " + Hex(c.value);
    case CmpOp::kLt:
      return arg + " < " + Hex(c.value);
    case CmpOp::kLe:
      return arg + " <= " + Hex(c.value);
    case CmpOp::kEq:
      return arg + " == " + Hex(c.value);
    case CmpOp::kGe:
      return arg + " >= " + Hex(c.value);
    case CmpOp::kGt:
      return arg + " > " + Hex(c.value);
    case CmpOp::kMaskedEq:
      return "(" + arg + " & " + Hex(c.value) + ") == " + Hex(c.value_two);
  }
  return arg;
}

// The clauses runc adds for one rule (rule 3 of effective.h).
std::vector<std::vector<ArgCondition>> SplitConditions(const std::vector<ArgCondition>& args) {
  std::array<int, 6> count{};
  bool repeated = false;
  for (const auto& a : args) {
    if (a.index < count.size() && ++count[a.index] > 1) repeated = true;
  }
  std::vector<std::vector<ArgCondition>> out;
  if (repeated) {
    for (const auto& a : args) out.push_back({a});
  } else {
    out.push_back(args);
  }
  for (auto& c : out) std::sort(c.begin(), c.end(), CondLess);
  return out;
}

struct SyscallState {
  EffectiveSyscall eff;
  std::vector<size_t> clause_rules;  // rules that added the current clauses, in order
};

}  // namespace

std::string Verdict::ToString() const {
  switch (kind) {
    case ActionKind::kAllow:
      return "ALLOW";
    case ActionKind::kErrno:
      return "ERRNO(" + std::to_string(data) + ")";
    case ActionKind::kTrace:
      return "TRACE(" + std::to_string(data) + ")";
    case ActionKind::kKill:
    case ActionKind::kKillThread:
      return "KILL_THREAD";
    case ActionKind::kKillProcess:
      return "KILL_PROCESS";
    case ActionKind::kTrap:
      return "TRAP";
    case ActionKind::kLog:
      return "LOG";
    case ActionKind::kNotify:
      return "NOTIFY";
  }
  return "?";
}

Verdict MakeVerdict(ActionKind kind, std::optional<uint32_t> errno_ret) {
  Verdict v;
  v.kind = kind == ActionKind::kKill ? ActionKind::kKillThread : kind;
  if (ActionTakesErrno(kind)) v.data = errno_ret.value_or(kEperm) & 0xffff;  // SECCOMP_RET_DATA
  return v;
}

std::string EffectiveSyscall::ToString() const {
  if (unconditional) return unconditional->ToString();
  std::string out;
  for (const auto& c : clauses) {
    std::string conds;
    for (const auto& a : c.conditions) conds += (conds.empty() ? "" : " && ") + CondString(a);
    out += conds + " -> " + c.verdict.ToString() + "; ";
  }
  return out + "else default";
}

const EffectiveSyscall* EffectiveArch::Find(std::string_view name) const {
  auto it =
      std::lower_bound(syscalls.begin(), syscalls.end(), name,
                       [](const EffectiveSyscall& s, std::string_view n) { return s.name < n; });
  return it != syscalls.end() && it->name == name ? &*it : nullptr;
}

const EffectiveArch* EffectiveProfile::Find(arch::Arch a) const {
  for (const auto& e : arches) {
    if (e.arch == a) return &e;
  }
  return nullptr;
}

const char* InertReasonName(InertReason reason) {
  switch (reason) {
    case InertReason::kSameAsDefault:
      return "same action as the default";
    case InertReason::kAfterUnconditional:
      return "after an unconditional rule";
    case InertReason::kReplaced:
      return "replaced by a later unconditional rule";
    case InertReason::kUnknownName:
      return "unknown syscall";
  }
  return "?";
}

EffectiveProfile ComputeEffective(const Profile& profile, const EffectiveOptions& opts) {
  EffectiveProfile out;
  out.default_verdict = MakeVerdict(profile.default_action, profile.default_errno_ret);
  out.unconfined = profile.unconfined;
  const arch::Arch native = opts.native.value_or(arch::NativeArch());
  std::vector<arch::Arch> arches = {native};
  for (const auto& name : profile.architectures) {
    std::optional<arch::Arch> a;
    if (name == "SCMP_ARCH_NATIVE") a = native;
    for (const auto& info : arch::AllArchs()) {
      if (info.scmp_name == name) a = info.arch;
    }
    if (!a) {
      out.unsupported_arches.push_back(name);
      continue;
    }
    if (std::find(arches.begin(), arches.end(), *a) == arches.end()) arches.push_back(*a);
  }
  std::vector<arch::Arch> usable;
  for (arch::Arch a : arches) {
    if (syscalls::HasTable(a)) {
      usable.push_back(a);
    } else {
      out.unsupported_arches.emplace_back(arch::Info(a).scmp_name);
    }
  }
  if (profile.unconfined) usable.clear();

  // Rule 1: skipped rules, reported once.
  std::vector<bool> skipped(profile.syscalls.size(), false);
  for (size_t i = 0; i < profile.syscalls.size(); ++i) {
    const SyscallRule& r = profile.syscalls[i];
    if (MakeVerdict(r.action, r.errno_ret) == out.default_verdict) {
      skipped[i] = true;
      out.inert.push_back(InertRule{i, "", InertReason::kSameAsDefault, i, {}});
    }
  }
  // Names no filter arch knows (rule 2), reported once per rule and name.
  for (size_t i = 0; i < profile.syscalls.size(); ++i) {
    if (skipped[i]) continue;
    for (const auto& name : profile.syscalls[i].names) {
      bool known = std::any_of(usable.begin(), usable.end(), [&](arch::Arch a) {
        return syscalls::Resolve(a, name).has_value();
      });
      if (!known && !usable.empty()) {
        out.inert.push_back(InertRule{i, name, InertReason::kUnknownName, i, {}});
      }
    }
  }

  // Rule 4, per arch. Inert findings are merged across arches by (rule, name, reason, by).
  std::map<std::tuple<size_t, std::string, InertReason, size_t>, std::vector<arch::Arch>> inert;
  for (arch::Arch a : usable) {
    std::map<std::string, SyscallState> state;
    for (size_t i = 0; i < profile.syscalls.size(); ++i) {
      if (skipped[i]) continue;
      const SyscallRule& r = profile.syscalls[i];
      const Verdict verdict = MakeVerdict(r.action, r.errno_ret);
      for (const auto& name : r.names) {
        auto nr = syscalls::Resolve(a, name);
        if (!nr) continue;
        SyscallState& s = state[name];
        s.eff.name = name;
        s.eff.nr = *nr;
        if (s.eff.unconditional) {
          inert[{i, name, InertReason::kAfterUnconditional, s.eff.unconditional_rule}].push_back(a);
          continue;
        }
        if (r.args.empty()) {
          for (size_t by : s.clause_rules) {
            inert[{by, name, InertReason::kReplaced, i}].push_back(a);
          }
          s.eff.clauses.clear();
          s.clause_rules.clear();
          s.eff.unconditional = verdict;
          s.eff.unconditional_rule = i;
          continue;
        }
        for (auto& conds : SplitConditions(r.args)) {
          s.eff.clauses.push_back(Clause{std::move(conds), verdict, i});
        }
        s.clause_rules.push_back(i);
      }
    }
    EffectiveArch ea{a, {}};
    for (auto& [name, s] : state) {
      auto& c = s.eff.clauses;
      std::stable_sort(c.begin(), c.end(), ClauseLess);
      c.erase(std::unique(c.begin(), c.end()), c.end());
      ea.syscalls.push_back(std::move(s.eff));
    }
    out.arches.push_back(std::move(ea));
  }
  for (auto& [key, where] : inert) {
    auto& [rule, name, reason, by] = key;
    where.erase(std::unique(where.begin(), where.end()), where.end());
    out.inert.push_back(InertRule{rule, name, reason, by, where});
  }
  std::stable_sort(out.inert.begin(), out.inert.end(), [](const InertRule& x, const InertRule& y) {
    return x.rule_index < y.rule_index;
  });
  return out;
}

}  // namespace syscage::profile
