// SPDX-License-Identifier: Apache-2.0
// The interpreter on hand-assembled programs: the kernel's load-time rejections
// (bpf_check_classic + seccomp_check_filter) and execution of every opcode class.
#include "syscage/bpf/interpreter.h"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace syscage::bpf {
namespace {

constexpr uint16_t kLdAbs = BPF_LD | BPF_W | BPF_ABS;
constexpr uint16_t kRetK = BPF_RET | BPF_K;

seccomp_data Data(int nr, uint32_t arch = 0xc000003e, std::vector<uint64_t> args = {}) {
  seccomp_data d{};
  d.nr = nr;
  d.arch = arch;
  for (size_t i = 0; i < args.size(); ++i) d.args[i] = args[i];
  return d;
}

ErrorCode CodeOf(const Program& p) {
  auto r = CheckProgram(p);
  EXPECT_FALSE(r.has_value());
  return r ? ErrorCode::kInternal : r.error().code;
}

TEST(InterpreterTest, RejectsEmptyAndOverlongPrograms) {
  EXPECT_EQ(CodeOf({}), ErrorCode::kInvalidArgument);
  Program big(4097, Stmt(kRetK, kRetAllow));
  EXPECT_EQ(CodeOf(big), ErrorCode::kLimitExceeded);
  Program max(4096, Stmt(kRetK, kRetAllow));
  EXPECT_TRUE(CheckProgram(max).has_value());
}

TEST(InterpreterTest, RejectsWhatSeccompRejects) {
  // Byte and half-word loads, indirect loads and MOD are valid classic BPF but not in seccomp.
  EXPECT_EQ(CodeOf({Stmt(BPF_LD | BPF_B | BPF_ABS, 0), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(BPF_LD | BPF_W | BPF_IND, 0), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(BPF_ALU | BPF_MOD | BPF_K, 3), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  // Unaligned or out-of-bounds seccomp_data loads (sizeof(seccomp_data) == 64).
  EXPECT_EQ(CodeOf({Stmt(kLdAbs, 2), Stmt(kRetK, 0)}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(kLdAbs, 64), Stmt(kRetK, 0)}), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(CheckProgram(Program{Stmt(kLdAbs, 60), Stmt(kRetK, 0)}).has_value());
  // Division by constant zero and shifts of 32 or more.
  EXPECT_EQ(CodeOf({Stmt(BPF_ALU | BPF_DIV | BPF_K, 0), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(BPF_ALU | BPF_LSH | BPF_K, 32), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  // Scratch memory index 16 is out of range.
  EXPECT_EQ(CodeOf({Stmt(BPF_ST, 16), Stmt(kRetK, 0)}), ErrorCode::kInvalidArgument);
}

TEST(InterpreterTest, RejectsBadJumpsAndMissingRet) {
  // jt of 1 from pc 0 in a 2-instruction program lands past the end.
  EXPECT_EQ(CodeOf({Jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), Stmt(kRetK, 0)}),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(BPF_JMP | BPF_JA, 1), Stmt(kRetK, 0)}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({Stmt(kRetK, 0), Stmt(kLdAbs, 0)}), ErrorCode::kInvalidArgument);
}

TEST(InterpreterTest, RejectsScratchReadBeforeWrite) {
  EXPECT_EQ(CodeOf({Stmt(BPF_LD | BPF_MEM, 3), Stmt(kRetK, 0)}), ErrorCode::kInvalidArgument);
  // Written on one path only: the join point does not have it.
  Program one_path = {
      Stmt(kLdAbs, 0), Jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
      Stmt(BPF_ST, 3), Stmt(BPF_LD | BPF_MEM, 3),
      Stmt(kRetK, 0),
  };
  EXPECT_EQ(CodeOf(one_path), ErrorCode::kInvalidArgument);
  Program both = {Stmt(BPF_ST, 3), Stmt(BPF_LD | BPF_MEM, 3), Stmt(BPF_RET | BPF_A, 0)};
  EXPECT_TRUE(CheckProgram(both).has_value());
}

TEST(InterpreterTest, ArchAndNumberDispatch) {
  // if (arch != x86_64) kill; if (nr == 59) errno(1); allow.
  Program p = {
      Stmt(kLdAbs, kArchOffset),
      Jump(BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e, 1, 0),
      Stmt(kRetK, kRetKillProcess),
      Stmt(kLdAbs, kNrOffset),
      Jump(BPF_JMP | BPF_JEQ | BPF_K, 59, 0, 1),
      Stmt(kRetK, RetErrno(1)),
      Stmt(kRetK, kRetAllow),
  };
  EXPECT_EQ(*Evaluate(p, Data(59)), RetErrno(1));
  EXPECT_EQ(*Evaluate(p, Data(0)), kRetAllow);
  EXPECT_EQ(*Evaluate(p, Data(59, 0x40000003)), kRetKillProcess);
  auto ev = bpf::Run(p, Data(0));
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->executed, 5u);  // ld, jeq, ld, jeq, ret
  EXPECT_FALSE(ev->loaded_args);
}

TEST(InterpreterTest, AluJsetRetAAndScratch) {
  // A = nr; A = ((A + 3) * 4 - 2) / 2 ^ 1 | 0x100 & 0xfff; x = A; M[0] = x; A = M[0]; ret A
  Program p = {
      Stmt(kLdAbs, kNrOffset),
      Stmt(BPF_ALU | BPF_ADD | BPF_K, 3),
      Stmt(BPF_ALU | BPF_MUL | BPF_K, 4),
      Stmt(BPF_ALU | BPF_SUB | BPF_K, 2),
      Stmt(BPF_ALU | BPF_DIV | BPF_K, 2),
      Stmt(BPF_ALU | BPF_XOR | BPF_K, 1),
      Stmt(BPF_ALU | BPF_OR | BPF_K, 0x100),
      Stmt(BPF_ALU | BPF_AND | BPF_K, 0xfff),
      Stmt(BPF_MISC | BPF_TAX, 0),
      Stmt(BPF_STX, 0),
      Stmt(BPF_LD | BPF_IMM, 7),
      Stmt(BPF_LD | BPF_MEM, 0),
      Stmt(BPF_RET | BPF_A, 0),
  };
  // nr = 5: (8*4-2)/2 = 15, ^1 = 14, |0x100 = 0x10e, &0xfff = 0x10e.
  EXPECT_EQ(*Evaluate(p, Data(5)), 0x10eu);
  // JSET takes the branch when any bit is shared; division by a zero X returns 0.
  Program jset = {Stmt(kLdAbs, kNrOffset), Jump(BPF_JMP | BPF_JSET | BPF_K, 0x40000000, 0, 1),
                  Stmt(kRetK, 1), Stmt(kRetK, 2)};
  EXPECT_EQ(*Evaluate(jset, Data(0x40000001)), 1u);
  EXPECT_EQ(*Evaluate(jset, Data(1)), 2u);
  Program divx = {Stmt(BPF_LDX | BPF_IMM, 0), Stmt(BPF_LD | BPF_IMM, 9),
                  Stmt(BPF_ALU | BPF_DIV | BPF_X, 0), Stmt(kRetK, kRetAllow)};
  EXPECT_EQ(*Evaluate(divx, Data(0)), 0u);
  // LD LEN is sizeof(seccomp_data).
  Program len = {Stmt(BPF_LD | BPF_W | BPF_LEN, 0), Stmt(BPF_RET | BPF_A, 0)};
  EXPECT_EQ(*Evaluate(len, Data(0)), 64u);
}

TEST(InterpreterTest, ArgumentWordsFollowByteOrder) {
  Program lo = {Stmt(kLdAbs, kArgsOffset), Stmt(BPF_RET | BPF_A, 0)};
  Program hi = {Stmt(kLdAbs, kArgsOffset + 4), Stmt(BPF_RET | BPF_A, 0)};
  const seccomp_data d = Data(0, 0xc000003e, {0x1122334455667788ull});
  // Little endian: the word at the lower address is the low half.
  EXPECT_EQ(bpf::Run(lo, d, ByteOrder::kLittle)->ret, 0x55667788u);
  EXPECT_EQ(bpf::Run(hi, d, ByteOrder::kLittle)->ret, 0x11223344u);
  // Big endian (s390x, ppc64): the lower address holds the high half.
  EXPECT_EQ(bpf::Run(lo, d, ByteOrder::kBig)->ret, 0x11223344u);
  EXPECT_EQ(bpf::Run(hi, d, ByteOrder::kBig)->ret, 0x55667788u);
  EXPECT_TRUE(bpf::Run(lo, d)->loaded_args);
}

TEST(InterpreterTest, NormalizesActionsLikeTheKernel) {
  EXPECT_EQ(NormalizeAction(RetErrno(5000)), RetErrno(4095));
  EXPECT_EQ(NormalizeAction(0x00010000u), kRetKillProcess);  // unknown action
  EXPECT_EQ(NormalizeAction(kRetAllow | 7), kRetAllow);
  EXPECT_EQ(ActionName(RetErrno(38)), "ERRNO(38)");
  EXPECT_EQ(ParseActionName("SCMP_ACT_ERRNO(1)"), RetErrno(1));
  EXPECT_EQ(ParseActionName("kill"), kRetKillThread);
  EXPECT_EQ(ParseActionName("bogus"), std::nullopt);
}

}  // namespace
}  // namespace syscage::bpf
