// SPDX-License-Identifier: Apache-2.0
// The disassembler tracks, along the program's forward-only control flow, what the accumulator
// holds and which arch a path has been checked against, so compares can be named
// (libseccomp's gen_pfc, sandbox2's bpfdisassembler, kafel's dump_policy_bpf do similar).
#include "syscage/bpf/disasm.h"

#include <optional>
#include <vector>

#include <fmt/core.h>

#include "syscage/arch/arch.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {
namespace {

enum class Holds : uint8_t { kUnknown, kNr, kArch, kArg, kConst };

struct State {
  bool reached = false;
  Holds holds = Holds::kUnknown;
  uint32_t arg_offset = 0;
  std::optional<uint32_t> audit;  // arch value known on this path

  void Merge(const State& o) {
    if (!reached) {
      *this = o;
      return;
    }
    if (holds != o.holds || arg_offset != o.arg_offset) holds = Holds::kUnknown;
    if (audit != o.audit) audit.reset();
  }
};

const char* JumpName(uint16_t code) {
  switch (BPF_OP(code)) {
    case BPF_JEQ:
      return "jeq";
    case BPF_JGT:
      return "jgt";
    case BPF_JGE:
      return "jge";
    case BPF_JSET:
      return "jset";
    default:
      return "j??";
  }
}

std::string AluName(uint16_t code) {
  switch (BPF_OP(code)) {
    case BPF_ADD:
      return "add";
    case BPF_SUB:
      return "sub";
    case BPF_MUL:
      return "mul";
    case BPF_DIV:
      return "div";
    case BPF_OR:
      return "or";
    case BPF_AND:
      return "and";
    case BPF_LSH:
      return "lsh";
    case BPF_RSH:
      return "rsh";
    case BPF_NEG:
      return "neg";
    case BPF_MOD:
      return "mod";
    case BPF_XOR:
      return "xor";
    default:
      return "alu?";
  }
}

std::string ArchLabel(uint32_t audit) {
  std::string names;
  for (const auto& info : arch::AllArchs()) {
    if (info.audit_arch == audit) names += (names.empty() ? "" : "/") + std::string(info.name);
  }
  return names.empty() ? fmt::format("arch 0x{:08x}", audit) : names;
}

std::string LoadLabel(uint32_t k) {
  if (k == kNrOffset) return "nr";
  if (k == kArchOffset) return "arch";
  if (k == kIpOffset || k == kIpOffset + 4) return "instruction_pointer";
  if (k >= kArgsOffset && k < kSeccompDataSize) {
    const uint32_t index = (k - kArgsOffset) / 8;
    // Which half depends on the arch's byte order; name the little-endian reading, which is
    // what every arch syscage compiles for except s390x/ppc64/mips (big endian).
    return fmt::format("args[{}] word {}", index, ((k - kArgsOffset) % 8) / 4);
  }
  return fmt::format("data[{}]", k);
}

std::string NrLabel(uint32_t nr, const std::optional<uint32_t>& audit) {
  if (!audit) return fmt::format("nr {}", nr);
  for (const auto& info : arch::AllArchs()) {
    if (info.audit_arch != *audit) continue;
    // x86_64 and x32 share an audit value: the x32 bit picks the table.
    const bool x32_number = (nr & arch::kX32SyscallBit) != 0;
    if (info.arch == arch::Arch::kX86_64 && x32_number) continue;
    if (info.arch == arch::Arch::kX32 && !x32_number) continue;
    if (auto name = syscalls::NameOf(info.arch, nr)) return std::string(*name);
  }
  if (nr == arch::kX32SyscallBit) return "x32 bit";
  return fmt::format("nr {}", nr);
}

}  // namespace

std::string FormatInsn(const sock_filter& f, size_t pc) {
  const uint16_t code = f.code;
  switch (BPF_CLASS(code)) {
    case BPF_LD:
      if (code == (BPF_LD | BPF_W | BPF_ABS)) return fmt::format("ld   [{}]", f.k);
      if (code == (BPF_LD | BPF_W | BPF_LEN)) return "ld   #len";
      if (code == (BPF_LD | BPF_IMM)) return fmt::format("ld   #0x{:x}", f.k);
      if (code == (BPF_LD | BPF_MEM)) return fmt::format("ld   M[{}]", f.k);
      break;
    case BPF_LDX:
      if (code == (BPF_LDX | BPF_W | BPF_LEN)) return "ldx  #len";
      if (code == (BPF_LDX | BPF_IMM)) return fmt::format("ldx  #0x{:x}", f.k);
      if (code == (BPF_LDX | BPF_MEM)) return fmt::format("ldx  M[{}]", f.k);
      break;
    case BPF_ST:
      return fmt::format("st   M[{}]", f.k);
    case BPF_STX:
      return fmt::format("stx  M[{}]", f.k);
    case BPF_ALU:
      if (BPF_OP(code) == BPF_NEG) return "neg";
      return BPF_SRC(code) == BPF_X ? fmt::format("{:<4} x", AluName(code))
                                    : fmt::format("{:<4} #0x{:x}", AluName(code), f.k);
    case BPF_JMP:
      if (BPF_OP(code) == BPF_JA) return fmt::format("ja   {}", pc + 1 + f.k);
      return fmt::format("{:<4} {}  jt {}  jf {}", JumpName(code),
                         BPF_SRC(code) == BPF_X ? std::string("x") : fmt::format("#0x{:x}", f.k),
                         pc + 1 + f.jt, pc + 1 + f.jf);
    case BPF_RET:
      return BPF_RVAL(code) == BPF_A ? "ret  a" : fmt::format("ret  #0x{:08x}", f.k);
    case BPF_MISC:
      return BPF_MISCOP(code) == BPF_TAX ? "tax" : "txa";
  }
  return fmt::format(".insn 0x{:04x} {} {} 0x{:x}", code, f.jt, f.jf, f.k);
}

std::string Disassemble(std::span<const sock_filter> program) {
  std::vector<State> states(program.size() + 1);
  if (!program.empty()) states[0].reached = true;
  std::string out;
  const int width = program.size() >= 1000 ? 4 : 3;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const sock_filter& f = program[pc];
    State s = states[pc];
    std::string note;
    auto flow = [&](size_t to, const State& st) {
      if (to < states.size()) states[to].Merge(st);
    };
    State next = s;
    switch (BPF_CLASS(f.code)) {
      case BPF_LD:
        if (f.code == (BPF_LD | BPF_W | BPF_ABS)) {
          next.holds = f.k == kNrOffset     ? Holds::kNr
                       : f.k == kArchOffset ? Holds::kArch
                                            : Holds::kArg;
          next.arg_offset = f.k;
          note = LoadLabel(f.k);
        } else {
          next.holds = f.code == (BPF_LD | BPF_IMM) ? Holds::kConst : Holds::kUnknown;
        }
        flow(pc + 1, next);
        break;
      case BPF_ALU:
      case BPF_MISC:
        next.holds = Holds::kUnknown;
        flow(pc + 1, next);
        break;
      case BPF_JMP: {
        if (BPF_OP(f.code) == BPF_JA) {
          flow(pc + 1 + f.k, next);
          break;
        }
        State taken = s;
        State not_taken = s;
        if (BPF_SRC(f.code) == BPF_K) {
          if (s.holds == Holds::kArch) {
            note = ArchLabel(f.k);
            if (BPF_OP(f.code) == BPF_JEQ) taken.audit = f.k;
          } else if (s.holds == Holds::kNr) {
            note = NrLabel(f.k, s.audit);
          }
        }
        flow(pc + 1 + f.jt, taken);
        flow(pc + 1 + f.jf, not_taken);
        break;
      }
      case BPF_RET:
        if (BPF_RVAL(f.code) == BPF_K) note = ActionName(f.k);
        break;
      default:
        next.holds = Holds::kUnknown;
        flow(pc + 1, next);
        break;
    }
    std::string line = fmt::format("{:>{}}: {}", pc, width, FormatInsn(f, pc));
    if (!note.empty()) {
      if (line.size() < 40) line.resize(40, ' ');
      line += "  ; " + note;
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace syscage::bpf
