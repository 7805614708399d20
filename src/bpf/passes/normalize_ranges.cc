// SPDX-License-Identifier: Apache-2.0
// Pass 4, normalize_ranges: each arch's syscall table becomes sorted, disjoint number ranges that
// cover the whole 32-bit space of its audit arch value, each with a fixed action or an argument
// block. x86_64 and x32 share AUDIT_ARCH_X86_64 and split the space at the x32 bit: the half of an
// ABI that is not a target gets the bad-arch action, so no x32 call slips past an x86_64 filter.
// runc's -ENOSYS stub (numbers above the highest the profile names) is folded in as one range.
// nr == -1 stays an x86_64 number, as libseccomp's x32 check lets it through.
#include <algorithm>
#include <cerrno>

#include "syscage/bpf/passes/passes.h"

namespace syscage::bpf {
namespace {

// The part of the number space an arch's calls use under its audit arch value.
std::pair<uint32_t, uint32_t> Domain(arch::Arch a) {
  if (a == arch::Arch::kX86_64) return {0, arch::kX32SyscallBit - 1};
  if (a == arch::Arch::kX32) return {arch::kX32SyscallBit, 0xffffffffu};
  return {0, 0xffffffffu};
}

void Append(std::vector<Range>& ranges, uint32_t first, uint32_t last,
            std::optional<uint32_t> action, size_t block) {
  ranges.push_back(Range{first, last, action, block});
}

}  // namespace

Result<RangePolicy> NormalizeRanges(const LoweredPolicy& lowered,
                                    const CompileOptions& /*options*/) {
  RangePolicy out;
  out.bad_arch_action = lowered.bad_arch_action;

  // Per-arch ranges first, then stitched per audit arch.
  struct Part {
    uint32_t first, last;
    std::vector<Range> ranges;
    std::vector<CondBlock> blocks;
  };
  std::vector<std::pair<uint32_t, std::vector<std::pair<arch::Arch, Part>>>> by_audit;
  for (const auto& ar : lowered.arches) {
    const arch::ArchInfo& info = arch::Info(ar.arch);
    auto [first, last] = Domain(ar.arch);
    Part part{first, last, {}, {}};
    uint32_t top = last;
    if (ar.enosys_above && *ar.enosys_above >= first && *ar.enosys_above < last) {
      top = *ar.enosys_above;
    }
    uint64_t next = first;  // first number not yet covered
    for (const auto& sys : ar.syscalls) {
      if (sys.nr < first || sys.nr > top) continue;
      if (sys.nr > next) {
        Append(part.ranges, static_cast<uint32_t>(next), sys.nr - 1, lowered.default_action, 0);
      }
      if (sys.action) {
        Append(part.ranges, sys.nr, sys.nr, sys.action, 0);
      } else {
        part.blocks.push_back(CondBlock{sys.tests});
        Append(part.ranges, sys.nr, sys.nr, std::nullopt, part.blocks.size() - 1);
      }
      next = uint64_t{sys.nr} + 1;
    }
    if (next <= top)
      Append(part.ranges, static_cast<uint32_t>(next), top, lowered.default_action, 0);
    if (top < last) Append(part.ranges, top + 1, last, RetErrno(ENOSYS), 0);

    auto it = by_audit.begin();
    for (; it != by_audit.end(); ++it) {
      if (it->first == info.audit_arch) break;
    }
    if (it == by_audit.end()) {
      by_audit.push_back({info.audit_arch, {}});
      it = by_audit.end() - 1;
    }
    it->second.push_back({ar.arch, std::move(part)});
    // libseccomp lets nr == -1 through an x86_64 filter's x32 check (tracers set it to skip a
    // call), so it gets the default action there unless x32 is a target and owns that number.
    if (ar.arch == arch::Arch::kX86_64 &&
        std::none_of(lowered.arches.begin(), lowered.arches.end(),
                     [](const ArchRules& r) { return r.arch == arch::Arch::kX32; })) {
      Part minus_one{0xffffffffu, 0xffffffffu, {}, {}};
      Append(minus_one.ranges, 0xffffffffu, 0xffffffffu, lowered.default_action, 0);
      it->second.push_back({ar.arch, std::move(minus_one)});
    }
  }

  for (auto& [audit, parts] : by_audit) {
    RangeGroup group;
    group.audit_arch = audit;
    // Sort the parts by domain so the stitched ranges stay sorted.
    std::sort(parts.begin(), parts.end(),
              [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
    uint64_t next = 0;
    for (auto& [a, part] : parts) {
      if (std::find(group.arches.begin(), group.arches.end(), a) == group.arches.end()) {
        group.arches.push_back(a);
      }
      if (part.first > next) {
        Append(group.ranges, static_cast<uint32_t>(next), part.first - 1, out.bad_arch_action, 0);
      }
      const size_t base = group.blocks.size();
      for (auto& b : part.blocks) group.blocks.push_back(std::move(b));
      for (auto r : part.ranges) {
        if (!r.action) r.block += base;
        group.ranges.push_back(r);
      }
      next = uint64_t{part.last} + 1;
    }
    if (next <= 0xffffffffu) {
      Append(group.ranges, static_cast<uint32_t>(next), 0xffffffffu, out.bad_arch_action, 0);
    }
    out.groups.push_back(std::move(group));
  }
  return out;
}

}  // namespace syscage::bpf
