// SPDX-License-Identifier: Apache-2.0
// The iterative ptrace mode of `syscage record`: what an earlier profile already allows is the
// "known" set, and the launched command runs under a SECCOMP_RET_TRACE filter on its complement
// (strace --seccomp-bpf with the set inverted), so known calls run at full speed and only calls
// not seen before stop the tracer. Used by `--merge-into FILE` with the ptrace backend.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/result.h"
#include "syscage/profile/model.h"
#include "syscage/trace/backend.h"

namespace syscage::record {

// seccomp_data.nr values per architecture (x32 numbers carry kX32SyscallBit).
struct KnownSyscalls {
  std::map<arch::Arch, std::set<uint32_t>> by_arch;
  size_t names = 0;  // distinct syscall names behind them
};

// The syscalls `earlier` allows unconditionally, resolved on each architecture it lists
// (architectures and archMap) that this host runs. Not known, so still traced: rules with argument
// conditions or includes/excludes (the tracer must see the values, or the rule may not apply),
// and with `capture_args` every syscall --args records. An arch the profile does not list has no
// entry: all of its calls are traced. kInvalidArgument when `earlier` is not an allowlist.
Result<KnownSyscalls> KnownFromProfile(const profile::Profile& earlier, bool capture_args);

// How many syscall numbers per arch the complement covers, from the arch's nr_offset. Linux's
// largest table (x86_64, i386) ends below 470; calls at or beyond a kernel's NR_syscalls fail
// with ENOSYS whether traced or not, and get ENOSYS under the recorded profile too.
inline constexpr uint32_t kComplementSpan = 1024;

// trace::Target::seccomp for `known`: per arch in it, every nr of [nr_offset, nr_offset +
// kComplementSpan) that is not known. Calls of other arches are traced by the filter's default.
std::vector<trace::Target::SeccompSet> TraceComplement(const KnownSyscalls& known);

}  // namespace syscage::record
