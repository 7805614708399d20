// SPDX-License-Identifier: Apache-2.0
#include "syscage/arch/arch.h"

#include <linux/audit.h>

#include <gtest/gtest.h>

namespace syscage::arch {
namespace {

TEST(ArchTest, AuditValuesMatchLinuxHeaders) {
  EXPECT_EQ(Info(Arch::kX86_64).audit_arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(Info(Arch::kX86).audit_arch, AUDIT_ARCH_I386);
  EXPECT_EQ(Info(Arch::kX32).audit_arch, AUDIT_ARCH_X86_64);
  EXPECT_EQ(Info(Arch::kAarch64).audit_arch, AUDIT_ARCH_AARCH64);
  EXPECT_EQ(Info(Arch::kArm).audit_arch, AUDIT_ARCH_ARM);
  EXPECT_EQ(Info(Arch::kRiscv64).audit_arch, AUDIT_ARCH_RISCV64);
  EXPECT_EQ(Info(Arch::kS390x).audit_arch, AUDIT_ARCH_S390X);
  EXPECT_EQ(Info(Arch::kS390).audit_arch, AUDIT_ARCH_S390);
  EXPECT_EQ(Info(Arch::kPpc64le).audit_arch, AUDIT_ARCH_PPC64LE);
  EXPECT_EQ(Info(Arch::kPpc64).audit_arch, AUDIT_ARCH_PPC64);
  EXPECT_EQ(Info(Arch::kPpc).audit_arch, AUDIT_ARCH_PPC);
  EXPECT_EQ(Info(Arch::kMips).audit_arch, AUDIT_ARCH_MIPS);
  EXPECT_EQ(Info(Arch::kMipsel).audit_arch, AUDIT_ARCH_MIPSEL);
  EXPECT_EQ(Info(Arch::kMips64).audit_arch, AUDIT_ARCH_MIPS64);
  EXPECT_EQ(Info(Arch::kMipsel64).audit_arch, AUDIT_ARCH_MIPSEL64);
  EXPECT_EQ(Info(Arch::kMips64n32).audit_arch, AUDIT_ARCH_MIPS64N32);
  EXPECT_EQ(Info(Arch::kMipsel64n32).audit_arch, AUDIT_ARCH_MIPSEL64N32);
  EXPECT_EQ(Info(Arch::kParisc).audit_arch, AUDIT_ARCH_PARISC);
  EXPECT_EQ(Info(Arch::kParisc64).audit_arch, AUDIT_ARCH_PARISC64);
  EXPECT_EQ(Info(Arch::kM68k).audit_arch, AUDIT_ARCH_M68K);
  EXPECT_EQ(Info(Arch::kSh).audit_arch, AUDIT_ARCH_SHEL);
  EXPECT_EQ(Info(Arch::kSheb).audit_arch, AUDIT_ARCH_SH);
}

TEST(ArchTest, TableIsInEnumOrder) {
  size_t i = 0;
  for (const auto& info : AllArchs()) EXPECT_EQ(static_cast<size_t>(info.arch), i++);
  EXPECT_EQ(i, kArchCount);
}

TEST(ArchTest, NamesAndAliases) {
  EXPECT_EQ(*ArchFromName("x86_64"), Arch::kX86_64);
  EXPECT_EQ(*ArchFromName("amd64"), Arch::kX86_64);
  EXPECT_EQ(*ArchFromName("SCMP_ARCH_X86"), Arch::kX86);
  EXPECT_EQ(*ArchFromName("i386"), Arch::kX86);
  EXPECT_EQ(*ArchFromName("arm64"), Arch::kAarch64);
  EXPECT_EQ(*ArchFromName("scmp_arch_x32"), Arch::kX32);
  auto bad = ArchFromName("vax");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kUnsupportedArch);
}

TEST(ArchTest, X32IsX86_64WithTheSyscallBit) {
  EXPECT_EQ(Info(Arch::kX32).nr_offset, 0x40000000u);
  EXPECT_EQ(ArchFromAudit(AUDIT_ARCH_X86_64), Arch::kX86_64);
  EXPECT_EQ(ArchFromAudit(0xdeadbeef), std::nullopt);
}

TEST(ArchTest, NativeIsInItsCompatSet) {
  auto compat = CompatArchs(NativeArch());
  ASSERT_FALSE(compat.empty());
  EXPECT_EQ(compat.front(), NativeArch());
}

}  // namespace
}  // namespace syscage::arch
