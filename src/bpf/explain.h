// SPDX-License-Identifier: Apache-2.0
// What a profile does to one call, or to every syscall of an arch (`syscage explain`): the
// compiled filter is run on the interpreter, so the answer is the installed program's, and the
// argument conditions shown for conditional syscalls come from the lowered rules.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/model.h"

namespace syscage::bpf {

struct CallVerdict {
  arch::Arch arch = arch::Arch::kX86_64;
  uint32_t nr = 0;           // seccomp_data.nr
  uint32_t action = 0;       // the filter's return value
  uint32_t executed = 0;     // instructions the filter ran
  bool loaded_args = false;  // the verdict depends on the arguments
};

// The verdict for one call of `nr` with `args` (missing ones are 0) on `arch`. Errors are
// Pipeline::Compile's.
Result<CallVerdict> ExplainCall(const profile::Profile& profile, arch::Arch arch, uint32_t nr,
                                std::span<const uint64_t> args, CompileOptions options,
                                Diagnostics& diags);

struct SyscallRow {
  std::string name;
  uint32_t nr = 0;
  uint32_t action = 0;       // with all arguments 0
  bool conditional = false;  // the filter reads arguments for this syscall
  std::string conditions;    // "a0 == 0x0 -> ALLOW; a0 == 0x8 -> ALLOW; else ERRNO(1)"
};

// Every syscall of `arch`'s table with its action, in number order. Errors are Compile's.
Result<std::vector<SyscallRow>> ExplainAll(const profile::Profile& profile, arch::Arch arch,
                                           CompileOptions options, Diagnostics& diags);

// Resolves a syscall given by name or number ("openat", "257", "0x101") on `arch`.
// kNotFound (with a close match) for an unknown name.
Result<uint32_t> SyscallNumber(arch::Arch arch, std::string_view name_or_number);

}  // namespace syscage::bpf
