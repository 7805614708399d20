// SPDX-License-Identifier: Apache-2.0
// The architectures syscage knows, as one data table (libseccomp arch_def, systemd's quirks).
// Behaviour keys off these fields, never off #ifdef.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "syscage/base/result.h"

namespace syscage::arch {

enum class Arch : uint8_t {
  kX86_64,
  kX86,  // i386
  kX32,
  kAarch64,
  kArm,
  kRiscv64,
  kS390x,
  kS390,
  kPpc64le,
  kPpc64,
  kPpc,
  kMips,
  kMipsel,
  kMips64,
  kMipsel64,
  kMips64n32,
  kMipsel64n32,
  kParisc,
  kParisc64,
  kLoongarch64,
  kM68k,
  kSh,
  kSheb,
};

inline constexpr size_t kArchCount = 23;

// Linux's AUDIT_ARCH_* flags (include/uapi/linux/audit.h).
inline constexpr uint32_t kAudit64Bit = 0x80000000u;
inline constexpr uint32_t kAuditLittleEndian = 0x40000000u;
// x32 syscalls arrive with AUDIT_ARCH_X86_64 and this bit set in nr (__X32_SYSCALL_BIT).
inline constexpr uint32_t kX32SyscallBit = 0x40000000u;

struct ArchInfo {
  Arch arch;
  std::string_view name;       // syscage's name and the syscalls.csv column: "x86_64", "x86"
  std::string_view scmp_name;  // OCI/Docker spelling: "SCMP_ARCH_X86_64"
  uint32_t audit_arch;         // seccomp_data.arch value
  uint8_t bits;                // 32 or 64: width of syscall arguments
  bool little_endian;
  // Added to the table number to form seccomp_data.nr (x32: kX32SyscallBit). 0 elsewhere.
  uint32_t nr_offset;
  // The multiplexers whose sub-calls hide behind a pointer or a number (i386 socketcall/ipc);
  // empty when the arch has direct syscalls only.
  std::string_view multiplexers;
  std::string_view aliases;  // other accepted names, space separated ("i386 i686 x86_32")
};

// All known architectures, in Arch order.
std::span<const ArchInfo> AllArchs();
const ArchInfo& Info(Arch arch);

// Looks up "x86_64", "amd64", "i386", "SCMP_ARCH_X86", "aarch64", "arm64"... (case-insensitive).
// kUnsupportedArch naming the input when unknown.
Result<Arch> ArchFromName(std::string_view name);
// The arch whose audit_arch is `audit_arch` (x32 shares x86_64's; this returns kX86_64).
std::optional<Arch> ArchFromAudit(uint32_t audit_arch);

// The architecture this binary was compiled for.
Arch NativeArch();
// The native arch plus those the kernel also runs on it (x86_64: x86 and x32; aarch64: arm),
// the set Docker's archMap assigns ("SCMP_ARCH_X86_64": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]).
std::vector<Arch> CompatArchs(Arch native);

}  // namespace syscage::arch
