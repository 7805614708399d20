// SPDX-License-Identifier: Apache-2.0
// Pass 5, optimize: fewer ranges and fewer blocks, so the number dispatch is shorter and
// shallower. Identical argument blocks (same rules, same fallback) become one, found by a
// structural hash (libseccomp's block hashing); neighbouring ranges with the same outcome merge.
// Each step can be switched off through CompileOptions.
#include <map>

#include "syscage/bpf/passes/passes.h"

namespace syscage::bpf {
namespace {

size_t HashBlock(const CondBlock& b) {
  size_t h = b.tests.size();
  for (const auto& t : b.tests) {
    h = h * 131 + (t.load ? *t.load + 1 : 0);
    h = h * 131 + (t.and_mask ? std::hash<uint32_t>{}(*t.and_mask) + 1 : 0);
    h = h * 131 + t.op;
    h = h * 131 + t.k;
    h = h * 131 + t.jt.value * 2 + (t.jt.action ? 1 : 0);
    h = h * 131 + t.jf.value * 2 + (t.jf.action ? 1 : 0);
  }
  return h;
}

void ShareBlocks(RangeGroup& group) {
  std::multimap<size_t, size_t> seen;  // hash -> new index
  std::vector<CondBlock> blocks;
  std::vector<size_t> remap(group.blocks.size());
  for (size_t i = 0; i < group.blocks.size(); ++i) {
    const size_t h = HashBlock(group.blocks[i]);
    bool found = false;
    for (auto [it, end] = seen.equal_range(h); it != end; ++it) {
      if (blocks[it->second] == group.blocks[i]) {
        remap[i] = it->second;
        found = true;
        break;
      }
    }
    if (!found) {
      remap[i] = blocks.size();
      seen.emplace(h, blocks.size());
      blocks.push_back(std::move(group.blocks[i]));
    }
  }
  for (auto& r : group.ranges) {
    if (!r.action) r.block = remap[r.block];
  }
  group.blocks = std::move(blocks);
}

void MergeRanges(RangeGroup& group) {
  std::vector<Range> merged;
  for (const auto& r : group.ranges) {
    if (!merged.empty()) {
      Range& prev = merged.back();
      const bool same = prev.action == r.action && (r.action || prev.block == r.block);
      if (same && uint64_t{prev.last} + 1 == r.first) {
        prev.last = r.last;
        continue;
      }
    }
    merged.push_back(r);
  }
  group.ranges = std::move(merged);
}

}  // namespace

Result<RangePolicy> Optimize(RangePolicy policy, const CompileOptions& options) {
  for (auto& group : policy.groups) {
    if (options.share_blocks) ShareBlocks(group);
    if (options.merge_ranges) MergeRanges(group);
  }
  return policy;
}

}  // namespace syscage::bpf
