// SPDX-License-Identifier: Apache-2.0
// Pass 6, codegen: the symbolic program. Layout of the output:
//   ld arch; jeq AUDIT_A -> group A; jeq AUDIT_B -> group B; ... else RET bad-arch
//   group: ld nr; number dispatch (a balanced search over the ranges, or linear) -> outcome
//   argument blocks: rules in order, each an AND of word compares, falling to the next rule
//   one RET per distinct action, shared by every path that ends in it
// 64-bit compares check the high word and then the low word of the argument, at offsets that
// depend on the arch's byte order; 32-bit arches compare the low word only.
#include <map>

#include "syscage/base/check.h"
#include "syscage/bpf/passes/passes.h"

namespace syscage::bpf {
namespace {

class Emitter {
 public:
  Label NewLabel() { return out_.label_count++; }
  size_t Size() const { return out_.insns.size(); }
  SymInsn& At(size_t i) { return out_.insns[i]; }
  void Define(Label l) {
    out_.insns.push_back({kLabelDef, static_cast<uint32_t>(l), kNoLabel, kNoLabel});
  }
  void Stmt(uint16_t code, uint32_t k) { out_.insns.push_back({code, k, kNoLabel, kNoLabel}); }
  void Jmp(uint16_t op, uint32_t k, Label jt, Label jf) {
    out_.insns.push_back({static_cast<uint16_t>(BPF_JMP | op | BPF_K), k, jt, jf});
  }
  void Ja(Label to) { out_.insns.push_back({BPF_JMP | BPF_JA, 0, to, kNoLabel}); }
  void Load(uint32_t offset) { Stmt(BPF_LD | BPF_W | BPF_ABS, offset); }

  // The label of the shared `ret action`, emitted at the end.
  Label Ret(uint32_t action) {
    auto [it, inserted] = rets_.try_emplace(action, kNoLabel);
    if (inserted) it->second = NewLabel();
    return it->second;
  }

  SymbolicProgram Finish() {
    for (const auto& [action, label] : rets_) {
      Define(label);
      Stmt(BPF_RET | BPF_K, action);
    }
    return std::move(out_);
  }

 private:
  SymbolicProgram out_;
  std::map<uint32_t, Label> rets_;
};

// One 32-bit word compare: A <op> k with pass/fail targets.
void WordCmp(Emitter& e, profile::CmpOp op, uint32_t k, Label pass, Label fail) {
  using profile::CmpOp;
  switch (op) {
    case CmpOp::kEq:
      e.Jmp(BPF_JEQ, k, pass, fail);
      break;
    case CmpOp::kNe:
      e.Jmp(BPF_JEQ, k, fail, pass);
      break;
    case CmpOp::kGt:
      e.Jmp(BPF_JGT, k, pass, fail);
      break;
    case CmpOp::kGe:
      e.Jmp(BPF_JGE, k, pass, fail);
      break;
    case CmpOp::kLt:
      e.Jmp(BPF_JGE, k, fail, pass);
      break;
    case CmpOp::kLe:
      e.Jmp(BPF_JGT, k, fail, pass);
      break;
    case CmpOp::kMaskedEq:
      CHECK(false);
  }
}

// Emits the check of one condition; control goes to `pass` or `fail`.
void EmitCondition(Emitter& e, const ArgCmp& c, bool wide, bool big_endian, Label pass,
                   Label fail) {
  using profile::CmpOp;
  const uint32_t lo_off = ArgLoOffset(c.index, big_endian);
  const uint32_t hi_off = ArgHiOffset(c.index, big_endian);
  const uint32_t vl = static_cast<uint32_t>(c.value);
  const uint32_t vh = static_cast<uint32_t>(c.value >> 32);
  if (c.op == CmpOp::kMaskedEq) {
    const uint32_t tl = static_cast<uint32_t>(c.value_two);
    const uint32_t th = static_cast<uint32_t>(c.value_two >> 32);
    auto masked = [&](uint32_t off, uint32_t mask, uint32_t want, Label ok) {
      if (mask == 0) {
        // (x & 0) == want: decided without looking at the argument.
        if (want != 0)
          e.Ja(fail);
        else
          e.Ja(ok);
        return;
      }
      e.Load(off);
      if (mask != 0xffffffffu) e.Stmt(BPF_ALU | BPF_AND | BPF_K, mask);
      e.Jmp(BPF_JEQ, want, ok, fail);
    };
    if (wide && !(vh == 0 && th == 0)) {
      const Label next = e.NewLabel();
      masked(hi_off, vh, th, next);
      e.Define(next);
    }
    masked(lo_off, vl, tl, pass);
    return;
  }
  if (!wide) {
    e.Load(lo_off);
    WordCmp(e, c.op, vl, pass, fail);
    return;
  }
  e.Load(hi_off);
  const Label lo = e.NewLabel();
  switch (c.op) {
    case CmpOp::kEq:
      e.Jmp(BPF_JEQ, vh, lo, fail);
      break;
    case CmpOp::kNe:
      e.Jmp(BPF_JEQ, vh, lo, pass);
      break;
    case CmpOp::kGt:
    case CmpOp::kGe: {
      const Label eq = e.NewLabel();
      e.Jmp(BPF_JGT, vh, pass, eq);
      e.Define(eq);
      e.Jmp(BPF_JEQ, vh, lo, fail);
      break;
    }
    case CmpOp::kLt:
    case CmpOp::kLe: {
      const Label eq = e.NewLabel();
      e.Jmp(BPF_JGT, vh, fail, eq);
      e.Define(eq);
      e.Jmp(BPF_JEQ, vh, lo, pass);
      break;
    }
    case CmpOp::kMaskedEq:
      CHECK(false);
  }
  e.Define(lo);
  e.Load(lo_off);
  WordCmp(e, c.op, vl, pass, fail);
}

// True when rule b's first condition can start where rule a's first one failed at its low word:
// both test args[i] == value with the same high word, so that failure leaves the low word in A
// and proves the high word equal (libseccomp's shared tree node, here as jump threading).
bool Chainable(const CondBlock& block, size_t a, size_t b) {
  if (b >= block.rules.size()) return false;
  const auto& ra = block.rules[a].conds;
  const auto& rb = block.rules[b].conds;
  if (ra.empty() || rb.empty()) return false;
  const ArgCmp& x = ra.front();
  const ArgCmp& y = rb.front();
  if (x.op != profile::CmpOp::kEq || y.op != profile::CmpOp::kEq || x.index != y.index) {
    return false;
  }
  return !block.wide || (x.value >> 32) == (y.value >> 32);
}

void EmitBlock(Emitter& e, const CondBlock& block, Label entry) {
  const size_t n = block.rules.size();
  // full[r]: rule r from the start; low[r]: rule r with A holding its first argument's low word.
  std::vector<Label> full(n + 1), low(n + 1);
  for (size_t r = 0; r < n; ++r) {
    full[r] = r == 0 ? entry : e.NewLabel();
    low[r] = e.NewLabel();
  }
  full[n] = low[n] = e.Ret(block.fallback);
  e.Define(entry);
  for (size_t r = 0; r < n; ++r) {
    const CondRule& rule = block.rules[r];
    if (r > 0) e.Define(full[r]);
    if (rule.conds.empty()) {
      e.Ja(e.Ret(rule.action));
      continue;
    }
    size_t first = 0;
    const ArgCmp& c0 = rule.conds.front();
    if (c0.op == profile::CmpOp::kEq) {
      // Inline form of EmitCondition's EQ with a second entry after the low-word load.
      const Label pass = rule.conds.size() == 1 ? e.Ret(rule.action) : e.NewLabel();
      if (block.wide) {
        const Label lo = e.NewLabel();
        e.Load(ArgHiOffset(c0.index, block.big_endian));
        e.Jmp(BPF_JEQ, static_cast<uint32_t>(c0.value >> 32), lo, full[r + 1]);
        e.Define(lo);
      }
      e.Load(ArgLoOffset(c0.index, block.big_endian));
      e.Define(low[r]);
      e.Jmp(BPF_JEQ, static_cast<uint32_t>(c0.value), pass,
            Chainable(block, r, r + 1) ? low[r + 1] : full[r + 1]);
      if (rule.conds.size() > 1) e.Define(pass);
      first = 1;
    }
    for (size_t c = first; c < rule.conds.size(); ++c) {
      const bool last_cond = c + 1 == rule.conds.size();
      const Label pass = last_cond ? e.Ret(rule.action) : e.NewLabel();
      EmitCondition(e, rule.conds[c], block.wide, block.big_endian, pass, full[r + 1]);
      if (!last_cond) e.Define(pass);
    }
  }
  if (n == 0) e.Ja(e.Ret(block.fallback));
}

class Dispatcher {
 public:
  Dispatcher(Emitter& e, const RangeGroup& g, std::vector<Label> block_labels)
      : e_(e), g_(g), blocks_(std::move(block_labels)) {}

  Label Outcome(const Range& r) { return r.action ? e_.Ret(*r.action) : blocks_[r.block]; }

  // A balanced search over ranges [lo, hi); returns the entry label.
  Label Binary(size_t lo, size_t hi) {
    const auto& rs = g_.ranges;
    if (hi - lo == 1) return Outcome(rs[lo]);
    // X, {v} -> Y, X: one equality test.
    if (hi - lo == 3 && rs[lo + 1].first == rs[lo + 1].last && Same(rs[lo], rs[lo + 2])) {
      const Label l = e_.NewLabel();
      e_.Define(l);
      e_.Jmp(BPF_JEQ, rs[lo + 1].first, Outcome(rs[lo + 1]), Outcome(rs[lo]));
      return l;
    }
    const size_t mid = lo + (hi - lo) / 2;
    const Label l = e_.NewLabel();
    e_.Define(l);
    const size_t at = e_.Size();
    e_.Jmp(BPF_JGE, rs[mid].first, kNoLabel, kNoLabel);
    const Label left = Binary(lo, mid);
    const Label right = Binary(mid, hi);
    e_.At(at).jt = right;
    e_.At(at).jf = left;
    return l;
  }

  // One test per boundary in number order.
  Label Linear() {
    const auto& rs = g_.ranges;
    const Label l = e_.NewLabel();
    e_.Define(l);
    for (size_t i = 0; i + 1 < rs.size(); ++i) {
      const Label next = e_.NewLabel();
      e_.Jmp(BPF_JGE, rs[i + 1].first, next, Outcome(rs[i]));
      e_.Define(next);
    }
    e_.Ja(Outcome(rs.back()));
    return l;
  }

 private:
  static bool Same(const Range& a, const Range& b) {
    return a.action == b.action && (a.action || a.block == b.block);
  }

  Emitter& e_;
  const RangeGroup& g_;
  std::vector<Label> blocks_;
};

}  // namespace

Result<SymbolicProgram> Codegen(const RangePolicy& policy, const CompileOptions& options) {
  Emitter e;
  e.Load(kArchOffset);
  std::vector<Label> group_labels;
  for (size_t i = 0; i < policy.groups.size(); ++i) {
    group_labels.push_back(e.NewLabel());
    const bool last = i + 1 == policy.groups.size();
    const Label next = last ? e.Ret(policy.bad_arch_action) : e.NewLabel();
    e.Jmp(BPF_JEQ, policy.groups[i].audit_arch, group_labels[i], next);
    if (!last) e.Define(next);
  }
  if (policy.groups.empty()) e.Ja(e.Ret(policy.bad_arch_action));
  for (size_t i = 0; i < policy.groups.size(); ++i) {
    const RangeGroup& g = policy.groups[i];
    std::vector<Label> block_labels;
    for (size_t b = 0; b < g.blocks.size(); ++b) block_labels.push_back(e.NewLabel());
    e.Define(group_labels[i]);
    e.Load(kNrOffset);
    Dispatcher d(e, g, block_labels);
    const Label entry =
        options.dispatch == Dispatch::kLinear ? d.Linear() : d.Binary(0, g.ranges.size());
    // A group with one range jumps straight to its outcome.
    if (g.ranges.size() == 1) e.Ja(entry);
    for (size_t b = 0; b < g.blocks.size(); ++b) EmitBlock(e, g.blocks[b], block_labels[b]);
  }
  return e.Finish();
}

}  // namespace syscage::bpf
