// SPDX-License-Identifier: Apache-2.0
// Pass 7, layout: symbolic labels to the forward offsets of classic BPF. Jumps to a JA are
// threaded to its target, a JA to a RET becomes a copy of the RET, unreachable instructions are
// dropped, and the program is emitted from the end backwards so every target's position is known
// when its jump is written: a conditional jump farther than 255 instructions gets a trampoline
// right behind it (a copy of the RET it aims at, or a JA, whose offset is 32 bits).
#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "syscage/base/check.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/passes/passes.h"

namespace syscage::bpf {

Result<Program> Layout(const SymbolicProgram& sym, const CompileOptions& /*options*/) {
  // Real instructions and where each label points.
  std::vector<SymInsn> insns;
  std::vector<int64_t> label_at(static_cast<size_t>(sym.label_count), -1);
  for (const auto& in : sym.insns) {
    if (in.code == kLabelDef) {
      label_at[in.k] = static_cast<int64_t>(insns.size());
    } else {
      insns.push_back(in);
    }
  }
  const size_t n = insns.size();
  auto is_ja = [](const SymInsn& in) { return in.code == (BPF_JMP | BPF_JA); };
  auto is_ret = [](const SymInsn& in) { return BPF_CLASS(in.code) == BPF_RET; };
  // Target index of a label, following chains of JA (jump threading).
  auto resolve = [&](Label l) -> size_t {
    CHECK(l >= 0 && label_at[static_cast<size_t>(l)] >= 0);
    size_t at = static_cast<size_t>(label_at[static_cast<size_t>(l)]);
    for (int hops = 0; is_ja(insns[at]) && hops < 64; ++hops) {
      at = static_cast<size_t>(label_at[static_cast<size_t>(insns[at].jt)]);
    }
    return at;
  };
  std::vector<size_t> jt(n, 0), jf(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (BPF_CLASS(insns[i].code) != BPF_JMP) continue;
    jt[i] = resolve(insns[i].jt);
    CHECK(jt[i] > i);
    if (!is_ja(insns[i])) {
      jf[i] = resolve(insns[i].jf);
      CHECK(jf[i] > i);
    } else if (is_ret(insns[jt[i]])) {
      insns[i] = insns[jt[i]];  // a JA to a RET: return right here
    }
  }
  // Reachability from the first instruction (all jumps go forward).
  std::vector<bool> live(n, false);
  if (n > 0) live[0] = true;
  for (size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const SymInsn& in = insns[i];
    if (is_ret(in)) continue;
    if (BPF_CLASS(in.code) != BPF_JMP) {
      if (i + 1 < n) live[i + 1] = true;
    } else if (is_ja(in)) {
      live[jt[i]] = true;
    } else {
      live[jt[i]] = true;
      live[jf[i]] = true;
    }
  }
  // Backward emission. end_pos[i]: the emitted instruction's distance from the program's end.
  std::vector<sock_filter> rev;
  rev.reserve(n + 16);
  std::vector<size_t> end_pos(n, 0);
  // The nearest emitted copy of each RET, and the nearest JA trampoline to each target, so a far
  // jump reuses one within reach instead of adding another (libseccomp does the same).
  std::map<std::pair<uint16_t, uint32_t>, size_t> nearest_ret;
  std::map<size_t, size_t> nearest_ja;
  for (size_t idx = n; idx-- > 0;) {
    if (!live[idx]) continue;
    const SymInsn& in = insns[idx];
    if (BPF_CLASS(in.code) != BPF_JMP) {
      end_pos[idx] = rev.size();
      if (is_ret(in)) nearest_ret[{in.code, in.k}] = rev.size();
      rev.push_back(Stmt(in.code, in.k));
      continue;
    }
    if (is_ja(in)) {
      const size_t t = end_pos[jt[idx]];
      end_pos[idx] = rev.size();
      rev.push_back(Stmt(in.code, static_cast<uint32_t>(rev.size() - t - 1)));
      continue;
    }
    size_t t_true = end_pos[jt[idx]];
    size_t t_false = end_pos[jf[idx]];
    // A copy within 254 leaves room for the other target's trampoline in between.
    auto reachable = [&](size_t pos) { return rev.size() - pos - 1 < 255; };
    auto trampoline = [&](size_t target_idx, size_t target_pos) -> size_t {
      const size_t pos = rev.size();
      if (is_ret(insns[target_idx])) {
        const std::pair<uint16_t, uint32_t> key{insns[target_idx].code, insns[target_idx].k};
        if (auto it = nearest_ret.find(key); it != nearest_ret.end() && reachable(it->second)) {
          return it->second;
        }
        nearest_ret[key] = pos;
        rev.push_back(Stmt(insns[target_idx].code, insns[target_idx].k));
      } else {
        if (auto it = nearest_ja.find(target_idx);
            it != nearest_ja.end() && reachable(it->second)) {
          return it->second;
        }
        nearest_ja[target_idx] = pos;
        rev.push_back(Stmt(BPF_JMP | BPF_JA, static_cast<uint32_t>(pos - target_pos - 1)));
      }
      return pos;
    };
    // rev.size() is where the jump itself would go. Each trampoline pushes the other target one
    // further away, so repeat until both fit (at most one trampoline per target).
    const size_t orig_true = end_pos[jt[idx]];
    while (rev.size() - t_true - 1 > 255 || rev.size() - t_false - 1 > 255) {
      if (rev.size() - t_true - 1 > 255) {
        const bool share = t_false != end_pos[jf[idx]] && jf[idx] == jt[idx];
        t_true = share ? t_false : trampoline(jt[idx], t_true);
      } else {
        const bool share = t_true != orig_true && jf[idx] == jt[idx];
        t_false = share ? t_true : trampoline(jf[idx], t_false);
      }
    }
    const size_t here = rev.size();
    const size_t off_t = here - t_true - 1;
    const size_t off_f = here - t_false - 1;
    CHECK(off_t <= 255 && off_f <= 255);
    end_pos[idx] = here;
    rev.push_back(Jump(in.code, in.k, static_cast<uint8_t>(off_t), static_cast<uint8_t>(off_f)));
  }
  std::reverse(rev.begin(), rev.end());
  if (rev.size() > kMaxInsns) {
    return Fail(ErrorCode::kLimitExceeded,
                fmt::format("the filter needs {} instructions, over the kernel's limit of {}",
                            rev.size(), kMaxInsns));
  }
  return rev;
}

Result<> Verify(const Program& program) {
  auto checked = CheckProgram(program);
  if (!checked) {
    if (checked.error().code == ErrorCode::kLimitExceeded) return Fail(checked.error());
    return Fail(ErrorCode::kInternal,
                "compiler bug: the kernel would reject the program: " + checked.error().message);
  }
  return Ok{};
}

}  // namespace syscage::bpf
