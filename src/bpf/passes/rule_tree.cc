// SPDX-License-Identifier: Apache-2.0
// SyscallTree: libseccomp 2.5.4's rule database for one syscall (src/db.c: _db_rule_gen_arg_64/32,
// _db_tree_prune, _db_tree_add, db_rule_add) and the code its generator emits from it
// (src/gen_bpf.c: _gen_bpf_node, _gen_bpf_chain, _gen_bpf_chain_lvl_res). The steps below follow
// libseccomp's behaviour step by step, quirks included, because those quirks decide verdicts
// (see rule_tree.h); each quirk is marked "libseccomp:". Names follow db.c so the two can be read
// side by side.
#include "syscage/bpf/passes/rule_tree.h"

#include <cerrno>
#include <map>
#include <tuple>

#include <fmt/core.h>

namespace syscage::bpf {
namespace {

using profile::CmpOp;

// db_iter_state flags.
constexpr unsigned kMatch = 0x1;
constexpr unsigned kMatchOnce = 0x2;
constexpr unsigned kXFinished = 0x10;
constexpr unsigned kNFinished = 0x20;
constexpr unsigned kXPrefix = 0x100;
constexpr unsigned kNPrefix = 0x200;
constexpr unsigned kMatchSet = kMatch | kMatchOnce;
constexpr unsigned kRedundant = kMatch | kXFinished | kNPrefix;

unsigned OpPriority(CmpOp op) {
  switch (op) {
    case CmpOp::kMaskedEq:
    case CmpOp::kEq:
    case CmpOp::kNe:
      return 3;
    case CmpOp::kLe:
    case CmpOp::kLt:
      return 2;
    case CmpOp::kGe:
    case CmpOp::kGt:
      return 1;
  }
  return 0;
}

bool NeedLo(const ApiArg& a) {
  return !(a.op == CmpOp::kMaskedEq && (a.mask & 0xffffffffull) == 0);
}
bool NeedHi(const ApiArg& a) { return !(a.op == CmpOp::kMaskedEq && (a.mask >> 32) == 0); }

}  // namespace

// ---- node references ---------------------------------------------------------------------------

SyscallTree::Node* SyscallTree::NewNode() {
  return arena_.emplace_back(std::make_unique<Node>()).get();
}

SyscallTree::Node* SyscallTree::Get(Node* n) {
  if (n != nullptr) ++n->refcnt;
  return n;
}

// Drops one reference; at zero the node leaves its level (the neighbours are re-linked and `n`
// moves to one of them) and its subtrees are released.
unsigned SyscallTree::Put(Node*& n) {
  Node* node = n;
  if (node == nullptr || !Step()) return 0;
  unsigned cnt = 0;
  if (--node->refcnt == 0) {
    Node* lvl_p = node->lvl_prv;
    Node* lvl_n = node->lvl_nxt;
    Node* nxt_t = node->nxt_t;
    Node* nxt_f = node->nxt_f;
    if (lvl_p != nullptr) lvl_p->lvl_nxt = nullptr;
    if (lvl_n != nullptr) lvl_n->lvl_prv = nullptr;
    if (lvl_p != nullptr) cnt += Put(lvl_p);
    if (lvl_n != nullptr) cnt += Put(lvl_n);
    if (lvl_p != nullptr) lvl_p->lvl_nxt = Get(lvl_n);
    if (lvl_n != nullptr) lvl_n->lvl_prv = Get(lvl_p);
    n = lvl_p != nullptr ? lvl_p : lvl_n;
    cnt += TreePut(nxt_t);
    cnt += TreePut(nxt_f);
    ++cnt;
  }
  return cnt;
}

unsigned SyscallTree::TreePut(Node*& tree) {
  unsigned cnt = Put(tree);
  if (tree != nullptr) cnt += LevelClean(tree);
  return cnt;
}

// Releases a whole level when nothing but its own sibling links still references it.
unsigned SyscallTree::LevelClean(Node* n) {
  unsigned cnt = 0;
  while (n->lvl_prv != nullptr && Step()) n = n->lvl_prv;
  Node* start = n;
  for (; n != nullptr && Step(); n = n->lvl_nxt) {
    const unsigned links = (n->lvl_prv != nullptr ? 1u : 0u) + (n->lvl_nxt != nullptr ? 1u : 0u);
    if (n->refcnt > links) return cnt;
  }
  n = start;
  while (n != nullptr && Step()) cnt += Put(n);
  return cnt;
}

unsigned SyscallTree::TreeRemove(Node*& tree, Node* node) {
  if (tree == nullptr || node == nullptr) return 0;
  unsigned cnt = 0;
  Node* c = tree;
  while (c->lvl_prv != nullptr && Step()) c = c->lvl_prv;
  bool remove = false;
  do {
    if (!Step()) return cnt;
    if (c == node) {
      remove = true;
      break;
    }
    cnt += TreeRemove(c->nxt_t, node);
    cnt += TreeRemove(c->nxt_f, node);
    // libseccomp: a leaf left without actions (a zombie) goes too.
    if (c->nxt_t == nullptr && c->nxt_f == nullptr && !c->act_t_flg && !c->act_f_flg) {
      remove = true;
      break;
    }
    c = c->lvl_nxt;
  } while (c != nullptr && cnt == 0);
  if (!remove) return cnt;
  if (c == tree) tree = c->lvl_prv != nullptr ? c->lvl_prv : c->lvl_nxt;
  if (c->lvl_prv != nullptr) c->lvl_prv->lvl_nxt = c->lvl_nxt;
  if (c->lvl_nxt != nullptr) c->lvl_nxt->lvl_prv = c->lvl_prv;
  c->lvl_prv = nullptr;
  c->lvl_nxt = nullptr;
  cnt += Put(c);
  return cnt;
}

// 0 when every action in the level of `tree` and below is `action`, else -EEXIST.
int SyscallTree::ActCheck(const Node* tree, uint32_t action) {
  if (tree == nullptr) return 0;
  const Node* c = tree;
  while (c->lvl_prv != nullptr && Step()) c = c->lvl_prv;
  for (; c != nullptr; c = c->lvl_nxt) {
    if (!Step()) return 0;
    if (c->act_t_flg && c->act_t != action) return -EEXIST;
    if (c->act_f_flg && c->act_f != action) return -EEXIST;
    if (int rc = ActCheck(c->nxt_t, action); rc < 0) return rc;
    if (int rc = ActCheck(c->nxt_f, action); rc < 0) return rc;
  }
  return 0;
}

namespace {

unsigned ArgPriority(uint8_t arg, bool hi) { return (unsigned{arg} << 1) + (hi ? 1u : 0u); }

}  // namespace

// ---- rule generation (_db_rule_gen) -------------------------------------------------------------

void SyscallTree::GenArg64(uint8_t arg, const ApiArg& a, Chain& out, std::array<Node*, 4>& prev,
                           bool& tf) {
  if (!NeedHi(a) && !NeedLo(a)) return;
  const bool range =
      a.op == CmpOp::kGt || a.op == CmpOp::kGe || a.op == CmpOp::kLe || a.op == CmpOp::kLt;
  Node* c0 = NewNode();
  Node* c1 = NewNode();
  Node* c2 = range ? NewNode() : nullptr;
  for (Node* p : prev) {
    if (p == nullptr) break;
    (tf ? p->nxt_t : p->nxt_f) = Get(c0);
  }
  prev = {};
  const uint32_t hi_off = ArgHiOffset(arg, big_endian_);
  const uint32_t lo_off = ArgLoOffset(arg, big_endian_);
  auto setup = [&](Node* n, bool hi, CmpOp op) {
    n->arg = arg;
    n->hi = hi;
    n->offset = hi ? hi_off : lo_off;
    n->mask = static_cast<uint32_t>(hi ? a.mask >> 32 : a.mask);
    n->datum = static_cast<uint32_t>(hi ? a.datum >> 32 : a.datum) & n->mask;
    n->datum_full = a.datum;
    n->op = op;
    n->op_orig = a.op;
  };
  if (range) {
    setup(c0, true, CmpOp::kGt);
    setup(c1, true, CmpOp::kEq);
    setup(c2, false, a.op == CmpOp::kGt || a.op == CmpOp::kLe ? CmpOp::kGt : CmpOp::kGe);
    c0->nxt_f = Get(c1);
    c1->nxt_t = Get(c2);
  } else {
    const CmpOp op = a.op == CmpOp::kMaskedEq ? CmpOp::kMaskedEq : CmpOp::kEq;
    setup(c0, true, op);
    setup(c1, false, op);
    c0->nxt_t = Get(c1);
  }
  if (out.head == nullptr) out.head = Get(c0);
  switch (a.op) {
    case CmpOp::kGt:
    case CmpOp::kGe:
      prev = {c0, c2, nullptr, nullptr};
      tf = true;
      break;
    case CmpOp::kEq:
    case CmpOp::kMaskedEq:
      prev = {c1, nullptr, nullptr, nullptr};
      tf = true;
      break;
    case CmpOp::kLe:
    case CmpOp::kLt:
      prev = {c1, c2, nullptr, nullptr};
      tf = false;
      break;
    case CmpOp::kNe:
      prev = {c0, c1, nullptr, nullptr};
      tf = false;
      break;
  }
}

void SyscallTree::GenArg32(uint8_t arg, const ApiArg& a, Chain& out, std::array<Node*, 4>& prev,
                           bool& tf) {
  if (!NeedLo(a)) return;
  Node* c = NewNode();
  c->arg = arg;
  c->hi = false;
  c->offset = ArgLoOffset(arg, big_endian_);
  c->op = a.op;
  c->op_orig = a.op;
  c->mask = static_cast<uint32_t>(a.mask);  // the upper half is dropped on 32-bit arches
  c->datum = static_cast<uint32_t>(a.datum);
  c->datum_full = a.datum;
  for (Node* p : prev) {
    if (p == nullptr) break;
    (tf ? p->nxt_t : p->nxt_f) = Get(c);
  }
  prev = {c, nullptr, nullptr, nullptr};
  if (out.head == nullptr) out.head = Get(c);
  switch (c->op) {
    case CmpOp::kNe:
      c->op = CmpOp::kEq;
      tf = false;
      break;
    case CmpOp::kLt:
      c->op = CmpOp::kGe;
      tf = false;
      break;
    case CmpOp::kLe:
      c->op = CmpOp::kGt;
      tf = false;
      break;
    default:
      tf = true;
      break;
  }
  c->datum &= c->mask;
}

SyscallTree::Chain SyscallTree::Gen(const ApiChain& chain, uint32_t action) {
  Chain out;
  std::array<Node*, 4> prev{};
  bool tf = false;
  for (uint8_t arg = 0; arg < chain.size(); ++arg) {
    if (!chain[arg]) continue;
    if (wide_) {
      GenArg64(arg, *chain[arg], out, prev, tf);
    } else {
      GenArg32(arg, *chain[arg], out, prev, tf);
    }
  }
  if (out.head != nullptr) {
    for (Node* p : prev) {
      if (p == nullptr) break;
      if (tf) {
        p->act_t_flg = true;
        p->act_t = action;
      } else {
        p->act_f_flg = true;
        p->act_f = action;
      }
    }
  } else {
    out.action = action;
  }
  return out;
}

// ---- merging (_db_tree_prune, _db_tree_add, db_rule_add) ---------------------------------------

namespace {

bool Leaf(const void* nxt_t, const void* nxt_f) { return nxt_t == nullptr && nxt_f == nullptr; }

}  // namespace

namespace {

template <typename N>
bool NodeEq(const N* a, const N* b) {
  return ArgPriority(a->arg, a->hi) == ArgPriority(b->arg, b->hi) && a->op == b->op &&
         a->datum == b->datum && a->mask == b->mask;
}

// _db_chain_lt: the sibling order of a level (higher sorts first).
template <typename N>
bool NodeLt(const N* a, const N* b) {
  const unsigned a_arg = ArgPriority(a->arg, a->hi);
  const unsigned b_arg = ArgPriority(b->arg, b->hi);
  if (a_arg != b_arg) return a_arg < b_arg;
  const unsigned a_op = OpPriority(a->op_orig);
  const unsigned b_op = OpPriority(b->op_orig);
  if (a_op != b_op) return a_op < b_op;
  if (a->op_orig == CmpOp::kLe || a->op_orig == CmpOp::kLt) return a->datum > b->datum;
  return a->datum < b->datum;
}

}  // namespace

int SyscallTree::Prune(Node*& existing, Node* fresh, PruneState& state) {
  int cnt = 0;
  PruneState state_new = state;
  Node* x = existing;
  Node* n = fresh;
  auto finish = [&]() {
    if (state_new.flags & kMatch) {
      state.flags |= state_new.flags;
    } else {
      state.flags &= ~kMatch;
    }
    return cnt;
  };
  if (n == nullptr || x == nullptr) return finish();
  if ((state.flags & kMatchSet) == kMatchOnce) return finish();
  while (x->lvl_prv != nullptr && Step()) x = x->lvl_prv;

  // Recurses into one branch pair; returns true when the caller must return.
  enum class Next { kGoOn, kReturn, kNextNode };
  auto descend = [&](Node*& x_side, Node* n_side, unsigned clear, unsigned set,
                     bool return_on_match, Node*& pin) -> Next {
    Get(pin);
    PruneState state_nxt = state;
    state_nxt.flags &= ~clear;
    state_nxt.flags |= set;
    cnt += Prune(x_side, n_side, state_nxt);
    cnt += static_cast<int>(Put(pin));
    if (state_nxt.flags & kMatch) {
      state_new.flags |= state_nxt.flags;
      if (return_on_match) return Next::kReturn;
    }
    if (pin == nullptr) return Next::kNextNode;
    return Next::kGoOn;
  };

  do {
    if (!Step()) return finish();
    Node* x_next = x->lvl_nxt;
    Next step = Next::kGoOn;
    if (NodeEq(x, n)) {
      state_new.flags |= kMatchSet;
      if (Leaf(n->nxt_t, n->nxt_f)) state_new.flags |= kNFinished;
      if (Leaf(x->nxt_t, x->nxt_f)) state_new.flags |= kXFinished;
      if ((x->act_t_flg || x->nxt_t) && !(n->act_t_flg || n->nxt_t)) return finish();
      if ((x->act_f_flg || x->nxt_f) && !(n->act_f_flg || n->nxt_f)) return finish();
      if ((state_new.flags & kNFinished) && (state_new.flags & kXFinished)) {
        if (n->act_t_flg != x->act_t_flg || n->act_t != x->act_t) return finish();
        if (n->act_f_flg != x->act_f_flg || n->act_f != x->act_f) return finish();
      }
      if (n->nxt_t != nullptr) {
        step = descend(x->nxt_t, n->nxt_t, 0, kMatchSet, false, x);
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
      if (n->nxt_f != nullptr) {
        step = descend(x->nxt_f, n->nxt_f, 0, kMatchSet, false, x);
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
      if (ActCheck(x, state_new.action) == 0 && (state_new.flags & kMatch) &&
          (state_new.flags & kNFinished) && (state_new.flags & kXPrefix)) {
        // The new chain is shorter: the existing longer one goes.
        cnt += static_cast<int>(TreeRemove(*state.chains, x));
        if (*state.chains == nullptr) return finish();
      } else if (ActCheck(x, state_new.action) == 0 && (state_new.flags & kMatch) &&
                 (state_new.flags & kXFinished) && (state_new.flags & kNPrefix)) {
        return finish();  // the new chain is longer
      }
    } else if (NodeLt(x, n)) {
      if (state.flags & kNPrefix) return finish();
      if (x->nxt_t != nullptr) {
        step = descend(x->nxt_t, n, kMatch, kXPrefix, true, x);
        if (step == Next::kReturn) return finish();
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
      if (x->nxt_f != nullptr) {
        step = descend(x->nxt_f, n, kMatch, kXPrefix, true, x);
        if (step == Next::kReturn) return finish();
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
    } else {
      if (state.flags & kXPrefix) return finish();
      if (n->nxt_t != nullptr) {
        step = descend(x, n->nxt_t, kMatch, kNPrefix, true, x);
        if (step == Next::kReturn) return finish();
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
      if (n->nxt_f != nullptr) {
        step = descend(x, n->nxt_f, kMatch, kNPrefix, true, x);
        if (step == Next::kReturn) return finish();
        if (step == Next::kNextNode) {
          x = x_next;
          continue;
        }
      }
    }
    x = x_next;
  } while (x != nullptr);
  state_new.flags &= ~kMatch;  // fell off the level: no match here
  return finish();
}

int SyscallTree::TreeAdd(Node*& existing, Node* fresh) {
  Node* x = existing;
  Node* n = fresh;
  do {
    if (!Step()) return 0;
    if (NodeEq(x, n)) {
      if (n->act_t_flg) {
        if (!x->act_t_flg) {
          if (int rc = ActCheck(x->nxt_t, n->act_t); rc != 0) return rc;
          Put(x->nxt_t);
          x->nxt_t = nullptr;
          x->act_t = n->act_t;
          x->act_t_flg = true;
        } else if (n->act_t != x->act_t) {
          // libseccomp: for a high word, the rule with the larger 64-bit datum takes the action.
          if (n->hi && n->datum_full > x->datum_full) x->act_t = n->act_t;
          if (Leaf(x->nxt_t, x->nxt_f) || Leaf(n->nxt_t, n->nxt_f)) return -EEXIST;
        }
      }
      if (n->act_f_flg) {
        if (!x->act_f_flg) {
          if (int rc = ActCheck(x->nxt_f, n->act_f); rc != 0) return rc;
          Put(x->nxt_f);
          x->nxt_f = nullptr;
          x->act_f = n->act_f;
          x->act_f_flg = true;
        } else if (n->act_f != x->act_f) {
          // libseccomp: the same override for the false branch writes the *true* action.
          if (n->hi && n->datum_full < x->datum_full) x->act_t = n->act_t;
          if (Leaf(x->nxt_t, x->nxt_f) || Leaf(n->nxt_t, n->nxt_f)) return -EEXIST;
        }
      }
      if (n->nxt_t != nullptr) {
        if (x->nxt_t != nullptr) {
          if (int rc = TreeAdd(x->nxt_t, n->nxt_t); rc != 0) return rc;
        } else if (!x->act_t_flg) {
          x->nxt_t = Get(n->nxt_t);
        } else {
          return 0;  // the existing chain is shorter
        }
      }
      if (n->nxt_f != nullptr) {
        if (x->nxt_f != nullptr) {
          if (int rc = TreeAdd(x->nxt_f, n->nxt_f); rc != 0) return rc;
        } else if (!x->act_f_flg) {
          x->nxt_f = Get(n->nxt_f);
        } else {
          return 0;
        }
      }
      return 0;
    }
    if (!NodeLt(x, n)) {
      if (x->lvl_nxt == nullptr) {
        n->lvl_prv = Get(x);
        x->lvl_nxt = Get(n);
        return 0;
      }
      x = x->lvl_nxt;
      continue;
    }
    // Insert before x.
    if (x->lvl_prv != nullptr) {
      x->lvl_prv->lvl_nxt = Get(n);
      n->lvl_prv = x->lvl_prv;
      x->lvl_prv = Get(n);
      n->lvl_nxt = x;
    } else {
      x->lvl_prv = Get(n);
      n->lvl_nxt = Get(x);
    }
    if (existing == x) {
      existing = Get(n);
      Put(x);
    }
    return 0;
  } while (x != nullptr);
  return 0;
}

Result<> SyscallTree::Add(const ApiChain& chain, uint32_t action) {
  if (stuck_) return Ok{};  // the first error already failed the profile
  steps_ = 0;
  auto result = AddRule(chain, action);
  if (steps_ > kStepBudget) {
    stuck_ = true;
    return Fail(ErrorCode::kInvalidArgument,
                "libseccomp 2.5.4 never finishes adding this rule (its rule-tree walk does not "
                "end), so runc would hang");
  }
  return result;
}

void SyscallTree::SetNodeCount(unsigned count) {
  // db_rule_add's unsigned arithmetic, wrap-around included.
  node_cnt_ = count;
  priority_ = (priority_ & ~0xffffu) | (0xffffu - node_cnt_);
}

Result<> SyscallTree::AddRule(const ApiChain& chain, uint32_t action) {
  const size_t before = arena_.size();
  Chain fresh = Gen(chain, action);
  const auto fresh_cnt = static_cast<unsigned>(arena_.size() - before);
  if (!used_) {
    used_ = true;
    chains_ = fresh.head;
    action_ = fresh.action;
    SetNodeCount(fresh_cnt);
    return Ok{};
  }
  bool removed = false;
  for (;;) {
    if (chains_ == nullptr) {
      if (removed) {
        // Pruning emptied the tree: the new chain takes its place.
        chains_ = fresh.head;
        action_ = fresh.action;
        SetNodeCount(fresh_cnt);
      } else {
        TreePut(fresh.head);  // an unconditional action already covers every call
      }
      return Ok{};
    }
    if (fresh.head == nullptr) {
      // An unconditional rule replaces the argument rules.
      TreePut(chains_);
      chains_ = nullptr;
      action_ = action;
      SetNodeCount(0);
      return Ok{};
    }
    PruneState state;
    state.action = action;
    state.chains = &chains_;
    const int rc = Prune(chains_, fresh.head, state);
    if (rc > 0) {
      removed = true;
      SetNodeCount(node_cnt_ - static_cast<unsigned>(rc));
      if (chains_ == nullptr) continue;
    } else if ((state.flags & kRedundant) == kRedundant) {
      TreePut(fresh.head);  // an existing shorter chain covers the new one
      return Ok{};
    }
    break;
  }
  if (TreeAdd(chains_, fresh.head) < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("conflicting actions for overlapping argument conditions (libseccomp "
                            "refuses this with EEXIST, so runc fails)"));
  }
  SetNodeCount(node_cnt_ + fresh_cnt - TreePut(fresh.head));
  return Ok{};
}

// ---- generation (gen_bpf) -----------------------------------------------------------------------

std::vector<ArgTest> SyscallTree::Generate(uint32_t fallback) const {
  if (chains_ == nullptr) return {};
  ArgBlocks blocks;
  blocks.Add(*this, fallback);
  return blocks.Finish().front();
}

ArgTarget ArgBlocks::Intern(const ArgTest& t, Acc start, Acc end) {
  // Identical tests (same targets included) are one, like libseccomp's block hash; the first one
  // created keeps its accumulator states.
  auto key = std::make_tuple(t.load ? int64_t{*t.load} : -1, t.and_mask ? int64_t{*t.and_mask} : -1,
                             t.op, t.k, t.jt.action, t.jt.value, t.jf.action, t.jf.value);
  auto [it, inserted] = index_.try_emplace(key, static_cast<uint32_t>(made_.size()));
  if (inserted) {
    made_.push_back(t);
    states_.emplace_back(start, end);
  }
  return ArgTarget{false, it->second};
}

void ArgBlocks::Add(const SyscallTree& tree, uint32_t fallback) {
  using Node = SyscallTree::Node;
  if (tree.chains_ == nullptr) {
    entries_.push_back(ArgTarget{true, tree.action_});
    return;
  }
  // _gen_bpf_chain: one level; `nxt` is where the level falls through to.
  struct Pending {
    ArgTest test;
    Acc acc_start;
    Acc acc_end;
    const Node* db_t = nullptr;  // jump into a child level
    const Node* db_f = nullptr;
    bool nxt_t = false;  // fall through to the next sibling
    bool nxt_f = false;
  };
  auto chain = [&](auto& self, const Node* level, ArgTarget nxt, Acc acc) -> ArgTarget {
    const Node* c = level;
    while (c->lvl_prv != nullptr) c = c->lvl_prv;
    std::vector<Pending> blocks;
    for (; c != nullptr; c = c->lvl_nxt) {
      Pending p;
      p.acc_start = acc;
      // _gen_bpf_node: reload only when the accumulator does not already hold the word (with a
      // mask at least as wide) -- libseccomp tracks this along the level, not along the paths
      // that reach a sibling, which is where a failed subtree's word can leak into the next test.
      if (int64_t{c->offset} != acc.offset || (c->mask & acc.mask) != c->mask) {
        p.test.load = c->offset;
        acc.offset = c->offset;
        acc.mask = 0xffffffffu;
        p.acc_start = Acc{};
      }
      if (c->mask != acc.mask) {
        p.test.and_mask = c->mask;
        acc.mask = c->mask;
      }
      p.acc_end = acc;
      p.test.op = c->op == CmpOp::kGt ? BPF_JGT : c->op == CmpOp::kGe ? BPF_JGE : BPF_JEQ;
      p.test.k = c->datum;
      if (c->nxt_t != nullptr) {
        p.db_t = c->nxt_t;
      } else if (c->act_t_flg) {
        p.test.jt = ArgTarget{true, c->act_t};
      } else {
        p.nxt_t = true;
      }
      if (c->nxt_f != nullptr) {
        p.db_f = c->nxt_f;
      } else if (c->act_f_flg) {
        p.test.jf = ArgTarget{true, c->act_f};
      } else {
        p.nxt_f = true;
      }
      blocks.push_back(p);
    }
    ArgTarget next = nxt;  // the resolved block after the current one
    for (size_t i = blocks.size(); i-- > 0;) {
      Pending& p = blocks[i];
      if (p.nxt_t) p.test.jt = next;
      if (p.nxt_f) p.test.jf = next;
      if (p.db_t != nullptr) p.test.jt = self(self, p.db_t, next, p.acc_start);
      if (p.db_f != nullptr) p.test.jf = self(self, p.db_f, next, p.acc_start);
      next = Intern(p.test, p.acc_start, p.acc_end);
    }
    return next;
  };
  entries_.push_back(chain(chain, tree.chains_, ArgTarget{true, fallback}, Acc{}));
}

void ArgBlocks::Place(int64_t root, const ArgTarget& entry) {
  // _gen_bpf_build_bpf lays the blocks out by repeatedly taking the block nearest the end that
  // jumps to a block not yet placed (true target first) and placing that target right after it.
  // Everything behind the syscall's compare is done by then, so the rescan starts at the
  // compare. A test that relies on the accumulator gets a reload prepended when the block
  // jumping to it leaves another word there; otherwise it compares whatever arrives.
  std::vector<int64_t> order = {root};  // -1: the syscall's compare, which jumps to the entry
  const Acc nr_loaded{0, 0xffffffffu};
  for (bool pulled = true; pulled;) {
    pulled = false;
    for (size_t r = order.size(); r-- > 0 && !pulled;) {
      const int64_t from = order[r];
      const std::array<ArgTarget, 2> targets =
          from < 0 ? std::array<ArgTarget, 2>{entry, entry}
                   : std::array<ArgTarget, 2>{made_[static_cast<size_t>(from)].jt,
                                              made_[static_cast<size_t>(from)].jf};
      for (const ArgTarget& t : targets) {
        if (t.action || placed_[t.value]) continue;
        placed_[t.value] = true;
        const Acc before = from < 0 ? nr_loaded : states_[static_cast<size_t>(from)].second;
        Acc& start = states_[t.value].first;
        if (start.offset != -1 && !(before == start)) {
          ArgTest& test = made_[t.value];
          test.load = static_cast<uint32_t>(start.offset);
          if (start.mask != 0xffffffffu) {
            test.and_mask = test.and_mask ? *test.and_mask & start.mask : start.mask;
          }
          start = Acc{};
        }
        order.insert(order.begin() + static_cast<std::ptrdiff_t>(r) + 1, t.value);
        pulled = true;
        break;
      }
    }
  }
}

std::vector<std::vector<ArgTest>> ArgBlocks::Finish() {
  // gen_bpf lists the syscalls highest priority first and generated them from the end of that
  // list; the layout also starts from the end, so it meets the compares in generation order.
  placed_.assign(made_.size(), false);
  for (const ArgTarget& entry : entries_) {
    if (!entry.action) Place(-1, entry);
  }
  std::vector<std::vector<ArgTest>> result;
  for (const ArgTarget& entry : entries_) {
    std::vector<ArgTest>& out = result.emplace_back();
    if (entry.action) continue;
    // Program order: reversed creation order (every jump forward), keeping what the entry
    // reaches.
    std::vector<bool> live(made_.size(), false);
    live[entry.value] = true;
    for (size_t i = made_.size(); i-- > 0;) {
      if (!live[i]) continue;
      for (const ArgTarget& t : {made_[i].jt, made_[i].jf}) {
        if (!t.action) live[t.value] = true;
      }
    }
    std::vector<uint32_t> position(made_.size(), 0);
    for (size_t i = made_.size(); i-- > 0;) {
      if (!live[i]) continue;
      position[i] = static_cast<uint32_t>(out.size());
      out.push_back(made_[i]);
    }
    for (auto& t : out) {
      if (!t.jt.action) t.jt.value = position[t.jt.value];
      if (!t.jf.action) t.jf.value = position[t.jf.value];
    }
  }
  return result;
}

}  // namespace syscage::bpf
