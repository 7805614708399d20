// SPDX-License-Identifier: Apache-2.0
// The x86 columns of syscalls.csv against the build machine's <asm/unistd_64.h>, <asm/unistd_32.h>
// and <asm/unistd_x32.h> (Debian 12: Linux 6.1 headers, so newer syscalls are simply not there).
#include <gtest/gtest.h>

#include "native_headers.h"
#include "syscage/syscalls/table.h"

namespace syscage::syscalls {
namespace {

void CompareWithHeader(arch::Arch a, const std::vector<HeaderNr>& header) {
  for (const auto& h : header) {
    auto nr = Resolve(a, h.name);
    ASSERT_TRUE(nr.has_value()) << h.name << " is in the header but absent from the csv";
    EXPECT_EQ(static_cast<long long>(*nr), h.nr) << h.name;
  }
}

TEST(NativeTest, X86_64MatchesUnistd64) {
  auto header = HeaderNrsX86_64();
  if (header.empty()) GTEST_SKIP() << "no <asm/unistd_64.h> on this host";
  EXPECT_GT(header.size(), 300u);
  CompareWithHeader(arch::Arch::kX86_64, header);
  EXPECT_TRUE(HeaderNamesMissingX86_64().empty())
      << "first missing: " << HeaderNamesMissingX86_64().front();
}

TEST(NativeTest, X86MatchesUnistd32) {
  auto header = HeaderNrsX86();
  if (header.empty()) GTEST_SKIP() << "no <asm/unistd_32.h> on this host";
  EXPECT_GT(header.size(), 400u);
  CompareWithHeader(arch::Arch::kX86, header);
  EXPECT_TRUE(HeaderNamesMissingX86().empty());
}

TEST(NativeTest, X32MatchesUnistdX32WithTheX32Bit) {
  auto header = HeaderNrsX32();
  if (header.empty()) GTEST_SKIP() << "no <asm/unistd_x32.h> on this host";
  EXPECT_GT(header.size(), 300u);
  CompareWithHeader(arch::Arch::kX32, header);
  EXPECT_TRUE(HeaderNamesMissingX32().empty());
}

}  // namespace
}  // namespace syscage::syscalls
