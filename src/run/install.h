// SPDX-License-Identifier: Apache-2.0
// Installing a ready seccomp program into the calling process: no_new_privs, then seccomp(2)
// with the flags the OCI spec and runc know (TSYNC, LOG, SPEC_ALLOW, NEW_LISTENER,
// WAIT_KILLABLE_RECV), and seccomp strict mode. run/ knows nothing of profiles or the
// compiler: it takes a sock_filter program as the kernel takes it.
#pragma once

#include <linux/filter.h>

#include <optional>
#include <span>

#include "syscage/base/result.h"

namespace syscage::run {

struct InstallOptions {
  // prctl(PR_SET_NO_NEW_PRIVS) first; without it the kernel wants CAP_SYS_ADMIN.
  bool no_new_privs = true;
  bool tsync = false;               // SECCOMP_FILTER_FLAG_TSYNC: every thread gets the filter
  bool log = false;                 // SECCOMP_FILTER_FLAG_LOG: log all but allowed actions
  bool spec_allow = false;          // SECCOMP_FILTER_FLAG_SPEC_ALLOW: keep SSB mitigation off
  bool wait_killable_recv = false;  // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (needs a listener)
  // SECCOMP_FILTER_FLAG_NEW_LISTENER; nullopt means "when the program returns USER_NOTIF".
  std::optional<bool> new_listener;
};

// True when some RET instruction of `program` returns SECCOMP_RET_USER_NOTIF.
bool ProgramHasNotify(std::span<const sock_filter> program);

// The seccomp(2) flags for `options` and `program` (TSYNC with NEW_LISTENER adds TSYNC_ESRCH,
// which the kernel requires for that pair). kInvalidArgument for WAIT_KILLABLE_RECV without a
// listener.
Result<unsigned> SeccompFlags(const InstallOptions& options, std::span<const sock_filter> program);

// The async-signal-safe core, for use between fork and exec: optional no_new_privs, then
// seccomp(SECCOMP_SET_MODE_FILTER, flags, prog). Returns the listener fd (NEW_LISTENER), 0, or
// -errno; a TSYNC failure without TSYNC_ESRCH (another thread could not be synchronised)
// returns -ESRCH.
long InstallFilterRaw(const sock_fprog& prog, unsigned flags, bool no_new_privs) noexcept;

// Installs `program` in the calling process. Returns the listener fd when a listener was asked
// for (the caller owns it) and -1 otherwise. Errors: kInvalidArgument for an empty program or
// bad flags, kLimitExceeded above BPF_MAXINSNS (4096), kKernel with errno when the kernel
// refuses (EINVAL for an invalid program, EACCES without no_new_privs or CAP_SYS_ADMIN).
Result<int> InstallFilter(std::span<const sock_filter> program, const InstallOptions& options = {});

// Enters seccomp strict mode: from now on only read, write, _exit (not exit_group) and
// sigreturn are allowed; anything else is SIGKILL. It cannot survive execve, so it is an API,
// not a `run` flag. kKernel with errno on failure.
Result<> EnterStrictMode();

}  // namespace syscage::run
