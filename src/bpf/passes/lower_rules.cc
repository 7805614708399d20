// SPDX-License-Identifier: Apache-2.0
// Pass 3, lower_rules: the calls runc 1.1 makes into libseccomp, replayed into a per-arch table of
// syscall -> action or argument tests, with libseccomp 2.5.4's rule-database semantics:
//   - a rule whose action (errno included) equals the default is skipped (runc);
//   - conditions on different arguments are ANDed; if an argument index repeats, every
//     condition becomes a rule of its own (runc's "old behaviour");
//   - an existing unconditional rule makes later rules for the syscall no-ops, and a later
//     unconditional rule replaces earlier conditional ones (db_rule_add);
//   - argument rules of one syscall merge into libseccomp's rule tree, and the tests its
//     generator emits from that tree decide (rule_tree.h: first-added actions win on shared
//     tests, a failed subtree can skip later rules);
//   - on i386, socket and SysV IPC calls also get a rule on socketcall/ipc with arg0 == sub-call
//     (libseccomp's x86 rule_add), replacing the rule's own arg0 condition there;
//   - 32-bit arches compare the low word only (libseccomp's 32-bit chains).
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>

#include <fmt/core.h>

#include "syscage/bpf/passes/multiplexers.h"
#include "syscage/bpf/passes/passes.h"
#include "syscage/bpf/passes/rule_tree.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {
namespace {

constexpr uint32_t kMaxArgs = 6;

// One arch's rule database: a libseccomp rule tree per syscall number (rule_tree.h).
class RuleDb {
 public:
  explicit RuleDb(const arch::ArchInfo& info) : info_(info) {}

  // Adds one libseccomp rule (at most one condition per argument). kInvalidArgument when
  // libseccomp would refuse it.
  Result<> Add(uint32_t nr, std::string_view name, uint32_t action,
               const std::vector<ArgCmp>& conds) {
    ApiChain chain;
    for (const auto& c : conds) {
      ApiArg a;
      a.op = c.op;
      a.mask = c.op == profile::CmpOp::kMaskedEq ? c.value : ~0ull;
      a.datum = c.op == profile::CmpOp::kMaskedEq ? c.value_two : c.value;
      chain[c.index] = a;
    }
    auto [it, inserted] = db_.try_emplace(nr);
    Entry& e = it->second;
    if (inserted) e.name = name;
    // Most syscalls only ever get unconditional rules: the first one decides (db_rule_add keeps
    // an existing unconditional action), and no rule tree is needed.
    if (!e.tree) {
      if (e.action) return Ok{};
      if (conds.empty()) {
        e.action = action;
        return Ok{};
      }
      e.tree = std::make_unique<SyscallTree>(info_.bits == 64, !info_.little_endian);
    }
    auto added = e.tree->Add(chain, action);
    if (!added) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: {} on {}", name, added.error().message, info_.name));
    }
    // The rules as the user wrote them, for `explain` and the dumps.
    if (e.tree->unconditional()) {
      e.rules.clear();
    } else {
      std::vector<ArgCmp> sorted = conds;
      std::sort(sorted.begin(), sorted.end(),
                [](const ArgCmp& x, const ArgCmp& y) { return x.index < y.index; });
      e.rules.push_back({std::move(sorted), action});
    }
    return Ok{};
  }

  // The syscalls by number. The tests of those with argument rules come later, from the rule
  // trees listed by conditional() (GenerateArgTests: blocks are shared across syscalls).
  std::vector<SyscallPolicy> Take() {
    std::vector<SyscallPolicy> out;
    out.reserve(db_.size());
    for (auto& [nr, e] : db_) {
      SyscallPolicy sys;
      sys.nr = nr;
      sys.name = e.name;
      sys.action = e.tree ? e.tree->unconditional() : e.action;
      if (!sys.action) {
        sys.rules = std::move(e.rules);
        conditional_.emplace_back(e.tree.get(), out.size());
      }
      out.push_back(std::move(sys));
    }
    return out;
  }

  // The trees behind Take()'s conditional syscalls, with their index there, by number.
  const std::vector<std::pair<const SyscallTree*, size_t>>& conditional() const {
    return conditional_;
  }

 private:
  struct Entry {
    std::string_view name;
    std::optional<uint32_t> action;     // unconditional, while no argument rule came first
    std::unique_ptr<SyscallTree> tree;  // once an argument rule arrives
    std::vector<CondRule> rules;
  };
  const arch::ArchInfo& info_;
  std::map<uint32_t, Entry> db_;
  std::vector<std::pair<const SyscallTree*, size_t>> conditional_;
};

// The argument tests of every conditional syscall, generated the way gen_bpf does it: one block
// table per arch section of the filter (x86_64 and x32 share one, as _gen_bpf_arch merges them
// into one priority list with x86_64 -- the native arch on the hosts this models -- first),
// syscalls sorted by priority, highest first, number order among equals, and generated from the
// end of that list (rule_tree.h, ArgBlocks).
void GenerateArgTests(LoweredPolicy& out, const std::vector<std::unique_ptr<RuleDb>>& dbs) {
  std::vector<bool> done(out.arches.size(), false);
  auto find = [&](arch::Arch a) -> std::optional<size_t> {
    for (size_t i = 0; i < out.arches.size(); ++i) {
      if (out.arches[i].arch == a) return i;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < out.arches.size(); ++i) {
    if (done[i]) continue;
    std::vector<size_t> members = {i};
    const arch::Arch a = out.arches[i].arch;
    if (a == arch::Arch::kX86_64 || a == arch::Arch::kX32) {
      const auto x86_64 = find(arch::Arch::kX86_64);
      const auto x32 = find(arch::Arch::kX32);
      if (x86_64 && x32) members = {*x86_64, *x32};
    }
    struct Item {
      const SyscallTree* tree;
      size_t arch;
      size_t index;
    };
    std::vector<Item> list;
    for (size_t m : members) {
      done[m] = true;
      for (const auto& [tree, index] : dbs[m]->conditional()) list.push_back({tree, m, index});
    }
    std::stable_sort(list.begin(), list.end(), [](const Item& x, const Item& y) {
      return x.tree->priority() > y.tree->priority();
    });
    std::reverse(list.begin(), list.end());
    ArgBlocks blocks;
    for (const Item& it : list) blocks.Add(*it.tree, out.default_action);
    auto tests = blocks.Finish();
    for (size_t k = 0; k < list.size(); ++k) {
      out.arches[list[k].arch].syscalls[list[k].index].tests = std::move(tests[k]);
    }
  }
}

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

  std::vector<std::unique_ptr<RuleDb>> dbs;
  for (const auto& names : resolved.arches) {
    const arch::ArchInfo& info = arch::Info(names.arch);
    RuleDb& db = *dbs.emplace_back(std::make_unique<RuleDb>(info));
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
  GenerateArgTests(out, dbs);
  return out;
}

}  // namespace syscage::bpf
