// SPDX-License-Identifier: Apache-2.0
// Issue 4: several argument rules on one syscall mean what libseccomp 2.5.4's merged rule tree
// makes of them (src/bpf/passes/rule_tree.h), not "first matching rule". Each case was a
// disagreement between syscage and libseccomp found by the compile fuzzer and minimised; the
// expected actions are worked out by hand from libseccomp's tree and generator (the reasoning is
// in each test) and match what libseccomp's exported filter returns. Syscall numbers: x86_64
// read 0, personality 135; i386 socketcall 102, socket 359, personality 136.
#include <cerrno>

#include <gtest/gtest.h>

#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"

namespace syscage::bpf {
namespace {

using arch::Arch;
using profile::ActionKind;
using profile::CmpOp;

constexpr uint32_t kAuditX86_64 = 0xc000003e;
constexpr uint32_t kAuditI386 = 0x40000003;

profile::ArgCondition Cond(uint32_t index, CmpOp op, uint64_t value, uint64_t value_two = 0) {
  profile::ArgCondition c;
  c.index = index;
  c.op = op;
  c.value = value;
  c.value_two = value_two;
  return c;
}

profile::SyscallRule Rule(std::vector<std::string> names, ActionKind action,
                          std::vector<profile::ArgCondition> args,
                          std::optional<uint32_t> errno_ret = std::nullopt) {
  profile::SyscallRule r;
  r.names = std::move(names);
  r.action = action;
  r.args = std::move(args);
  r.errno_ret = errno_ret;
  return r;
}

Result<CompiledFilter> Compile(ActionKind def, std::optional<uint32_t> def_errno,
                               std::vector<profile::SyscallRule> rules, std::vector<Arch> arches) {
  profile::Profile p;
  p.default_action = def;
  p.default_errno_ret = def_errno;
  p.syscalls = std::move(rules);
  CompileOptions opts;
  opts.arches = std::move(arches);
  Diagnostics diags;
  return Pipeline::Compile(p, opts, diags);
}

uint32_t Call(const CompiledFilter& f, uint32_t audit, uint32_t nr, std::vector<uint64_t> args) {
  seccomp_data d{};
  d.nr = static_cast<int>(nr);
  d.arch = audit;
  for (size_t i = 0; i < args.size(); ++i) d.args[i] = args[i];
  return RunChecked(f.program, d).ret;
}

// read: {a1 < 0x7fffffff} and {a1 != 8} (runc splits the rule: the index repeats), both KILL.
// The tree's top level is [hi(a1) == 0 (from !=), hi(a1) > 0 (from <)]; the "!=" subtree tests
// lo(a1) == 8 and falls through to the "<" node, which must reload hi(a1): libseccomp's layout
// prepends the load because the block before it left lo(a1) in the accumulator. Without the
// reload read(x, 8) compared 8 > 0 and got the default.
TEST(Issue4RuleTree, FallThroughReloadsTheWordOfTheNextSibling) {
  auto f = Compile(ActionKind::kErrno, 5,
                   {Rule({"read", "read"}, ActionKind::kKill,
                         {Cond(1, CmpOp::kLt, 0x7fffffff), Cond(1, CmpOp::kNe, 8)})},
                   {Arch::kX86_64});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(Call(*f, kAuditX86_64, 0, {0, 8}), kRetKillThread);            // 8 < 0x7fffffff
  EXPECT_EQ(Call(*f, kAuditX86_64, 0, {0, 0x7fffffff}), kRetKillThread);   // != 8
  EXPECT_EQ(Call(*f, kAuditX86_64, 0, {0, 0x100000008}), kRetKillThread);  // != 8
}

// On a 32-bit arch "<=" becomes one "lo > v" node whose *false* branch carries the action, also
// after an "==" condition (socketcall's arg0 == SYS_SOCKET) whose true branch leads to it. A
// MASKED_EQ with mask 0 generates no test at all.
TEST(Issue4RuleTree, I386LessEqualAfterSubCallTest) {
  auto f = Compile(ActionKind::kErrno, std::nullopt,
                   {Rule({"socket"}, ActionKind::kAllow,
                         {Cond(2, CmpOp::kMaskedEq, 0, 0), Cond(1, CmpOp::kLe, 0)})},
                   {Arch::kX86});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(Call(*f, kAuditI386, 102, {1, 0}), kRetAllow);        // socketcall(SYS_SOCKET), a1 0
  EXPECT_EQ(Call(*f, kAuditI386, 102, {1, 1}), RetErrno(EPERM));  // a1 > 0
  EXPECT_EQ(Call(*f, kAuditI386, 102, {2, 0}), RetErrno(EPERM));  // SYS_BIND
  EXPECT_EQ(Call(*f, kAuditI386, 359, {2, 0, 77}), kRetAllow);    // socket(2), a2 anything
  EXPECT_EQ(Call(*f, kAuditI386, 359, {2, 7}), RetErrno(EPERM));
}

// Where two rules put different actions on the same high-word test, libseccomp keeps one action
// for that node: the rule with the larger 64-bit datum. {a0 > 5} ALLOW then {a0 > 7} ERRNO(3):
// the shared node hi(a0) > 0 takes ERRNO(3), so every a0 >= 2^32 gets ERRNO(3); below 2^32 the
// low-word level is [lo > 7 -> ERRNO(3), lo > 5 -> ALLOW].
TEST(Issue4RuleTree, SharedHighWordTestTakesTheLargerDatumsAction) {
  auto f = Compile(ActionKind::kErrno, std::nullopt,
                   {Rule({"personality"}, ActionKind::kAllow, {Cond(0, CmpOp::kGt, 5)}),
                    Rule({"personality"}, ActionKind::kErrno, {Cond(0, CmpOp::kGt, 7)}, 3)},
                   {Arch::kX86_64});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(Call(*f, kAuditX86_64, 135, {6}), kRetAllow);
  EXPECT_EQ(Call(*f, kAuditX86_64, 135, {8}), RetErrno(3));
  EXPECT_EQ(Call(*f, kAuditX86_64, 135, {5}), RetErrno(EPERM));
  EXPECT_EQ(Call(*f, kAuditX86_64, 135, {0x100000000}), RetErrno(3));
}

// Two three-condition rules on which libseccomp 2.5.4 never returns from the second
// seccomp_rule_add (found by the compile fuzzer, which saw libseccomp spin; checked with a
// ten-line C program against the installed library: the second call does not return), so runc
// would hang at container start. syscage's model of the rule tree notices the endless walk and
// refuses the profile instead. On 32-bit arches the same rules are fine.
TEST(Issue4RuleTree, RuleSetThatHangsLibseccompIsRefused) {
  const std::vector<profile::SyscallRule> rules = {
      Rule({"write"}, ActionKind::kErrno,
           {Cond(0, CmpOp::kLt, 8), Cond(1, CmpOp::kGe, 0), Cond(2, CmpOp::kLt, 1)}),
      Rule({"write"}, ActionKind::kAllow,
           {Cond(0, CmpOp::kLt, 8), Cond(1, CmpOp::kEq, 8), Cond(2, CmpOp::kNe, 0x26)})};
  auto f = Compile(ActionKind::kErrno, 5, rules, {Arch::kX86_64});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(f.error().message.find("hang"), std::string::npos) << f.error().message;
  EXPECT_TRUE(Compile(ActionKind::kErrno, 5, rules, {Arch::kX86}));
}

}  // namespace
}  // namespace syscage::bpf
