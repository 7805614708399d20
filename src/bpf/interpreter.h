// SPDX-License-Identifier: Apache-2.0
// The reference semantics of syscage: a classic-BPF interpreter for seccomp filters with the
// kernel's own checks (net/core/filter.c bpf_check_classic + kernel/seccomp.c
// seccomp_check_filter), so a program this accepts is one seccomp(2) accepts, and the value it
// returns is the one the kernel's filter run returns. Used by `explain`, `inspect`, the stats of
// `compile`, and every test that compares programs.
#pragma once

#include <cstdint>
#include <span>

#include "syscage/base/result.h"
#include "syscage/bpf/program.h"

namespace syscage::bpf {

// Checks `program` as the kernel does when it is installed. kInvalidArgument (sys_errno EINVAL)
// naming the first offending instruction, or kLimitExceeded for more than 4096 instructions.
Result<> CheckProgram(std::span<const sock_filter> program);

// What one run did besides its return value.
struct Evaluation {
  uint32_t ret = 0;          // the filter's return value (SECCOMP_RET_*), not normalised
  uint32_t executed = 0;     // instructions executed, the RET included
  bool loaded_args = false;  // read seccomp_data beyond nr and arch (instruction_pointer or args)
};

// How seccomp_data is laid out in memory for the words a program loads: the kernel fills it in
// the filtering machine's byte order, so a big-endian arch sees the high word of args[i] first.
enum class ByteOrder { kHost, kLittle, kBig };

// Runs `program` on `data` after CheckProgram. Errors are CheckProgram's.
Result<Evaluation> Run(std::span<const sock_filter> program, const seccomp_data& data,
                       ByteOrder order = ByteOrder::kHost);

// The filter's return value for `data` (Run(...).ret). Errors are CheckProgram's.
Result<uint32_t> Evaluate(std::span<const sock_filter> program, const seccomp_data& data);

// Run without the checks, for callers that already checked `program` (sweeps over many inputs).
// The program must have passed CheckProgram; behaviour on an unchecked program is a CHECK failure.
Evaluation RunChecked(std::span<const sock_filter> program, const seccomp_data& data,
                      ByteOrder order = ByteOrder::kHost);

}  // namespace syscage::bpf
