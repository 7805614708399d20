// SPDX-License-Identifier: Apache-2.0
// The compiler passes, one file each, called in this order by Pipeline::Compile
// (ARCHITECTURE.md 2.6). Each takes the previous stage's IR and returns the next one; problems in
// the user's profile go to `diags`, and a pass returns an Error only when it cannot continue.
#pragma once

#include <span>
#include <vector>

#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"
#include "syscage/bpf/ir.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/model.h"

namespace syscage::bpf {

// The SECCOMP_RET_* value runc gives a profile action: SCMP_ACT_KILL is kill-thread, ERRNO and
// TRACE without errnoRet carry EPERM. kInvalidArgument for an errno libseccomp refuses (> 4094).
Result<uint32_t> RuncAction(profile::ActionKind kind, std::optional<uint32_t> errno_ret);

// Names (and @sets) -> numbers per arch. A name no arch knows is an error diagnostic unless
// options.ignore_unknown (then a warning); one absent on an arch is skipped there.
Result<ResolvedPolicy> ResolveNames(const profile::Profile& profile,
                                    std::span<const arch::Arch> arches,
                                    const CompileOptions& options, Diagnostics& diags);

// Per arch, the syscall -> action/conditions table that runc's calls build in libseccomp's rule
// database (skip rules equal to the default, split same-argument conditions, first
// unconditional rule wins, i386 socketcall/ipc sub-call rules).
Result<LoweredPolicy> LowerRules(const profile::Profile& profile, const ResolvedPolicy& resolved,
                                 const CompileOptions& options, Diagnostics& diags);

// Disjoint sorted number ranges per audit arch, covering the whole 32-bit number space, with the
// bad-arch action for the other ABI's half on x86_64/x32 and runc's -ENOSYS stub folded in.
Result<RangePolicy> NormalizeRanges(const LoweredPolicy& lowered, const CompileOptions& options);

// Merges neighbouring ranges with the same outcome and shares identical blocks.
Result<RangePolicy> Optimize(RangePolicy policy, const CompileOptions& options);

// The symbolic program: arch dispatch, number dispatch (binary or linear), argument blocks, and
// one shared RET per action.
Result<SymbolicProgram> Codegen(const RangePolicy& policy, const CompileOptions& options);

// Label resolution, emitted backwards so every offset is known; conditional jumps farther than
// 255 get a JA trampoline (or a copy of the RET they jump to). kLimitExceeded over 4096
// instructions.
Result<Program> Layout(const SymbolicProgram& program, const CompileOptions& options);

// The kernel's checks plus forward-only jumps; kInternal when they fail (a compiler bug).
Result<> Verify(const Program& program);

}  // namespace syscage::bpf
