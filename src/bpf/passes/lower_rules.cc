// SPDX-License-Identifier: Apache-2.0
// Pass 3, lower_rules: the calls runc 1.1 makes into libseccomp, replayed into a per-arch table of
// syscall -> action or argument rules, with libseccomp 2.5.4's rule-database semantics:
//   - a rule whose action (errno included) equals the default is skipped (runc);
//   - conditions on different arguments are ANDed; if an argument index repeats, every
//     condition becomes a rule of its own (runc's "old behaviour");
//   - an existing unconditional rule makes later rules for the syscall no-ops, and a later
//     unconditional rule replaces earlier conditional ones (db_rule_add);
//   - on i386, socket and SysV IPC calls also get a rule on socketcall/ipc with arg0 == sub-call
//     (libseccomp's x86 rule_add), replacing the rule's own arg0 condition there;
//   - 32-bit arches compare the low word only (libseccomp's 32-bit chains).
#include <algorithm>
#include <array>
#include <map>

#include <fmt/core.h>

#include "syscage/bpf/passes/multiplexers.h"
#include "syscage/bpf/passes/passes.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {
namespace {

constexpr uint32_t kMaxArgs = 6;

// One arch's rule database.
class RuleDb {
 public:
  explicit RuleDb(const arch::ArchInfo& info) : info_(info) {}

  // Adds one libseccomp rule. kInvalidArgument when libseccomp would refuse it.
  Result<> Add(uint32_t nr, std::string_view name, uint32_t action, std::vector<ArgCmp> conds) {
    if (info_.bits == 32) {
      for (auto& c : conds) {
        c.value &= 0xffffffffu;
        c.value_two &= 0xffffffffu;
      }
    }
    // libseccomp generates no test for a MASKED_EQ word whose mask is 0 (whatever the value), and
    // a rule left without tests is unconditional.
    std::erase_if(conds, [](ArgCmp& c) {
      if (c.op != profile::CmpOp::kMaskedEq) return false;
      if ((c.value >> 32) == 0) c.value_two &= 0xffffffffull;
      if ((c.value & 0xffffffffull) == 0) c.value_two &= ~0xffffffffull;
      return c.value == 0;
    });
    std::sort(conds.begin(), conds.end(),
              [](const ArgCmp& a, const ArgCmp& b) { return a.index < b.index; });
    auto [it, inserted] = db_.try_emplace(nr);
    SyscallPolicy& sys = it->second;
    if (inserted) {
      sys.nr = nr;
      sys.name = name;
      if (conds.empty()) {
        sys.action = action;
      } else {
        sys.rules.push_back({std::move(conds), action});
      }
      return Ok{};
    }
    if (sys.action) return Ok{};  // an unconditional rule already covers every call
    if (conds.empty()) {
      sys.rules.clear();
      sys.action = action;
      return Ok{};
    }
    // libseccomp's rule tree merges rules sharing a prefix of conditions. A new rule that an
    // existing one extends with another action cannot be placed (-EEXIST: runc fails); one that
    // extends an existing rule is unreachable behind it and dropped.
    for (const auto& r : sys.rules) {
      if (IsPrefix(conds, r.conds)) {
        if (r.action == action) continue;
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("conflicting actions {} and {} for overlapping conditions on {} "
                                "(libseccomp refuses this with EEXIST)",
                                ActionName(r.action), ActionName(action), name));
      }
      if (IsPrefix(r.conds, conds)) return Ok{};
    }
    sys.rules.push_back({std::move(conds), action});
    return Ok{};
  }

  // The syscalls by number, each one's rules in the order libseccomp's BPF tests them: its tree
  // keeps the siblings of a level sorted by argument (high word before low, higher argument
  // first), then operator class (==/!=/masked before </<= before >/>=), then value (descending;
  // ascending for </<=), and a call takes the first rule whose conditions all hold.
  std::vector<SyscallPolicy> Take() {
    std::vector<SyscallPolicy> out;
    out.reserve(db_.size());
    for (auto& [nr, sys] : db_) {
      std::stable_sort(
          sys.rules.begin(), sys.rules.end(),
          [&](const CondRule& a, const CondRule& b) { return TreeOrderKey(a) > TreeOrderKey(b); });
      out.push_back(std::move(sys));
    }
    return out;
  }

 private:
  static bool IsPrefix(const std::vector<ArgCmp>& a, const std::vector<ArgCmp>& b) {
    return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
  }

  static uint32_t OpClass(profile::CmpOp op) {
    switch (op) {
      case profile::CmpOp::kEq:
      case profile::CmpOp::kNe:
      case profile::CmpOp::kMaskedEq:
        return 3;
      case profile::CmpOp::kLt:
      case profile::CmpOp::kLe:
        return 2;
      case profile::CmpOp::kGt:
      case profile::CmpOp::kGe:
        return 1;
    }
    return 0;
  }

  // One (arg word, operator class, value) triple per tree node the rule's chain passes.
  std::vector<std::array<uint64_t, 3>> TreeOrderKey(const CondRule& r) const {
    std::vector<std::array<uint64_t, 3>> key;
    for (const auto& c : r.conds) {
      const uint64_t datum = c.op == profile::CmpOp::kMaskedEq ? c.value_two : c.value;
      const bool less = c.op == profile::CmpOp::kLt || c.op == profile::CmpOp::kLe;
      auto order = [&](uint64_t word) { return less ? 0xffffffffull - word : word; };
      if (info_.bits == 64) key.push_back({c.index * 2u + 1u, OpClass(c.op), order(datum >> 32)});
      key.push_back({c.index * 2u, OpClass(c.op), order(datum & 0xffffffffull)});
    }
    return key;
  }

  const arch::ArchInfo& info_;
  std::map<uint32_t, SyscallPolicy> db_;
};

Result<ArgCmp> LowerCondition(const profile::ArgCondition& c) {
  if (c.index >= kMaxArgs) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("argument index {} out of range (0..5)", c.index));
  }
  return ArgCmp{static_cast<uint8_t>(c.index), c.op, c.value, c.value_two};
}

}  // namespace

Result<LoweredPolicy> LowerRules(const profile::Profile& profile, const ResolvedPolicy& resolved,
                                 const CompileOptions& /*options*/, Diagnostics& diags) {
  LoweredPolicy out;
  out.default_action = resolved.default_action;
  out.bad_arch_action = resolved.bad_arch_action;

  // Per rule: the action and the condition sets runc adds (validated once).
  struct Lowered {
    bool skip = false;
    uint32_t action = 0;
    std::vector<std::vector<ArgCmp>> sets;
  };
  std::vector<Lowered> rules(profile.syscalls.size());
  bool failed = false;
  for (size_t r = 0; r < profile.syscalls.size(); ++r) {
    const auto& rule = profile.syscalls[r];
    auto action = RuncAction(rule.action, rule.errno_ret);
    if (!action) {
      diags.Error(rule.loc, action.error().message);
      failed = true;
      continue;
    }
    Lowered& l = rules[r];
    l.action = *action;
    l.skip = (*action == resolved.default_action);
    std::array<int, kMaxArgs> counts{};
    std::vector<ArgCmp> conds;
    for (const auto& c : rule.args) {
      auto lc = LowerCondition(c);
      if (!lc) {
        diags.Error(c.loc.line ? c.loc : rule.loc, lc.error().message);
        failed = true;
        continue;
      }
      ++counts[lc->index];
      conds.push_back(*lc);
    }
    const bool repeated = std::any_of(counts.begin(), counts.end(), [](int n) { return n > 1; });
    if (repeated) {
      for (const auto& c : conds) l.sets.push_back({c});
    } else {
      l.sets.push_back(std::move(conds));
    }
  }
  if (failed) return Fail(ErrorCode::kInvalidArgument, "the profile has errors");

  for (const auto& names : resolved.arches) {
    const arch::ArchInfo& info = arch::Info(names.arch);
    RuleDb db(info);
    for (const auto& rn : names.names) {
      const Lowered& l = rules[rn.rule];
      if (l.skip) continue;
      for (const auto& set : l.sets) {
        if (names.arch == arch::Arch::kX86) {
          if (auto sub = FindSubCall(rn.name)) {
            if (auto mux = syscalls::Resolve(names.arch, sub->multiplexer)) {
              std::vector<ArgCmp> mux_conds;
              for (const auto& c : set) {
                if (c.index != 0) mux_conds.push_back(c);
              }
              mux_conds.push_back({0, profile::CmpOp::kEq, sub->number, 0});
              auto added = db.Add(*mux, sub->multiplexer, l.action, std::move(mux_conds));
              if (!added) {
                diags.Error(*rn.loc, added.error().message);
                return Fail(added.error());
              }
            }
          }
        }
        if (rn.multiplexed_only) continue;
        auto added = db.Add(rn.nr, rn.name, l.action, set);
        if (!added) {
          diags.Error(*rn.loc, added.error().message);
          return Fail(added.error());
        }
      }
    }
    ArchRules ar;
    ar.arch = names.arch;
    ar.syscalls = db.Take();
    // runc 1.1 builds the stub for the profile's arches plus the native one (findLastSyscalls
    // adds the implied native arch): exactly the filter's arches.
    if (resolved.enosys_stub && names.max_named_nr && *names.max_named_nr > 0) {
      ar.enosys_above = names.max_named_nr;
    }
    out.arches.push_back(std::move(ar));
  }
  return out;
}

}  // namespace syscage::bpf
