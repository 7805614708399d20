// SPDX-License-Identifier: Apache-2.0
// Text dumps of the IR for `syscage compile --dump-after=STAGE`.
#include "syscage/bpf/ir.h"

#include <fmt/core.h>

namespace syscage::bpf {
namespace {

std::string CondText(const ArgCmp& c) {
  if (c.op == profile::CmpOp::kMaskedEq) {
    return fmt::format("(a{} & 0x{:x}) == 0x{:x}", c.index, c.value, c.value_two);
  }
  const char* op = "?";
  switch (c.op) {
    case profile::CmpOp::kEq:
      op = "==";
      break;
    case profile::CmpOp::kNe:
      op = "!=";
      break;
    case profile::CmpOp::kLt:
      op = "<";
      break;
    case profile::CmpOp::kLe:
      op = "<=";
      break;
    case profile::CmpOp::kGt:
      op = ">";
      break;
    case profile::CmpOp::kGe:
      op = ">=";
      break;
    case profile::CmpOp::kMaskedEq:
      break;
  }
  return fmt::format("a{} {} 0x{:x}", c.index, op, c.value);
}

std::string RulesText(const std::vector<CondRule>& rules, const std::string& indent) {
  std::string out;
  for (const auto& r : rules) {
    std::string conds;
    for (const auto& c : r.conds) conds += (conds.empty() ? "" : " && ") + CondText(c);
    out += fmt::format("{}if {} -> {}\n", indent, conds.empty() ? "true" : conds,
                       ActionName(r.action));
  }
  return out;
}

std::string TargetText(const ArgTarget& t) {
  return t.action ? ActionName(t.value) : fmt::format("t{}", t.value);
}

// "t0: ld [20]; and #0x7e020000; jeq #0x0 ? t1 : ERRNO(1)".
std::string TestsText(const std::vector<ArgTest>& tests, const std::string& indent) {
  std::string out;
  for (size_t i = 0; i < tests.size(); ++i) {
    const ArgTest& t = tests[i];
    std::string line = fmt::format("{}t{}: ", indent, i);
    if (t.load) line += fmt::format("ld [{}]; ", *t.load);
    if (t.and_mask) line += fmt::format("and #0x{:x}; ", *t.and_mask);
    const char* op = t.op == BPF_JGT ? "jgt" : t.op == BPF_JGE ? "jge" : "jeq";
    out +=
        line + fmt::format("{} #0x{:x} ? {} : {}\n", op, t.k, TargetText(t.jt), TargetText(t.jf));
  }
  return out;
}

}  // namespace

std::string FormatCondition(const ArgCmp& c) { return CondText(c); }

std::string ResolvedPolicy::Dump() const {
  std::string out =
      fmt::format("default {}  bad-arch {}  enosys-stub {}\n", ActionName(default_action),
                  ActionName(bad_arch_action), enosys_stub ? "yes" : "no");
  for (const auto& a : arches) {
    out +=
        fmt::format("arch {} ({} names, highest nr {})\n", arch::Info(a.arch).name, a.names.size(),
                    a.max_named_nr ? fmt::format("{}", *a.max_named_nr) : "none");
    for (const auto& n : a.names) {
      out += n.multiplexed_only
                 ? fmt::format("  rule {:3}  {} -> via multiplexer\n", n.rule, n.name)
                 : fmt::format("  rule {:3}  {} -> {}\n", n.rule, n.name, n.nr);
    }
  }
  return out;
}

std::string LoweredPolicy::Dump() const {
  std::string out = fmt::format("default {}  bad-arch {}\n", ActionName(default_action),
                                ActionName(bad_arch_action));
  for (const auto& a : arches) {
    out += fmt::format("arch {}{}\n", arch::Info(a.arch).name,
                       a.enosys_above ? fmt::format("  (ENOSYS above {})", *a.enosys_above) : "");
    for (const auto& s : a.syscalls) {
      if (s.action) {
        out += fmt::format("  {:<24} {:>10}  {}\n", s.name, s.nr, ActionName(*s.action));
      } else {
        out += fmt::format("  {:<24} {:>10}  conditional\n", s.name, s.nr);
        out += RulesText(s.rules, "      ");
        out += TestsText(s.tests, "      ");
      }
    }
  }
  return out;
}

std::string RangePolicy::Dump() const {
  std::string out;
  for (const auto& g : groups) {
    std::string names;
    for (auto a : g.arches) names += (names.empty() ? "" : "+") + std::string(arch::Info(a).name);
    out += fmt::format("audit arch 0x{:08x} ({}): {} ranges, {} blocks\n", g.audit_arch, names,
                       g.ranges.size(), g.blocks.size());
    for (const auto& r : g.ranges) {
      const std::string span =
          r.first == r.last ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.last);
      out += fmt::format("  {:<24} {}\n", span,
                         r.action ? ActionName(*r.action) : fmt::format("block {}", r.block));
    }
    for (size_t b = 0; b < g.blocks.size(); ++b) {
      out += fmt::format("  block {}:\n", b);
      out += TestsText(g.blocks[b].tests, "    ");
    }
  }
  out += fmt::format("else {}\n", ActionName(bad_arch_action));
  return out;
}

std::string SymbolicProgram::Dump() const {
  std::string out;
  for (const auto& in : insns) {
    if (in.code == kLabelDef) {
      out += fmt::format("L{}:\n", in.k);
      continue;
    }
    if (BPF_CLASS(in.code) == BPF_JMP) {
      if (BPF_OP(in.code) == BPF_JA) {
        out += fmt::format("  ja L{}\n", in.jt);
      } else {
        const char* op = BPF_OP(in.code) == BPF_JEQ   ? "jeq"
                         : BPF_OP(in.code) == BPF_JGT ? "jgt"
                         : BPF_OP(in.code) == BPF_JGE ? "jge"
                                                      : "jset";
        out += fmt::format("  {} #0x{:x}, L{}, L{}\n", op, in.k, in.jt, in.jf);
      }
    } else if (BPF_CLASS(in.code) == BPF_RET) {
      out += fmt::format("  ret {}\n", ActionName(in.k));
    } else if (in.code == (BPF_LD | BPF_W | BPF_ABS)) {
      out += fmt::format("  ld [{}]\n", in.k);
    } else if (in.code == (BPF_ALU | BPF_AND | BPF_K)) {
      out += fmt::format("  and #0x{:x}\n", in.k);
    } else {
      out += fmt::format("  op 0x{:04x} #0x{:x}\n", in.code, in.k);
    }
  }
  return out;
}

}  // namespace syscage::bpf
