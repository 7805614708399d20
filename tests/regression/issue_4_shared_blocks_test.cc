// SPDX-License-Identifier: Apache-2.0
// Issue 4: libseccomp 2.5.4 deduplicates identical BPF blocks across the whole filter, not per
// syscall, and decides whether a block that compares the word already in the accumulator gets a
// reload from where the layout first placed it (src/bpf/passes/rule_tree.h, ArgBlocks). So one
// syscall's argument test can be another syscall's block, and compare whatever word that other
// syscall's path left in the accumulator. Both cases were disagreements with libseccomp found by
// the compile fuzzer (release build, seeds 42 and 3) and minimised; the expected actions are
// worked out by hand from the program libseccomp exports for each profile (quoted in each test).
// Syscall numbers: x86_64 ioctl 16, semop 65; i386 read 3, socketcall 102, socket 359.
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

profile::ArgCondition Cond(uint32_t index, CmpOp op, uint64_t value) {
  profile::ArgCondition c;
  c.index = index;
  c.op = op;
  c.value = value;
  return c;
}

profile::SyscallRule Rule(std::vector<std::string> names, ActionKind action,
                          std::vector<profile::ArgCondition> args) {
  profile::SyscallRule r;
  r.names = std::move(names);
  r.action = action;
  r.args = std::move(args);
  return r;
}

Result<CompiledFilter> Compile(std::vector<profile::SyscallRule> rules, Arch arch) {
  profile::Profile p;
  p.default_action = ActionKind::kAllow;
  p.syscalls = std::move(rules);
  CompileOptions opts;
  opts.arches = {arch};
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

// [ioctl semop] TRAP {a1 == 8}, {a1 <= 0x100000000} (runc splits: the index repeats); [ioctl]
// TRACE {a1 < 8}. libseccomp exports, for semop and the block it shares with ioctl:
//    6: ld [28]; jeq #0 jt 8 jf 21        hi(a1) == 0
//    8: ld [24]; jeq #8 jt TRAP jf 21     lo(a1) == 8
//   ...                                   (ioctl: 15: ld [28]; jgt #0 jt 21 ...)
//   21: jgt #1 jt ALLOW jf 22             hi(a1) > 1, no reload: ioctl's jump left hi(a1) in A
//   22: jeq #1 jt 23 jf TRAP
//   23: ld [24]; jgt #0 jt ALLOW jf TRAP
// semop reaches 21 from 8 with lo(a1) in A, so it compares lo(a1) > 1 where hi(a1) was meant.
TEST(Issue4SharedBlocks, SemopComparesTheWordIoctlsPathLeftInTheAccumulator) {
  auto f = Compile({Rule({"ioctl", "semop"}, ActionKind::kTrap,
                         {Cond(1, CmpOp::kEq, 8), Cond(1, CmpOp::kLe, 0x100000000)}),
                    Rule({"ioctl"}, ActionKind::kTrace, {Cond(1, CmpOp::kLt, 8)})},
                   Arch::kX86_64);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(Call(*f, kAuditX86_64, 65, {0, 8}), kRetTrap);             // lo == 8
  EXPECT_EQ(Call(*f, kAuditX86_64, 65, {0, 9}), kRetAllow);            // 9 > 1 at 21
  EXPECT_EQ(Call(*f, kAuditX86_64, 65, {0, 0}), kRetTrap);             // 0 > 1 no, 0 == 1 no
  EXPECT_EQ(Call(*f, kAuditX86_64, 65, {0, 0x200000000}), kRetAllow);  // hi 2 > 1 at 21
}

// [socket read] ERRNO {a1 > 0}, {a1 == 0}; [read] ERRNO {a1 != 0 && a2 != 0}, on i386, where
// libseccomp also puts socket's rules on socketcall (a0 == 1). libseccomp exports:
//    4: jeq #3 (read) jt 5 jf 9
//    5: ld [24]; jeq #0 jt ERRNO jf 7     lo(a1) == 0
//    7: ld [32]; jeq #0 jt 14 jf ERRNO    lo(a2) == 0: on to the "a1 > 0" test
//   10: ld [16]; jeq #1 jt 12 jf ALLOW    socketcall(SYS_SOCKET)
//   12: ld [24]; jeq #0 jt ERRNO jf 14
//   14: jgt #0 jt ERRNO jf ALLOW          no reload: socketcall's block 12 left a1 in A
// read reaches 14 from 7 with a2 in A, so read(x, a1 != 0, 0) compares a2 > 0 and is allowed.
TEST(Issue4SharedBlocks, I386ReadComparesTheWordSocketcallsPathLeftInTheAccumulator) {
  auto f = Compile(
      {Rule({"socket", "read"}, ActionKind::kErrno,
            {Cond(1, CmpOp::kGt, 0), Cond(1, CmpOp::kEq, 0)}),
       Rule({"read"}, ActionKind::kErrno, {Cond(1, CmpOp::kNe, 0), Cond(2, CmpOp::kNe, 0)})},
      Arch::kX86);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(Call(*f, kAuditI386, 3, {0, 0xffffffff, 0}), kRetAllow);  // a2 0 > 0 at 14
  EXPECT_EQ(Call(*f, kAuditI386, 3, {0, 5, 0}), kRetAllow);
  EXPECT_EQ(Call(*f, kAuditI386, 3, {0, 0, 0}), RetErrno(1));  // a1 == 0
  EXPECT_EQ(Call(*f, kAuditI386, 3, {0, 5, 7}), RetErrno(1));  // a2 != 0
  EXPECT_EQ(Call(*f, kAuditI386, 102, {1, 5}), RetErrno(1));   // socketcall: a1 > 0 on a1
  EXPECT_EQ(Call(*f, kAuditI386, 359, {2, 5}), RetErrno(1));   // socket: the same block
}

}  // namespace
}  // namespace syscage::bpf
