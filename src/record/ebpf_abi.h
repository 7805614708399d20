// SPDX-License-Identifier: Apache-2.0
// The user-side mirror of ebpf/syscall_abi.bpf.h: how the eBPF recorder's and counter's arrays
// are indexed (slot = abi * kMaxNr + nr) and which syscage arch each ABI is.
#pragma once

#include <cstdint>
#include <optional>

#include "syscage/arch/arch.h"

namespace syscage::record {

inline constexpr uint32_t kAbiNative = 0;  // x86_64
inline constexpr uint32_t kAbiX32 = 1;
inline constexpr uint32_t kAbiI386 = 2;
inline constexpr uint32_t kAbiCount = 3;
inline constexpr uint32_t kMaxNr = 1024;
inline constexpr arch::Arch kAbiArch[kAbiCount] = {arch::Arch::kX86_64, arch::Arch::kX32,
                                                   arch::Arch::kX86};

// A slot's arch and seccomp_data.nr (x32 keeps its bit); nullopt past the last ABI.
struct SlotCall {
  arch::Arch arch;
  uint32_t nr;
};
inline std::optional<SlotCall> CallOfSlot(uint32_t slot) {
  const uint32_t abi = slot / kMaxNr;
  if (abi >= kAbiCount) return std::nullopt;
  uint32_t nr = slot % kMaxNr;
  if (abi == kAbiX32) nr |= arch::kX32SyscallBit;
  return SlotCall{kAbiArch[abi], nr};
}

}  // namespace syscage::record
