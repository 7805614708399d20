// SPDX-License-Identifier: Apache-2.0
// From a Recording to the allowlist profile `syscage record` writes: default SCMP_ACT_ERRNO with
// defaultErrnoRet ENOSYS, the architectures seen plus the host's compat ones, the recorded
// syscalls sorted, the enforcer's own syscalls, and with --args argument rules for clone, socket,
// personality and prctl built from the values seen.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/profile/model.h"
#include "syscage/record/recording.h"

namespace syscage::record {

// Who installs the profile: `syscage run` or runc. They make different syscalls between
// installing the filter and the workload's execve, and those must be allowed too.
enum class ForRuntime { kRun, kRunc };

// The syscalls the enforcer makes after installing the filter, until the workload's execve.
std::span<const std::string_view> EnforcerSyscalls(ForRuntime runtime);

// Why the default errno is ENOSYS (38), not EPERM: an allowlist denies every syscall the recording
// did not see, including ones newer than the program's fallback logic expects. glibc and other
// runtimes probe new calls (clone3, faccessat2, statx, close_range, rseq, openat2...) and fall
// back to the old one only on ENOSYS; EPERM makes them fail outright (pthread_create fails when
// clone3 gets EPERM). podman's default profile uses ENOSYS for the same reason.
inline constexpr uint32_t kDefaultErrno = 38;  // ENOSYS

struct ProfileOptions {
  ForRuntime runtime = ForRuntime::kRun;
  bool args = false;  // argument rules from Recording::arg0
  // Architectures always listed (the host's native and compat ones); empty = the host's.
  std::vector<arch::Arch> host_arches;
};

// What BuildProfile could not turn into names (numbers without a name in syscage's table).
struct BuildNotes {
  std::vector<SyscallKey> unnamed;
};

// The allowlist for `rec`. Never fails; numbers syscage cannot name go to `notes`.
profile::Profile BuildProfile(const Recording& rec, const ProfileOptions& options,
                              BuildNotes* notes = nullptr);

}  // namespace syscage::record
