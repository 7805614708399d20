// SPDX-License-Identifier: Apache-2.0
// `syscage run --report` and `--complain`: what a denied call looks like to the supervisor, and
// the program rewrite that makes the kernel stop at every call the profile denies.
//
// Mechanism (why SECCOMP_RET_TRACE and not SECCOMP_RET_USER_NOTIF): every RET of the compiled
// program whose action is supervised is rewritten to SECCOMP_RET_TRACE | index, where index
// points into a table of the original return values (SECCOMP_RET_DATA is 16 bits; a program has
// at most 4096 RETs). The ptrace supervisor of RunConfined (PTRACE_O_TRACESECCOMP) then sees a
// PTRACE_EVENT_SECCOMP stop for exactly those calls, with the arch, number and arguments
// (PTRACE_GET_SYSCALL_INFO), reports them, and:
//   - report mode, ERRNO: skips the call and sets its return value to -errno, which is what the
//     kernel would have done. TRACE (which `run` without a tracer turns into ENOSYS): -ENOSYS.
//   - report mode, KILL_* and TRAP are NOT rewritten: the kernel delivers them itself, exactly,
//     and the supervisor already sees them (the SIGSYS signal-delivery-stop of a TRAP, the
//     PTRACE_EVENT_EXIT stop of a seccomp kill) and reports them from there.
//   - complain mode: every non-allow action (KILL_*, TRAP, ERRNO, TRACE, and the bad-arch and
//     -ENOSYS stub returns the compiler adds) is rewritten, and the call is let through.
// ALLOW, LOG and USER_NOTIF returns are never touched: the allowed paths stay byte-for-byte the
// same (the kernel's action cache still skips the filter for them) and a NOTIFY listener still
// gets its calls. USER_NOTIF could not reproduce KILL or TRAP exactly (the agent can only answer
// with a value or let the call continue), which is why TRACE is used.
// Fail closed: if the supervisor goes away, SECCOMP_RET_TRACE without a tracer makes the call
// fail with ENOSYS (never run), and the supervisor sets PTRACE_O_EXITKILL so the command is
// killed outright.
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "syscage/base/result.h"

namespace syscage::run {

enum class DenialMode : uint8_t {
  kEnforce,   // plain `run`: the program as compiled, no per-call supervision
  kReport,    // enforce exactly, and report every denied call
  kComplain,  // allow every call the profile would deny, and report it
};

// One call the profile denies, as the supervisor saw it. The thread is still stopped while
// RunSpec::on_denied runs, so the callback may read its memory (process_vm_readv) to decode args.
struct DeniedCall {
  enum class Outcome : uint8_t {
    kErrno,    // report mode: the call was skipped and returned -errno
    kAllowed,  // complain mode: the call ran
    kTrapped,  // report mode: SIGSYS is being delivered (SECCOMP_RET_TRAP)
    kKilled,   // report mode: the thread (or process) was killed by seccomp
  };
  Outcome outcome = Outcome::kErrno;
  pid_t pid = 0;  // thread group id
  pid_t tid = 0;
  uint32_t audit_arch = 0;  // AUDIT_ARCH_* of the call, 0 when unknown
  int64_t nr = -1;          // seccomp_data.nr (x32 keeps its bit); -1 when unknown
  std::array<uint64_t, 6> args{};
  bool args_known = false;
  // The profile's return value for the call (SECCOMP_RET_* | data). Unknown for a seccomp kill
  // seen at the thread's exit (the kernel does not say which kill action it was).
  uint32_t action = 0;
  bool action_known = false;
  int errno_returned = 0;  // kErrno: the errno the call returned
};

// A program rewritten for supervision, and the original return values its TRACE data indexes.
struct SupervisedProgram {
  std::vector<sock_filter> program;
  std::vector<uint32_t> original_actions;
};

// Whether `mode` routes a RET of `action` (SECCOMP_RET_* | data) through the supervisor.
bool IsSupervised(DenialMode mode, uint32_t action);

// Rewrites `program` for `mode` (see above). kEnforce returns it unchanged. kInvalidArgument
// for a program that returns the accumulator (BPF_RET|BPF_A: its actions cannot be known
// statically) or has more distinct supervised actions than SECCOMP_RET_DATA can index.
Result<SupervisedProgram> RewriteForSupervision(std::span<const sock_filter> program,
                                                DenialMode mode);

// The errno the kernel gives a call whose filter returned `action` (ERRNO: its data, capped at
// MAX_ERRNO as the kernel does; TRACE without a seccomp tracer: ENOSYS); 0 for other actions.
int ErrnoOfAction(uint32_t action);

}  // namespace syscage::run
