// SPDX-License-Identifier: Apache-2.0
// The meaning runc gives a (resolved, plain OCI) profile, per architecture and per syscall: the
// one semantic view shared by `diff`, `lint`, `fmt`'s safety argument and the BPF compiler.
//
// runc (libcontainer/seccomp) with libseccomp 2.5, rule by rule, in file order:
//   1. The action is SCMP_ACT_* with errnoRet; ERRNO and TRACE without errnoRet mean EPERM (1),
//      KILL means KILL_THREAD. A rule whose action equals the default action is skipped.
//   2. Names libseccomp does not know are skipped; a known name applies on each arch of the
//      filter where that syscall exists.
//   3. Conditions of a rule are ANDed. If two conditions name the same argument, runc instead adds
//      each condition as its own single-condition rule, so they are ORed ("NE a" + "NE b" then
//      matches everything).
//   4. Per syscall (libseccomp db_rule_add): the first unconditional rule wins and every later
//      rule for that syscall is dropped; an unconditional rule replaces conditional ones added
//      before it; conditional rules accumulate. A call no condition matches gets the default.
// The filter's architectures are the native arch plus the profile's `architectures`
// (seccomp_init always includes the native arch).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/profile/model.h"

namespace syscage::profile {

// An action as the kernel sees it: the kind plus its 16-bit data (errno or trace message).
struct Verdict {
  ActionKind kind = ActionKind::kKillProcess;  // never kKill: normalised to kKillThread
  uint32_t data = 0;                           // ERRNO/TRACE only

  bool operator==(const Verdict&) const = default;
  auto operator<=>(const Verdict&) const = default;
  // "ALLOW", "ERRNO(38)", "KILL_THREAD", "TRACE(1)".
  std::string ToString() const;
};

// The verdict of a rule or default action under runc's rule 1 (`errno_ret` may be unset).
Verdict MakeVerdict(ActionKind kind, std::optional<uint32_t> errno_ret);

// One libseccomp rule after runc's splitting: all `conditions` must hold (never empty).
struct Clause {
  std::vector<ArgCondition> conditions;  // sorted by (index, op, value, value_two)
  Verdict verdict;
  size_t rule_index = 0;  // index into Profile::syscalls of the rule it came from

  bool operator==(const Clause& o) const {
    return conditions == o.conditions && verdict == o.verdict;
  }
};

struct EffectiveSyscall {
  std::string name;
  uint32_t nr = 0;  // seccomp_data.nr on this arch
  // Set: every call of this syscall gets this verdict (clauses is then empty).
  std::optional<Verdict> unconditional;
  size_t unconditional_rule = 0;
  // Otherwise: a call matching a clause gets its verdict, else the default (when overlapping
  // clauses disagree, libseccomp's rule tree decides; lint reports such conflicts). Sorted and
  // unique, so two profiles with the same meaning give equal lists.
  std::vector<Clause> clauses;

  // Equal meaning (rule indexes ignored).
  bool SameAs(const EffectiveSyscall& o) const {
    return unconditional == o.unconditional && clauses == o.clauses;
  }
  // "ALLOW" or "arg0 == 0x1 -> ALLOW; arg0 & 0x7e020000 == 0 -> ALLOW; else default".
  std::string ToString() const;
};

struct EffectiveArch {
  arch::Arch arch;
  // Syscalls some rule applies to on this arch, sorted by name. Others get the default.
  std::vector<EffectiveSyscall> syscalls;
  const EffectiveSyscall* Find(std::string_view name) const;
};

// Why a rule, or one name of it, does nothing under runc (lint's "inert rules").
enum class InertReason {
  kSameAsDefault,       // the rule's action is the default action: runc skips it
  kAfterUnconditional,  // an earlier unconditional rule for the syscall already decides it
  kReplaced,            // a later unconditional rule replaced these conditional clauses
  kUnknownName,         // no architecture of the filter has this syscall
};
const char* InertReasonName(InertReason reason);

struct InertRule {
  size_t rule_index = 0;
  std::string name;  // the syscall; empty for kSameAsDefault (the whole rule)
  InertReason reason = InertReason::kSameAsDefault;
  size_t by_rule = 0;              // the rule that overrides it (kAfterUnconditional/kReplaced)
  std::vector<arch::Arch> arches;  // where it happens (empty for kSameAsDefault)
};

struct EffectiveProfile {
  Verdict default_verdict;
  bool unconfined = false;            // the builtin "unconfined": no filter at all
  std::vector<EffectiveArch> arches;  // native first, then the profile's order; no duplicates
  std::vector<InertRule> inert;
  // Architectures the profile names that syscage has no syscall table for (not in `arches`).
  std::vector<std::string> unsupported_arches;

  const EffectiveArch* Find(arch::Arch a) const;
};

struct EffectiveOptions {
  // The host the filter is installed on (libseccomp's native arch); NativeArch() when unset.
  std::optional<arch::Arch> native;
};

// Computes runc's view of `profile`. The profile should be resolved (no includes/excludes; see
// ResolveConditions): rules that still carry them are treated as applying. Never fails; names no
// table knows are reported in `inert` (kUnknownName).
EffectiveProfile ComputeEffective(const Profile& profile, const EffectiveOptions& opts = {});

}  // namespace syscage::profile
