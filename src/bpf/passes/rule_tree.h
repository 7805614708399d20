// SPDX-License-Identifier: Apache-2.0
// A model of libseccomp 2.5.4's per-syscall rule database and of the argument code its generator
// emits from it, so that syscage gives every call exactly the action runc's filter gives it.
//
// libseccomp does not keep a syscall's argument rules as a list tried in order. db_rule_add turns
// each rule into a chain of 32-bit word tests (two per 64-bit ==/!=/masked compare, three per
// 64-bit </<=/>/>=, one on 32-bit arches), prunes chains the new one makes redundant, and merges
// it into one tree whose levels are kept sorted; gen_bpf then emits one block per tree node, and a
// level's blocks fall through to the next sibling. Three consequences matter for the verdict:
//   - a failed subtree falls through to the next sibling of its parent, but that sibling skips
//     reloading the accumulator when the previous sibling tested the same word, so it compares
//     whatever word the subtree loaded last (a matching rule can be missed);
//   - where rules share a word test, the action of the first one added wins;
//   - an insertion quirk (the datum_full action override of 64-bit high-word tests) changes
//     actions.
// So syscage builds the same tree with the same insertion and pruning steps (SyscallTree), then
// generates the same tests with the same accumulator tracking (ArgBlocks). libseccomp hashes
// blocks across the whole program, so one syscall's test can be another's block, generated with
// the other tree's accumulator states and laid out after the other tree's jump: ArgBlocks
// therefore generates and lays out all the syscalls of one arch together, in libseccomp's order.
// The result is, per syscall, a small straight-line-with-jumps program that codegen emits as is;
// its meaning is libseccomp's by construction, and the oracle and the compile fuzzer check that.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/bpf/ir.h"

namespace syscage::bpf {

class ArgBlocks;

// One argument comparison as libseccomp stores it after db_col_rule_add: every operator has a
// mask (all ones except for MASKED_EQ) and a datum.
struct ApiArg {
  profile::CmpOp op = profile::CmpOp::kEq;
  uint64_t mask = ~0ull;
  uint64_t datum = 0;
};

// At most one comparison per argument index, as db_col_rule_add requires.
using ApiChain = std::array<std::optional<ApiArg>, 6>;

// The rule tree of one syscall on one arch.
class SyscallTree {
 public:
  SyscallTree(bool wide, bool big_endian) : wide_(wide), big_endian_(big_endian) {}
  SyscallTree(const SyscallTree&) = delete;
  SyscallTree& operator=(const SyscallTree&) = delete;
  SyscallTree(SyscallTree&&) = default;

  // db_rule_add. kInvalidArgument when libseccomp refuses the rule (-EEXIST: runc then fails).
  Result<> Add(const ApiChain& chain, uint32_t action);

  // nullopt when argument tests decide the call.
  std::optional<uint32_t> unconditional() const {
    return chains_ == nullptr ? std::optional<uint32_t>(action_) : std::nullopt;
  }

  // The tests gen_bpf emits for the tree alone (entry first, every jump forward), `fallback`
  // being the default action. Empty when unconditional. A filter's syscalls go through
  // ArgBlocks together instead.
  std::vector<ArgTest> Generate(uint32_t fallback) const;

  // libseccomp's db_sys_list priority (0xffff minus the tree's node count, which db_rule_add
  // keeps): gen_bpf orders the syscalls by it, and so the generation and layout of blocks.
  uint32_t priority() const { return priority_; }

 private:
  friend class ArgBlocks;
  // db_arg_chain_tree: one 32-bit word test. Levels are doubly linked lists of siblings; nodes are
  // shared between parents and reference counted, and freeing a node re-links its level, as
  // libseccomp does (pruning depends on those counts).
  struct Node {
    uint8_t arg = 0;
    bool hi = false;  // the high word of a 64-bit argument
    uint32_t offset = 0;
    profile::CmpOp op = profile::CmpOp::kEq;  // kEq, kMaskedEq, kGt or kGe after rewriting
    profile::CmpOp op_orig = profile::CmpOp::kEq;
    uint32_t mask = 0;
    uint32_t datum = 0;
    uint64_t datum_full = 0;
    bool act_t_flg = false;
    bool act_f_flg = false;
    uint32_t act_t = 0;
    uint32_t act_f = 0;
    Node* nxt_t = nullptr;
    Node* nxt_f = nullptr;
    Node* lvl_prv = nullptr;
    Node* lvl_nxt = nullptr;
    unsigned refcnt = 0;
  };
  struct PruneState {
    unsigned flags = 0;
    uint32_t action = 0;
    Node** chains = nullptr;
  };
  struct Chain {
    Node* head = nullptr;
    uint32_t action = 0;
  };

  Result<> AddRule(const ApiChain& chain, uint32_t action);
  void SetNodeCount(unsigned count);
  Node* NewNode();
  Chain Gen(const ApiChain& chain, uint32_t action);
  void GenArg64(uint8_t arg, const ApiArg& a, Chain& out, std::array<Node*, 4>& prev, bool& tf);
  void GenArg32(uint8_t arg, const ApiArg& a, Chain& out, std::array<Node*, 4>& prev, bool& tf);

  static Node* Get(Node* n);
  unsigned Put(Node*& n);
  unsigned TreePut(Node*& tree);
  unsigned LevelClean(Node* n);
  unsigned TreeRemove(Node*& tree, Node* node);
  int ActCheck(const Node* tree, uint32_t action);
  int Prune(Node*& existing, Node* fresh, PruneState& state);
  int TreeAdd(Node*& existing, Node* fresh);
  // Counts one step of the tree walks; false once a rule has taken more steps than any
  // terminating insertion needs. libseccomp 2.5.4 loops forever on some rule sets (e.g. two
  // three-condition range rules on one syscall; tests/regression/issue_4_rule_tree_test.cc);
  // the model then stops instead.
  bool Step() { return ++steps_ <= kStepBudget; }

  static constexpr uint64_t kStepBudget = 4'000'000;
  uint64_t steps_ = 0;
  bool stuck_ = false;  // a previous Add ran out of steps: the tree is not usable

  bool wide_;
  bool big_endian_;
  std::vector<std::unique_ptr<Node>> arena_;  // "freed" nodes stay here, unreferenced
  bool used_ = false;                         // a rule was added (db_rule_add found the syscall)
  Node* chains_ = nullptr;
  uint32_t action_ = 0;
  unsigned node_cnt_ = 0;
  uint32_t priority_ = 0xffff;
};

// The argument blocks of every conditional syscall of one arch section of the filter (x86_64 and
// x32 make one), as _gen_bpf_arch makes them: identical blocks are one across syscalls (_hsh_add
// keeps the first one generated, with its accumulator states), and _gen_bpf_build_bpf pulls each
// block in behind the first jump to it found scanning back from the end, prepending a reload when
// that jump's block leaves another word in the accumulator. (libseccomp's table also spans the
// arch sections of one filter; like the oracle, which builds one filter per audit arch, this
// model does not share blocks between sections.)
class ArgBlocks {
 public:
  // Syscalls in gen_bpf's generation order: lowest priority first (ties: highest number first).
  void Add(const SyscallTree& tree, uint32_t fallback);
  // Per syscall added, in that order: its tests, entry first, every jump forward.
  std::vector<std::vector<ArgTest>> Finish();

 private:
  struct Acc {
    int64_t offset = -1;  // -1: unknown
    uint32_t mask = 0xffffffffu;
    bool operator==(const Acc&) const = default;
  };
  ArgTarget Intern(const ArgTest& t, Acc start, Acc end);
  // Places `entry` behind its syscall's compare (`root` -1, which leaves nr in A), then what it
  // jumps to, depth first, as the layout's rescans from the end do.
  void Place(int64_t root, const ArgTarget& entry);

  std::vector<ArgTest> made_;                // creation order: targets before their jumps
  std::vector<std::pair<Acc, Acc>> states_;  // per block: A expected at entry, left at exit
  std::map<std::tuple<int64_t, int64_t, uint16_t, uint32_t, bool, uint32_t, bool, uint32_t>,
           uint32_t>
      index_;
  std::vector<ArgTarget> entries_;
  std::vector<bool> placed_;
};

}  // namespace syscage::bpf
