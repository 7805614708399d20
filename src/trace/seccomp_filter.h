// SPDX-License-Identifier: Apache-2.0
// The small classic-BPF program behind `trace --seccomp-bpf` (strace's filter_seccomp.c idea):
// SECCOMP_RET_TRACE for the traced syscalls, SECCOMP_RET_ALLOW for the rest, so untraced calls
// never stop. trace/ builds it itself (it must not depend on bpf/); it checks seccomp_data.arch
// per arch and tells x32 calls (nr with __X32_SYSCALL_BIT, same audit arch) from x86_64 ones.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/trace/backend.h"

namespace syscage::trace {

// Builds the filter. Calls of an arch not in `sets` get SECCOMP_RET_TRACE (the tracer then sees
// them and decides), as do x32 calls when `sets` has no kX32 entry but has kX86_64.
// kLimitExceeded when the program would exceed BPF_MAXINSNS (4096) instructions.
Result<std::vector<sock_filter>> BuildTraceFilter(const std::vector<Target::SeccompSet>& sets);

// Installs `program` on the calling thread with seccomp(SECCOMP_SET_MODE_FILTER), after
// PR_SET_NO_NEW_PRIVS when `no_new_privs`. Returns the errno on failure (0 on success); meant for
// a forked child before exec, so it only makes raw syscalls.
int InstallFilter(const std::vector<sock_filter>& program, bool no_new_privs);

}  // namespace syscage::trace
