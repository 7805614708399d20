// SPDX-License-Identifier: Apache-2.0
#include "syscage/arch/arch.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace syscage::arch {
namespace {

constexpr uint32_t k64 = kAudit64Bit;
constexpr uint32_t kLE = kAuditLittleEndian;

// EM_* machine numbers from include/uapi/linux/elf-em.h, combined as in linux/audit.h.
// clang-format off
constexpr std::array<ArchInfo, kArchCount> kArchs = {{
  {Arch::kX86_64,      "x86_64",      "SCMP_ARCH_X86_64",      62 | k64 | kLE,  64, true,  0,              "", "amd64 x86-64"},
  {Arch::kX86,         "x86",         "SCMP_ARCH_X86",         3 | kLE,         32, true,  0,              "socketcall ipc", "i386 i486 i586 i686 x86_32 ia32"},
  {Arch::kX32,         "x32",         "SCMP_ARCH_X32",         62 | k64 | kLE,  32, true,  kX32SyscallBit, "", ""},
  {Arch::kAarch64,     "aarch64",     "SCMP_ARCH_AARCH64",     183 | k64 | kLE, 64, true,  0,              "", "arm64"},
  {Arch::kArm,         "arm",         "SCMP_ARCH_ARM",         40 | kLE,        32, true,  0,              "", "armv7 armhf armel"},
  {Arch::kRiscv64,     "riscv64",     "SCMP_ARCH_RISCV64",     243 | k64 | kLE, 64, true,  0,              "", ""},
  {Arch::kS390x,       "s390x",       "SCMP_ARCH_S390X",       22 | k64,        64, false, 0,              "socketcall ipc", ""},
  {Arch::kS390,        "s390",        "SCMP_ARCH_S390",        22,              32, false, 0,              "socketcall ipc", ""},
  {Arch::kPpc64le,     "ppc64le",     "SCMP_ARCH_PPC64LE",     21 | k64 | kLE,  64, true,  0,              "socketcall ipc", "powerpc64le"},
  {Arch::kPpc64,       "ppc64",       "SCMP_ARCH_PPC64",       21 | k64,        64, false, 0,              "socketcall ipc", "powerpc64"},
  {Arch::kPpc,         "ppc",         "SCMP_ARCH_PPC",         20,              32, false, 0,              "socketcall ipc", "powerpc"},
  {Arch::kMips,        "mips",        "SCMP_ARCH_MIPS",        8,               32, false, 0,              "socketcall ipc", ""},
  {Arch::kMipsel,      "mipsel",      "SCMP_ARCH_MIPSEL",      8 | kLE,         32, true,  0,              "socketcall ipc", "mipsle"},
  {Arch::kMips64,      "mips64",      "SCMP_ARCH_MIPS64",      8 | k64,         64, false, 0,              "", ""},
  {Arch::kMipsel64,    "mipsel64",    "SCMP_ARCH_MIPSEL64",    8 | k64 | kLE,   64, true,  0,              "", "mips64le mips64el"},
  {Arch::kMips64n32,   "mips64n32",   "SCMP_ARCH_MIPS64N32",   8 | k64 | 0x20000000u,       32, false, 0, "", ""},
  {Arch::kMipsel64n32, "mipsel64n32", "SCMP_ARCH_MIPSEL64N32", 8 | k64 | kLE | 0x20000000u, 32, true,  0, "", "mips64n32el"},
  {Arch::kParisc,      "parisc",      "SCMP_ARCH_PARISC",      15,              32, false, 0,              "", "hppa"},
  {Arch::kParisc64,    "parisc64",    "SCMP_ARCH_PARISC64",    15 | k64,        64, false, 0,              "", "hppa64"},
  {Arch::kLoongarch64, "loongarch64", "SCMP_ARCH_LOONGARCH64", 258 | k64 | kLE, 64, true,  0,              "", ""},
  {Arch::kM68k,        "m68k",        "SCMP_ARCH_M68K",        4,               32, false, 0,              "socketcall ipc", ""},
  {Arch::kSh,          "sh",          "SCMP_ARCH_SH",          42 | kLE,        32, true,  0,              "socketcall ipc", "shel"},
  {Arch::kSheb,        "sheb",        "SCMP_ARCH_SHEB",        42,              32, false, 0,              "socketcall ipc", ""},
}};
// clang-format on

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool InAliases(std::string_view aliases, std::string_view name) {
  size_t pos = 0;
  while (pos < aliases.size()) {
    size_t end = aliases.find(' ', pos);
    if (end == std::string_view::npos) end = aliases.size();
    if (EqualsIgnoreCase(aliases.substr(pos, end - pos), name)) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

std::span<const ArchInfo> AllArchs() { return kArchs; }

const ArchInfo& Info(Arch arch) { return kArchs[static_cast<size_t>(arch)]; }

Result<Arch> ArchFromName(std::string_view name) {
  for (const auto& info : kArchs) {
    if (EqualsIgnoreCase(info.name, name) || EqualsIgnoreCase(info.scmp_name, name) ||
        InAliases(info.aliases, name)) {
      return info.arch;
    }
  }
  return Fail(ErrorCode::kUnsupportedArch, "unknown architecture '" + std::string(name) + "'");
}

std::optional<Arch> ArchFromAudit(uint32_t audit_arch) {
  for (const auto& info : kArchs) {
    if (info.audit_arch == audit_arch) return info.arch;
  }
  return std::nullopt;
}

Arch NativeArch() {
#if defined(__x86_64__) && defined(__ILP32__)
  return Arch::kX32;
#elif defined(__x86_64__)
  return Arch::kX86_64;
#elif defined(__i386__)
  return Arch::kX86;
#elif defined(__aarch64__)
  return Arch::kAarch64;
#elif defined(__arm__)
  return Arch::kArm;
#elif defined(__riscv) && __riscv_xlen == 64
  return Arch::kRiscv64;
#elif defined(__s390x__)
  return Arch::kS390x;
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return Arch::kPpc64le;
#elif defined(__powerpc64__)
  return Arch::kPpc64;
#elif defined(__loongarch64)
  return Arch::kLoongarch64;
#else
#error "syscage: add this architecture to NativeArch()"
#endif
}

std::vector<Arch> CompatArchs(Arch native) {
  // Docker's archMap (moby profiles/seccomp/default.json), the secondary ABIs per native arch.
  switch (native) {
    case Arch::kX86_64:
      return {Arch::kX86_64, Arch::kX86, Arch::kX32};
    case Arch::kAarch64:
      return {Arch::kAarch64, Arch::kArm};
    case Arch::kMips64:
      return {Arch::kMips64, Arch::kMips64n32, Arch::kMips};
    case Arch::kMipsel64:
      return {Arch::kMipsel64, Arch::kMipsel64n32, Arch::kMipsel};
    case Arch::kS390x:
      return {Arch::kS390x, Arch::kS390};
    case Arch::kPpc64:
      return {Arch::kPpc64, Arch::kPpc};
    default:
      return {native};
  }
}

}  // namespace syscage::arch
