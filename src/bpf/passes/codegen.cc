// SPDX-License-Identifier: Apache-2.0
// Pass 6, codegen: the symbolic program. Layout of the output:
//   ld arch; jeq AUDIT_A -> group A; jeq AUDIT_B -> group B; ... else RET bad-arch
//   group: ld nr; number dispatch (a balanced search over the ranges, or linear) -> outcome
//   argument blocks: libseccomp's tests for the syscall's rule tree (passes/rule_tree.h)
//   one RET per distinct action, shared by every path that ends in it
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

// One block of argument tests (rule_tree.h), as libseccomp's generator lays it out: each test
// loads and masks a word when it needs to and compares; targets are later tests or actions.
void EmitBlock(Emitter& e, const CondBlock& block, Label entry) {
  CHECK(!block.tests.empty());
  std::vector<Label> labels(block.tests.size());
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = i == 0 ? entry : e.NewLabel();
  auto target = [&](const ArgTarget& t) { return t.action ? e.Ret(t.value) : labels[t.value]; };
  // Whether a test leaves A for the one it jumps to (that one compares without loading).
  auto needs_a = [&](const ArgTarget& t) { return !t.action && !block.tests[t.value].load; };
  for (size_t i = 0; i < block.tests.size(); ++i) {
    const ArgTest& t = block.tests[i];
    e.Define(labels[i]);
    // libseccomp tests the high word of a MASKED_EQ whose mask has no high bits (Docker's clone
    // rule) as "and #0; jeq #0", which always holds: jump straight on unless the next test uses
    // the accumulator.
    if (t.and_mask && *t.and_mask == 0 && t.op == BPF_JEQ) {
      const ArgTarget& taken = t.k == 0 ? t.jt : t.jf;
      if (!needs_a(taken)) {
        e.Ja(target(taken));
        continue;
      }
    }
    if (t.load) e.Load(*t.load);
    if (t.and_mask) e.Stmt(BPF_ALU | BPF_AND | BPF_K, *t.and_mask);
    e.Jmp(t.op, t.k, target(t.jt), target(t.jf));
  }
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
