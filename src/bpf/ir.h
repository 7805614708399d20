// SPDX-License-Identifier: Apache-2.0
// The intermediate forms between the compiler passes (ARCHITECTURE.md 2.6), each a plain struct
// with a Dump() for `syscage compile --dump-after=STAGE`:
//   Profile -resolve_names-> ResolvedPolicy -lower_rules-> LoweredPolicy -normalize_ranges->
//   RangePolicy -optimize-> RangePolicy -codegen-> SymbolicProgram -layout-> Program
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/diagnostics.h"
#include "syscage/bpf/program.h"
#include "syscage/profile/model.h"

namespace syscage::bpf {

// ---- resolve_names ----------------------------------------------------------------------------

// One (rule, name) pair of the profile, resolved on one arch.
struct ResolvedName {
  size_t rule = 0;        // index into Profile::syscalls
  std::string_view name;  // as the rule spells it, or a set member (ResolvedPolicy owns those)
  uint32_t nr = 0;        // seccomp_data.nr on this arch (x32 bit included)
  // i386 only: a socketcall/ipc sub-call without a direct syscall of its own ("accept"); `nr`
  // is then meaningless and only the multiplexer rule is made.
  bool multiplexed_only = false;
  const SourceLoc* loc = nullptr;  // into the profile
};

struct ArchNames {
  arch::Arch arch = arch::Arch::kX86_64;
  std::vector<ResolvedName> names;  // profile order: rule by rule, name by name
  // Highest nr any name of the profile has on this arch (runc's -ENOSYS stub bound), whatever
  // the rule's action; nullopt when no name resolves here.
  std::optional<uint32_t> max_named_nr;
};

struct ResolvedPolicy {
  uint32_t default_action = kRetKillThread;  // SECCOMP_RET_* value
  uint32_t bad_arch_action = kRetKillProcess;
  std::vector<ArchNames> arches;        // filter order (native first)
  std::deque<std::string> set_members;  // storage for names that came from expanding @sets
  bool enosys_stub = false;  // runc's stub applies (the default action is not permissive)
  std::string Dump() const;
};

// ---- lower_rules ------------------------------------------------------------------------------

// args[index] <op> value, at the width the arch compares (32-bit arches: low word only).
struct ArgCmp {
  uint8_t index = 0;
  profile::CmpOp op = profile::CmpOp::kEq;
  uint64_t value = 0;      // the operand (MASKED_EQ: the mask)
  uint64_t value_two = 0;  // MASKED_EQ: the value the masked argument must equal
  bool operator==(const ArgCmp&) const = default;
  auto operator<=>(const ArgCmp&) const = default;
};

// "a1 == 0x5", "(a0 & 0x7e020000) == 0x0".
std::string FormatCondition(const ArgCmp& c);

// All conditions hold (AND) -> action.
struct CondRule {
  std::vector<ArgCmp> conds;  // sorted by index, at most one per index
  uint32_t action = 0;
  bool operator==(const CondRule&) const = default;
  auto operator<=>(const CondRule&) const = default;
};

// Where an argument test jumps: an action, or another test of the same block.
struct ArgTarget {
  bool action = true;  // true: return `value`; false: go to test number `value` (always later)
  uint32_t value = 0;
  bool operator==(const ArgTarget&) const = default;
};

// One block of libseccomp's argument code (one node of its rule tree, passes/rule_tree.h):
// optionally load a word of seccomp_data and mask it, then compare A with `k`.
struct ArgTest {
  std::optional<uint32_t> load;      // ld [offset] first
  std::optional<uint32_t> and_mask;  // then and #mask
  uint16_t op = BPF_JEQ;             // BPF_JEQ, BPF_JGT or BPF_JGE
  uint32_t k = 0;
  ArgTarget jt;
  ArgTarget jf;
  bool operator==(const ArgTest&) const = default;
};

// What one syscall number gets on one arch after libseccomp's rule database semantics.
struct SyscallPolicy {
  uint32_t nr = 0;
  std::string_view name;  // valid while the profile and the ResolvedPolicy live
  // Unconditional action, or nullopt when `tests` decide.
  std::optional<uint32_t> action;
  // The argument rules runc added (after splitting), in profile order, for display.
  std::vector<CondRule> rules;
  // The decision libseccomp's tree makes of them (entry first; ends in actions, the default
  // action where no rule matched).
  std::vector<ArgTest> tests;
};

struct ArchRules {
  arch::Arch arch = arch::Arch::kX86_64;
  std::vector<SyscallPolicy> syscalls;  // sorted by nr, unique
  // runc's stub: numbers above this get ERRNO(ENOSYS) (nullopt: no stub for this arch).
  std::optional<uint32_t> enosys_above;
};

struct LoweredPolicy {
  uint32_t default_action = kRetKillThread;
  uint32_t bad_arch_action = kRetKillProcess;
  std::vector<ArchRules> arches;
  std::string Dump() const;
};

// ---- normalize_ranges / optimize --------------------------------------------------------------

// A conditional block: the argument tests of one syscall (SyscallPolicy::tests).
struct CondBlock {
  std::vector<ArgTest> tests;
  bool operator==(const CondBlock&) const = default;
};

// [first, last] of seccomp_data.nr -> an action, or a conditional block.
struct Range {
  uint32_t first = 0;
  uint32_t last = 0;
  std::optional<uint32_t> action;  // set: fixed action
  size_t block = 0;                // index into RangeGroup::blocks when !action
  bool operator==(const Range&) const = default;
};

// Everything one audit arch value dispatches to: x86_64 and x32 share AUDIT_ARCH_X86_64 and are
// one group whose ranges cover both halves of the number space.
struct RangeGroup {
  uint32_t audit_arch = 0;
  std::vector<arch::Arch> arches;
  std::vector<Range> ranges;  // sorted, disjoint, covering [0, 0xffffffff]
  std::vector<CondBlock> blocks;
};

struct RangePolicy {
  uint32_t bad_arch_action = kRetKillProcess;
  std::vector<RangeGroup> groups;  // filter order
  std::string Dump() const;
};

// ---- codegen / layout -------------------------------------------------------------------------

using Label = int32_t;
inline constexpr Label kNoLabel = -1;

// One instruction with symbolic jump targets. Conditional jumps use jt/jf; JA uses jt.
// A label definition is an instruction with code == kLabelDef and k == label id.
struct SymInsn {
  uint16_t code = 0;
  uint32_t k = 0;
  Label jt = kNoLabel;
  Label jf = kNoLabel;
};
inline constexpr uint16_t kLabelDef = 0xffff;

struct SymbolicProgram {
  std::vector<SymInsn> insns;
  int32_t label_count = 0;
  std::string Dump() const;
};

}  // namespace syscage::bpf
