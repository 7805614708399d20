// SPDX-License-Identifier: Apache-2.0
// The compiler on hand-made profiles, checked by running the output on the interpreter. Expected
// actions are worked out by hand from runc's and libseccomp's documented semantics; syscall
// numbers come from the kernel's syscall tables (x86_64 read 0, write 1, openat 257, personality
// 135, socket 41; i386 socketcall 102, socket 359, personality 136; x32 = x86_64 + 0x40000000).
#include "syscage/bpf/pipeline.h"

#include <cerrno>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "syscage/bpf/disasm.h"
#include "syscage/bpf/interpreter.h"

namespace syscage::bpf {
namespace {

using arch::Arch;
using profile::ActionKind;
using profile::CmpOp;

constexpr uint32_t kAuditX86_64 = 0xc000003e;
constexpr uint32_t kAuditI386 = 0x40000003;
constexpr uint32_t kAuditAarch64 = 0xc00000b7;

profile::SyscallRule Rule(std::vector<std::string> names, ActionKind action,
                          std::vector<profile::ArgCondition> args = {},
                          std::optional<uint32_t> errno_ret = std::nullopt) {
  profile::SyscallRule r;
  r.names = std::move(names);
  r.action = action;
  r.args = std::move(args);
  r.errno_ret = errno_ret;
  return r;
}

profile::ArgCondition Cond(uint32_t index, CmpOp op, uint64_t value, uint64_t value_two = 0) {
  profile::ArgCondition c;
  c.index = index;
  c.op = op;
  c.value = value;
  c.value_two = value_two;
  return c;
}

profile::Profile Make(ActionKind def, std::vector<profile::SyscallRule> rules,
                      std::optional<uint32_t> def_errno = std::nullopt) {
  profile::Profile p;
  p.default_action = def;
  p.default_errno_ret = def_errno;
  p.syscalls = std::move(rules);
  return p;
}

class Compiled {
 public:
  Compiled(const profile::Profile& p, std::vector<Arch> arches, CompileOptions opts = {}) {
    opts.arches = std::move(arches);
    auto r = Pipeline::Compile(p, opts, diags_);
    if (!r) {
      error_ = r.error();
      return;
    }
    filter_ = std::move(*r);
  }
  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }
  const Program& program() const { return filter_.program; }

  uint32_t Call(uint32_t audit, uint32_t nr, std::vector<uint64_t> args = {}) const {
    seccomp_data d{};
    d.nr = static_cast<int>(nr);
    d.arch = audit;
    for (size_t i = 0; i < args.size(); ++i) d.args[i] = args[i];
    auto r = Evaluate(filter_.program, d);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : 0xdeadbeef;
  }
  const Diagnostics& diags() const { return diags_; }

 private:
  Diagnostics diags_;
  CompiledFilter filter_;
  std::optional<Error> error_;
};

TEST(PipelineTest, AllowListWithDefaultErrnoAndBadArch) {
  Compiled c(Make(ActionKind::kErrno, {Rule({"read", "write"}, ActionKind::kAllow),
                                       Rule({"close"}, ActionKind::kErrno)}),
             {Arch::kX86_64});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.Call(kAuditX86_64, 0), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 1), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 2), RetErrno(EPERM));   // ERRNO without errnoRet is EPERM
  EXPECT_EQ(c.Call(kAuditX86_64, 4), RetErrno(ENOSYS));  // above close (3): runc's stub
  EXPECT_EQ(c.Call(kAuditI386, 0), kRetKillProcess);     // not a filter arch
  // An x32 number under AUDIT_ARCH_X86_64 must not reach the x86_64 rules.
  EXPECT_EQ(c.Call(kAuditX86_64, 0x40000000), kRetKillProcess);
}

TEST(PipelineTest, EnosysStubAboveHighestNamedSyscall) {
  // openat (257) is the highest name; 258.. get ENOSYS, 3 (unnamed, below) the default.
  Compiled c(Make(ActionKind::kErrno, {Rule({"read", "openat"}, ActionKind::kAllow)}),
             {Arch::kX86_64});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call(kAuditX86_64, 3), RetErrno(EPERM));
  EXPECT_EQ(c.Call(kAuditX86_64, 257), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 258), RetErrno(ENOSYS));
  EXPECT_EQ(c.Call(kAuditX86_64, 1000), RetErrno(ENOSYS));
  // Permissive defaults and ENOSYS defaults get no stub.
  Compiled log(Make(ActionKind::kLog, {Rule({"read"}, ActionKind::kErrno)}), {Arch::kX86_64});
  EXPECT_EQ(log.Call(kAuditX86_64, 1000), kRetLog);
  Compiled enosys(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow)}, ENOSYS),
                  {Arch::kX86_64});
  EXPECT_EQ(enosys.Call(kAuditX86_64, 1000), RetErrno(ENOSYS));
  // The stub counts names of skipped rules too (runc reads every rule's name).
  Compiled skipped(Make(ActionKind::kErrno,
                        {Rule({"read"}, ActionKind::kAllow), Rule({"openat"}, ActionKind::kErrno)}),
                   {Arch::kX86_64});
  EXPECT_EQ(skipped.Call(kAuditX86_64, 257), RetErrno(EPERM));
  EXPECT_EQ(skipped.Call(kAuditX86_64, 258), RetErrno(ENOSYS));
}

TEST(PipelineTest, RuncActionMapping) {
  Compiled c(Make(ActionKind::kAllow,
                  {Rule({"read"}, ActionKind::kKill), Rule({"write"}, ActionKind::kTrace),
                   Rule({"openat"}, ActionKind::kErrno, {}, 13), Rule({"close"}, ActionKind::kTrap),
                   Rule({"personality"}, ActionKind::kAllow)}),
             {Arch::kX86_64});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call(kAuditX86_64, 0), kRetKillThread);   // SCMP_ACT_KILL is kill-thread
  EXPECT_EQ(c.Call(kAuditX86_64, 1), RetTrace(EPERM));  // TRACE without errnoRet: 1
  EXPECT_EQ(c.Call(kAuditX86_64, 257), RetErrno(13));
  EXPECT_EQ(c.Call(kAuditX86_64, 3), kRetTrap);
  EXPECT_EQ(c.Call(kAuditX86_64, 135), kRetAllow);  // same as default: skipped, still allowed
}

TEST(PipelineTest, FirstUnconditionalRuleWinsAndReplacesConditional) {
  Compiled c(Make(ActionKind::kErrno,
                  {
                      Rule({"read"}, ActionKind::kAllow),
                      Rule({"read"}, ActionKind::kErrno, {}, 5),  // no-op: read already decided
                      Rule({"write"}, ActionKind::kAllow, {Cond(0, CmpOp::kEq, 1)}),
                      Rule({"write"}, ActionKind::kTrap),  // replaces the conditional rule
                  }),
             {Arch::kX86_64});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call(kAuditX86_64, 0), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 1, {1}), kRetTrap);
  EXPECT_EQ(c.Call(kAuditX86_64, 1, {2}), kRetTrap);
}

TEST(PipelineTest, SameArgumentConditionsAreOred) {
  // arg0 == 100 and arg0 == 9001 in one rule: runc adds two rules, so either value matches.
  Compiled c(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow,
                                            {Cond(0, CmpOp::kEq, 100), Cond(0, CmpOp::kEq, 9001)}),
                                       Rule({"write"}, ActionKind::kAllow,
                                            {Cond(0, CmpOp::kEq, 1), Cond(1, CmpOp::kEq, 2)})}),
             {Arch::kX86_64});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call(kAuditX86_64, 0, {100}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 0, {9001}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 0, {101}), RetErrno(EPERM));
  // Different arguments are ANDed.
  EXPECT_EQ(c.Call(kAuditX86_64, 1, {1, 2}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditX86_64, 1, {1, 3}), RetErrno(EPERM));
  EXPECT_EQ(c.Call(kAuditX86_64, 1, {0, 2}), RetErrno(EPERM));
}

// Each operator on a 64-bit arch compares both halves: values differing only in the high word.
TEST(PipelineTest, SixtyFourBitComparesUseBothWords) {
  const uint64_t k = 0x0000000100000005ull;
  struct Case {
    CmpOp op;
    uint64_t arg;
    bool allowed;
  };
  const Case cases[] = {
      {CmpOp::kEq, k, true},
      {CmpOp::kEq, 5, false},
      {CmpOp::kNe, 5, true},
      {CmpOp::kNe, k, false},
      {CmpOp::kGt, k + 1, true},
      {CmpOp::kGt, 0xffffffffull, false},
      {CmpOp::kGt, k, false},
      {CmpOp::kGe, k, true},
      {CmpOp::kGe, 0x100000004ull, false},
      {CmpOp::kLt, 0xffffffffull, true},
      {CmpOp::kLt, k, false},
      {CmpOp::kLt, 0x200000000ull, false},
      {CmpOp::kLe, k, true},
      {CmpOp::kLe, k + 1, false},
  };
  for (const auto& tc : cases) {
    Compiled c(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow, {Cond(2, tc.op, k)})}),
               {Arch::kX86_64, Arch::kAarch64});
    ASSERT_TRUE(c.ok());
    for (uint32_t audit : {kAuditX86_64, kAuditAarch64}) {
      const uint32_t read_nr = audit == kAuditX86_64 ? 0 : 63;
      EXPECT_EQ(c.Call(audit, read_nr, {0, 0, tc.arg}) == kRetAllow, tc.allowed)
          << profile::CmpOpName(tc.op) << " arg 0x" << std::hex << tc.arg;
    }
  }
  // MASKED_EQ with a mask in both halves: (arg & 0xff000000ff) == 0x1200000034.
  Compiled m(Make(ActionKind::kErrno,
                  {Rule({"read"}, ActionKind::kAllow,
                        {Cond(1, CmpOp::kMaskedEq, 0xff000000ffull, 0x1200000034ull)})}),
             {Arch::kX86_64});
  EXPECT_EQ(m.Call(kAuditX86_64, 0, {0, 0xab12cdef0034ull}), kRetAllow);  // 0x12.. & 0x34 match
  EXPECT_EQ(m.Call(kAuditX86_64, 0, {0, 0x1255555534ull}), kRetAllow);
  EXPECT_EQ(m.Call(kAuditX86_64, 0, {0, 0x1355555534ull}), RetErrno(EPERM));
  EXPECT_EQ(m.Call(kAuditX86_64, 0, {0, 0x1255555535ull}), RetErrno(EPERM));
}

TEST(PipelineTest, ThirtyTwoBitArchComparesLowWord) {
  // i386 personality is 136. A 64-bit value is cut to its low word as libseccomp does.
  Compiled c(Make(ActionKind::kErrno, {Rule({"personality"}, ActionKind::kAllow,
                                            {Cond(0, CmpOp::kEq, 0xffffffffull)})}),
             {Arch::kX86});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call(kAuditI386, 136, {0xffffffffull}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditI386, 136, {8}), RetErrno(EPERM));
}

TEST(PipelineTest, I386SocketcallSubCalls) {
  // A socket rule also allows socketcall(SYS_SOCKET=1, ...); accept has no direct i386 syscall,
  // so only socketcall(SYS_ACCEPT=5) is allowed.
  Compiled c(Make(ActionKind::kErrno, {Rule({"socket", "accept"}, ActionKind::kAllow)}),
             {Arch::kX86});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.Call(kAuditI386, 359), kRetAllow);
  EXPECT_EQ(c.Call(kAuditI386, 102, {1}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditI386, 102, {5}), kRetAllow);
  EXPECT_EQ(c.Call(kAuditI386, 102, {3}), RetErrno(EPERM));  // connect
}

TEST(PipelineTest, X32AndX86_64ShareTheAuditArch) {
  Compiled both(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow)}),
                {Arch::kX86_64, Arch::kX32});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both.Call(kAuditX86_64, 0), kRetAllow);
  EXPECT_EQ(both.Call(kAuditX86_64, 0x40000000), kRetAllow);
  Compiled x32(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow)}), {Arch::kX32});
  EXPECT_EQ(x32.Call(kAuditX86_64, 0x40000000), kRetAllow);
  EXPECT_EQ(x32.Call(kAuditX86_64, 0), kRetKillProcess);  // an x86_64 call, not a filter ABI
}

TEST(PipelineTest, UnknownNamesAreErrorsUnlessIgnored) {
  const auto p = Make(ActionKind::kErrno, {Rule({"read", "no_such_call"}, ActionKind::kAllow)});
  Compiled strict(p, {Arch::kX86_64});
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(strict.diags().ToString(), testing::HasSubstr("no_such_call"));
  CompileOptions opts;
  opts.ignore_unknown = true;
  Compiled lax(p, {Arch::kX86_64}, opts);
  ASSERT_TRUE(lax.ok());
  EXPECT_EQ(lax.diags().Count(Severity::kWarning), 1u);
  EXPECT_EQ(lax.Call(kAuditX86_64, 0), kRetAllow);
  // Known on another arch only (socketcall is i386's): skipped on x86_64, no diagnostic.
  Compiled other(Make(ActionKind::kErrno, {Rule({"socketcall"}, ActionKind::kAllow)}),
                 {Arch::kX86_64});
  EXPECT_TRUE(other.ok());
  EXPECT_TRUE(other.diags().empty());
}

TEST(PipelineTest, BadErrnoAndArgIndexAreErrors) {
  Compiled errno_big(Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kErrno, {}, 12345)}),
                     {Arch::kX86_64});
  EXPECT_FALSE(errno_big.ok());
  Compiled index(
      Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow, {Cond(6, CmpOp::kEq, 1)})}),
      {Arch::kX86_64});
  EXPECT_FALSE(index.ok());
}

TEST(PipelineTest, LongProgramsUseTrampolinesAndStayCorrect) {
  // 320 distinct argument checks: blocks far from the dispatch need long jumps.
  std::vector<profile::SyscallRule> rules;
  const char* names[] = {"read", "write", "close", "openat", "mmap", "brk", "futex", "ioctl"};
  for (uint32_t i = 0; i < 8; ++i) {
    for (uint32_t v = 0; v < 40; ++v) {
      rules.push_back(Rule({names[i]}, ActionKind::kAllow, {Cond(1, CmpOp::kEq, 1000 * i + v)}));
    }
  }
  Compiled c(Make(ActionKind::kErrno, rules), {Arch::kX86_64});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_GT(c.program().size(), 256u);
  EXPECT_EQ(c.Call(kAuditX86_64, 0, {0, 39}), kRetAllow);  // read, v = 39
  EXPECT_EQ(c.Call(kAuditX86_64, 0, {0, 40}), RetErrno(EPERM));
  EXPECT_EQ(c.Call(kAuditX86_64, 16, {0, 7000}), kRetAllow);  // ioctl (16), i = 7
  EXPECT_EQ(c.Call(kAuditX86_64, 16, {0, 7040}), RetErrno(EPERM));
}

TEST(PipelineTest, OverTheKernelLimitIsAnError) {
  std::vector<profile::SyscallRule> rules;
  for (uint32_t v = 0; v < 2000; ++v) {
    rules.push_back(
        Rule({"read"}, ActionKind::kAllow, {Cond(0, CmpOp::kEq, v), Cond(1, CmpOp::kEq, v)}));
  }
  Compiled c(Make(ActionKind::kErrno, rules), {Arch::kX86_64});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kLimitExceeded);
}

TEST(PipelineTest, DumpAfterEveryStage) {
  const auto p = Make(ActionKind::kErrno, {Rule({"read"}, ActionKind::kAllow)});
  for (const char* name : {"resolve", "lower", "normalize", "optimize", "codegen", "layout"}) {
    CompileOptions opts;
    opts.dump_after = *StageFromName(name);
    Compiled c(p, {Arch::kX86_64}, opts);
    ASSERT_TRUE(c.ok());
  }
  EXPECT_FALSE(StageFromName("bogus").has_value());
  Compiled c(p, {Arch::kX86_64});
  const std::string text = Disassemble(c.program());
  EXPECT_THAT(text, testing::HasSubstr("x86_64"));
  EXPECT_THAT(text, testing::HasSubstr("ALLOW"));
}

TEST(PipelineTest, LinearAndBinaryDispatchAgree) {
  const auto p = Make(ActionKind::kErrno,
                      {Rule({"read", "write", "openat", "close", "mmap"}, ActionKind::kAllow),
                       Rule({"personality"}, ActionKind::kAllow, {Cond(0, CmpOp::kEq, 8)})});
  CompileOptions linear;
  linear.dispatch = Dispatch::kLinear;
  Compiled a(p, {Arch::kX86_64});
  Compiled b(p, {Arch::kX86_64}, linear);
  for (uint32_t nr = 0; nr < 600; ++nr) {
    for (uint64_t arg : {0ull, 8ull}) {
      EXPECT_EQ(a.Call(kAuditX86_64, nr, {arg}), b.Call(kAuditX86_64, nr, {arg})) << nr;
    }
  }
}

}  // namespace
}  // namespace syscage::bpf
