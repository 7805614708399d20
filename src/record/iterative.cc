// SPDX-License-Identifier: Apache-2.0
// The known set of an earlier profile and its complement as trace filter sets (see iterative.h).
// The filter only reads seccomp_data.arch and .nr, so since Linux 5.11 the kernel's seccomp action
// cache (kernel/seccomp.c, seccomp_cache_prepare) marks every known native and i386 call as
// always-ALLOW and skips running the filter for it.
#include "syscage/record/iterative.h"

#include <algorithm>
#include <string>

#include "syscage/record/recording.h"
#include "syscage/syscalls/table.h"

namespace syscage::record {
namespace {

bool Unconditional(const profile::SyscallRule& r) {
  return r.action == profile::ActionKind::kAllow && r.args.empty() && r.includes.empty() &&
         r.excludes.empty();
}

}  // namespace

Result<KnownSyscalls> KnownFromProfile(const profile::Profile& earlier, bool capture_args) {
  if (earlier.unconfined || earlier.default_action == profile::ActionKind::kAllow ||
      earlier.default_action == profile::ActionKind::kLog) {
    return Fail(ErrorCode::kInvalidArgument,
                "the profile to merge into is not an allowlist (its default action lets calls "
                "through), so it has no set of known syscalls");
  }
  std::set<std::string> names;
  for (const auto& r : earlier.syscalls) {
    if (Unconditional(r)) names.insert(r.names.begin(), r.names.end());
  }
  // A name some other rule conditions or denies is not simply allowed: keep tracing it.
  for (const auto& r : earlier.syscalls) {
    if (Unconditional(r)) continue;
    for (const auto& n : r.names) names.erase(n);
  }
  if (capture_args) {
    for (auto n : kArgCaptureNames) names.erase(std::string(n));
  }

  std::vector<std::string> listed = earlier.architectures;
  for (const auto& m : earlier.arch_map) {
    listed.push_back(m.architecture);
    listed.insert(listed.end(), m.sub_architectures.begin(), m.sub_architectures.end());
  }
  const std::vector<arch::Arch> host = arch::CompatArchs(arch::NativeArch());
  KnownSyscalls known;
  known.names = names.size();
  for (const auto& spelled : listed) {
    auto a = arch::ArchFromName(spelled);
    if (!a || std::find(host.begin(), host.end(), *a) == host.end()) continue;
    std::set<uint32_t>& nrs = known.by_arch[*a];
    for (const auto& n : names) {
      if (auto nr = syscalls::Resolve(*a, n)) nrs.insert(*nr);
    }
  }
  return known;
}

std::vector<trace::Target::SeccompSet> TraceComplement(const KnownSyscalls& known) {
  std::vector<trace::Target::SeccompSet> sets;
  for (const auto& [a, nrs] : known.by_arch) {
    trace::Target::SeccompSet s{a, {}};
    const uint32_t offset = arch::Info(a).nr_offset;
    for (uint32_t i = 0; i < kComplementSpan; ++i) {
      if (nrs.count(offset + i) == 0) s.nrs.push_back(offset + i);
    }
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace syscage::record
