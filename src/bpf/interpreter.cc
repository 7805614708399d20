// SPDX-License-Identifier: Apache-2.0
// Classic BPF interpreter with the kernel's load-time checks. The checks follow
// bpf_check_classic() (opcode, jump-range, shift and division constants, scratch-memory
// initialisation, final RET) and seccomp_check_filter() (only 32-bit aligned absolute loads
// inside seccomp_data and a fixed opcode allow-list).
#include "syscage/bpf/interpreter.h"

#include <bit>
#include <cstring>

#include <fmt/core.h>

#include "syscage/base/check.h"

namespace syscage::bpf {
namespace {

Error Invalid(size_t pc, std::string_view why) {
  return Error{ErrorCode::kInvalidArgument, fmt::format("instruction {}: {}", pc, why), EINVAL};
}

bool IsCondJump(uint16_t code) {
  if (BPF_CLASS(code) != BPF_JMP) return false;
  const uint16_t op = BPF_OP(code);
  return op == BPF_JEQ || op == BPF_JGT || op == BPF_JGE || op == BPF_JSET;
}

// The opcodes seccomp_check_filter() lets through.
bool SeccompAllows(uint16_t code) {
  switch (code) {
    case BPF_LD | BPF_W | BPF_ABS:
    case BPF_LD | BPF_W | BPF_LEN:
    case BPF_LDX | BPF_W | BPF_LEN:
    case BPF_RET | BPF_K:
    case BPF_RET | BPF_A:
    case BPF_ALU | BPF_ADD | BPF_K:
    case BPF_ALU | BPF_ADD | BPF_X:
    case BPF_ALU | BPF_SUB | BPF_K:
    case BPF_ALU | BPF_SUB | BPF_X:
    case BPF_ALU | BPF_MUL | BPF_K:
    case BPF_ALU | BPF_MUL | BPF_X:
    case BPF_ALU | BPF_DIV | BPF_K:
    case BPF_ALU | BPF_DIV | BPF_X:
    case BPF_ALU | BPF_AND | BPF_K:
    case BPF_ALU | BPF_AND | BPF_X:
    case BPF_ALU | BPF_OR | BPF_K:
    case BPF_ALU | BPF_OR | BPF_X:
    case BPF_ALU | BPF_XOR | BPF_K:
    case BPF_ALU | BPF_XOR | BPF_X:
    case BPF_ALU | BPF_LSH | BPF_K:
    case BPF_ALU | BPF_LSH | BPF_X:
    case BPF_ALU | BPF_RSH | BPF_K:
    case BPF_ALU | BPF_RSH | BPF_X:
    case BPF_ALU | BPF_NEG:
    case BPF_LD | BPF_IMM:
    case BPF_LDX | BPF_IMM:
    case BPF_MISC | BPF_TAX:
    case BPF_MISC | BPF_TXA:
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_MEM:
    case BPF_ST:
    case BPF_STX:
    case BPF_JMP | BPF_JA:
    case BPF_JMP | BPF_JEQ | BPF_K:
    case BPF_JMP | BPF_JEQ | BPF_X:
    case BPF_JMP | BPF_JGE | BPF_K:
    case BPF_JMP | BPF_JGE | BPF_X:
    case BPF_JMP | BPF_JGT | BPF_K:
    case BPF_JMP | BPF_JGT | BPF_X:
    case BPF_JMP | BPF_JSET | BPF_K:
    case BPF_JMP | BPF_JSET | BPF_X:
      return true;
    default:
      return false;
  }
}

uint32_t LoadWord(const seccomp_data& data, uint32_t offset, ByteOrder order) {
  // nr and arch are 32-bit fields: byte order does not change which one is read.
  if (offset < kIpOffset || order == ByteOrder::kHost ||
      (order == ByteOrder::kLittle) == (std::endian::native == std::endian::little)) {
    uint32_t word;
    std::memcpy(&word, reinterpret_cast<const char*>(&data) + offset, sizeof(word));
    return word;
  }
  // A 64-bit field of a machine with the other byte order: the word at the lower address is the
  // other half of the value.
  uint64_t value;
  const uint32_t field = offset & ~7u;
  std::memcpy(&value, reinterpret_cast<const char*>(&data) + field, sizeof(value));
  const bool lower_address = (offset & 4u) == 0;
  const bool want_high = (order == ByteOrder::kBig) ? lower_address : !lower_address;
  return want_high ? static_cast<uint32_t>(value >> 32) : static_cast<uint32_t>(value);
}

}  // namespace

Result<> CheckProgram(std::span<const sock_filter> program) {
  const size_t flen = program.size();
  if (flen == 0) return Fail(ErrorCode::kInvalidArgument, "empty program", EINVAL);
  if (flen > kMaxInsns) {
    return Fail(ErrorCode::kLimitExceeded,
                fmt::format("{} instructions, the kernel's limit is {}", flen, kMaxInsns), EINVAL);
  }
  for (size_t pc = 0; pc < flen; ++pc) {
    const sock_filter& f = program[pc];
    if (!SeccompAllows(f.code))
      return Fail(Invalid(pc, fmt::format("opcode 0x{:04x} not allowed "
                                          "in seccomp filters",
                                          f.code)));
    switch (f.code) {
      case BPF_ALU | BPF_DIV | BPF_K:
        if (f.k == 0) return Fail(Invalid(pc, "division by constant zero"));
        break;
      case BPF_ALU | BPF_LSH | BPF_K:
      case BPF_ALU | BPF_RSH | BPF_K:
        if (f.k >= 32) return Fail(Invalid(pc, "shift by 32 or more"));
        break;
      case BPF_LD | BPF_MEM:
      case BPF_LDX | BPF_MEM:
      case BPF_ST:
      case BPF_STX:
        if (f.k >= kMemWords) return Fail(Invalid(pc, "scratch memory index out of range"));
        break;
      case BPF_JMP | BPF_JA:
        if (f.k >= flen - pc - 1) return Fail(Invalid(pc, "jump out of range"));
        break;
      case BPF_LD | BPF_W | BPF_ABS:
        if (f.k >= kSeccompDataSize || (f.k & 3) != 0) {
          return Fail(Invalid(pc, fmt::format("load at offset {} outside seccomp_data or "
                                              "unaligned",
                                              f.k)));
        }
        break;
      default:
        if (IsCondJump(f.code) && (pc + f.jt + 1 >= flen || pc + f.jf + 1 >= flen)) {
          return Fail(Invalid(pc, "jump out of range"));
        }
        break;
    }
  }
  const uint16_t last = program[flen - 1].code;
  if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) {
    return Fail(Invalid(flen - 1, "program does not end with RET"));
  }
  // check_load_and_stores(): a scratch word must be written on every path before it is read.
  std::vector<uint16_t> masks(flen, 0xffff);
  uint16_t memvalid = 0;
  for (size_t pc = 0; pc < flen; ++pc) {
    memvalid &= masks[pc];
    const sock_filter& f = program[pc];
    if (f.code == BPF_ST || f.code == BPF_STX) {
      memvalid = static_cast<uint16_t>(memvalid | (1u << f.k));
    } else if (f.code == (BPF_LD | BPF_MEM) || f.code == (BPF_LDX | BPF_MEM)) {
      if ((memvalid & (1u << f.k)) == 0) {
        return Fail(Invalid(pc, "scratch memory read before it is written"));
      }
    } else if (f.code == (BPF_JMP | BPF_JA)) {
      masks[pc + 1 + f.k] &= memvalid;
      memvalid = 0xffff;
    } else if (IsCondJump(f.code)) {
      masks[pc + 1 + f.jt] &= memvalid;
      masks[pc + 1 + f.jf] &= memvalid;
      memvalid = 0xffff;
    }
  }
  return Ok{};
}

Evaluation RunChecked(std::span<const sock_filter> program, const seccomp_data& data,
                      ByteOrder order) {
  Evaluation ev;
  uint32_t a = 0;
  uint32_t x = 0;
  uint32_t mem[kMemWords] = {};
  size_t pc = 0;
  while (true) {
    CHECK(pc < program.size());
    const sock_filter& f = program[pc];
    ++ev.executed;
    const uint32_t src = (BPF_SRC(f.code) == BPF_X) ? x : f.k;
    switch (BPF_CLASS(f.code)) {
      case BPF_LD:
        if (f.code == (BPF_LD | BPF_W | BPF_ABS)) {
          if (f.k >= kIpOffset) ev.loaded_args = true;
          a = LoadWord(data, f.k, order);
        } else if (f.code == (BPF_LD | BPF_W | BPF_LEN)) {
          a = kSeccompDataSize;
        } else if (f.code == (BPF_LD | BPF_IMM)) {
          a = f.k;
        } else {
          a = mem[f.k];
        }
        break;
      case BPF_LDX:
        if (f.code == (BPF_LDX | BPF_W | BPF_LEN)) {
          x = kSeccompDataSize;
        } else if (f.code == (BPF_LDX | BPF_IMM)) {
          x = f.k;
        } else {
          x = mem[f.k];
        }
        break;
      case BPF_ST:
        mem[f.k] = a;
        break;
      case BPF_STX:
        mem[f.k] = x;
        break;
      case BPF_ALU:
        switch (BPF_OP(f.code)) {
          case BPF_ADD:
            a += src;
            break;
          case BPF_SUB:
            a -= src;
            break;
          case BPF_MUL:
            a *= src;
            break;
          case BPF_DIV:
            // Division by a zero X makes the program return 0 (classic BPF semantics).
            if (src == 0) {
              ev.ret = 0;
              return ev;
            }
            a /= src;
            break;
          case BPF_AND:
            a &= src;
            break;
          case BPF_OR:
            a |= src;
            break;
          case BPF_XOR:
            a ^= src;
            break;
          case BPF_LSH:
            a <<= (src & 31);
            break;
          case BPF_RSH:
            a >>= (src & 31);
            break;
          case BPF_NEG:
            a = 0u - a;
            break;
          default:
            CHECK(false);
        }
        break;
      case BPF_JMP: {
        if (BPF_OP(f.code) == BPF_JA) {
          pc += 1 + f.k;
          continue;
        }
        bool taken = false;
        switch (BPF_OP(f.code)) {
          case BPF_JEQ:
            taken = a == src;
            break;
          case BPF_JGT:
            taken = a > src;
            break;
          case BPF_JGE:
            taken = a >= src;
            break;
          case BPF_JSET:
            taken = (a & src) != 0;
            break;
          default:
            CHECK(false);
        }
        pc += 1 + (taken ? f.jt : f.jf);
        continue;
      }
      case BPF_RET:
        ev.ret = (BPF_RVAL(f.code) == BPF_A) ? a : f.k;
        return ev;
      case BPF_MISC:
        if (BPF_MISCOP(f.code) == BPF_TAX) {
          x = a;
        } else {
          a = x;
        }
        break;
      default:
        CHECK(false);
    }
    ++pc;
  }
}

Result<Evaluation> Run(std::span<const sock_filter> program, const seccomp_data& data,
                       ByteOrder order) {
  RETURN_IF_ERROR(CheckProgram(program));
  return RunChecked(program, data, order);
}

Result<uint32_t> Evaluate(std::span<const sock_filter> program, const seccomp_data& data) {
  ASSIGN_OR_RETURN(Evaluation ev, Run(program, data));
  return ev.ret;
}

}  // namespace syscage::bpf
