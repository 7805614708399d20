// SPDX-License-Identifier: Apache-2.0
// The second compiler of the differential tests (ARCHITECTURE.md 2.10): a Profile translated into
// libseccomp 2.5.4 calls exactly as runc 1.1 makes them (libcontainer/seccomp/seccomp_linux.go:
// action mapping, skip rules equal to the default, one rule per condition when an argument index
// repeats), exported with seccomp_export_bpf, plus runc's -ENOSYS stub
// (libcontainer/seccomp/patchbpf/enosys_linux.go) applied in front of it. The bad-arch action is
// set to KILL_PROCESS (SCMP_FLTATR_ACT_BADARCH) to match syscage's default.
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/profile/model.h"

namespace syscage::oracle {

struct RefFilter {
  std::vector<sock_filter> program;  // libseccomp's BPF
  // runc's stub: (audit arch, x32 half) -> highest syscall number the profile names there.
  std::map<std::pair<uint32_t, bool>, uint32_t> enosys_above;
  // The action the reference gives `data` (stub first, then libseccomp's program).
  uint32_t Evaluate(const seccomp_data& data) const;
};

// True when libseccomp 2.5.4 produced an arch section that compares syscall numbers without
// loading seccomp_data.nr first (a generator bug the compile fuzzer found: e.g. an i386 filter
// whose first rule is an ipc sub-call compares the arch value against syscall numbers). Such
// references are skipped, not copied.
bool HasNrLoadBug(const RefFilter& ref);

// Builds the reference for `profile` on exactly `arches`. An error string when libseccomp (and so
// runc) refuses the profile.
// `optimize` is SCMP_FLTATR_CTL_OPTIMIZE: 1 = libseccomp's default (linear per arch), 2 = its
// binary tree.
std::optional<RefFilter> BuildReference(const profile::Profile& profile,
                                        const std::vector<arch::Arch>& arches, std::string* error,
                                        int optimize = 1);

// libseccomp's SCMP_ARCH_* token for `a`, 0 when the oracle does not cover it.
uint32_t ScmpArch(arch::Arch a);

// True when libseccomp 2.5.4 has a syscall with number `nr` on `a` (seccomp_data.nr form).
bool LibseccompKnows(arch::Arch a, uint32_t nr);

// True when libseccomp 2.5.4 resolves `name` on `a` to a negative pseudo-syscall number.
bool LibseccompPseudo(arch::Arch a, const std::string& name);

// The highest number libseccomp resolves among `names` on `a` (runc's stub bound), 0 if none.
uint32_t LibseccompMaxNamed(arch::Arch a, const std::vector<std::string>& names);

}  // namespace syscage::oracle
