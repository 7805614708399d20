// SPDX-License-Identifier: Apache-2.0
// `syscage diff`: a semantic comparison of two profiles, per architecture and per syscall, of
// what runc installs (effective.h), not of the text. Rule order, name order, grouping, rules runc
// skips and clauses that give the default action make no difference.
#pragma once

#include <string>
#include <vector>

#include "syscage/profile/effective.h"
#include "syscage/profile/model.h"

namespace syscage::profile {

struct SyscallDiff {
  arch::Arch arch;
  std::string name;
  std::string left;  // EffectiveSyscall::ToString(), or "default ERRNO(1)" when not mentioned
  std::string right;
};

struct ProfileDiff {
  Verdict left_default, right_default;
  bool left_unconfined = false, right_unconfined = false;
  std::vector<arch::Arch> only_left, only_right;  // filter arches one side lacks
  std::vector<SyscallDiff> syscalls;              // sorted by arch, then name

  bool DefaultDiffers() const {
    return !(left_default == right_default) || left_unconfined != right_unconfined;
  }
  bool empty() const {
    return !DefaultDiffers() && only_left.empty() && only_right.empty() && syscalls.empty();
  }
};

// Compares the effective views of `left` and `right` (both resolved) on the arches both filters
// have; syscalls neither mentions follow the defaults and are summed up by DefaultDiffers().
ProfileDiff DiffProfiles(const Profile& left, const Profile& right,
                         const EffectiveOptions& opts = {});

// "default: ERRNO(1) -> ERRNO(38)\nx86_64 mkdir: ALLOW -> default ERRNO(1)\n..." (empty if equal).
std::string DiffToText(const ProfileDiff& diff, std::string_view left_name,
                       std::string_view right_name);
// {"equal": bool, "default": {...}, "arches_only_left": [...], "syscalls":
// [{arch,name,left,right}]}
std::string DiffToJson(const ProfileDiff& diff);

}  // namespace syscage::profile
