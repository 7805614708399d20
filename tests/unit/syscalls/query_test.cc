// SPDX-License-Identifier: Apache-2.0
// The library side of `syscage syscalls`: item resolution, errors, listings.
#include "syscage/syscalls/query.h"

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"

namespace syscage::syscalls {
namespace {

using arch::Arch;

TEST(QueryTest, ResolvesNamesAndNumbers) {
  auto row = ResolveItem(Arch::kX86_64, "openat");
  EXPECT_EQ(row.nr, 257u);
  EXPECT_TRUE(row.error.empty());
  row = ResolveItem(Arch::kX86_64, "257");
  EXPECT_EQ(row.name, "openat");
  row = ResolveItem(Arch::kX86_64, "0x101");
  EXPECT_EQ(row.name, "openat");
  // x32: a table number gets the x32 bit; the full seccomp_data.nr works too.
  EXPECT_EQ(ResolveItem(Arch::kX32, "0").name, "read");
  EXPECT_EQ(ResolveItem(Arch::kX32, "0").nr, 0x40000000u);
  EXPECT_EQ(ResolveItem(Arch::kX32, "1073741824").name, "read");
}

TEST(QueryTest, ItemErrorsAreOneLineAndSpecific) {
  auto row = ResolveItem(Arch::kX86_64, "opne");
  EXPECT_EQ(row.error, "unknown syscall 'opne'; did you mean 'open'?");
  row = ResolveItem(Arch::kAarch64, "open");
  EXPECT_NE(row.error.find("does not exist on aarch64"), std::string::npos) << row.error;
  EXPECT_NE(row.error.find("x86_64"), std::string::npos);
  row = ResolveItem(Arch::kX86_64, "400");
  EXPECT_EQ(row.error, "no syscall has number 400 on x86_64");
  row = ResolveItem(Arch::kX86_64, "12abc");
  EXPECT_NE(row.error.find("unknown syscall '12abc'"), std::string::npos);
  for (const auto* e : {&row.error}) EXPECT_EQ(e->find('\n'), std::string::npos);
}

TEST(QueryTest, ListsTableGroupAndReportsBadArch) {
  auto all = Query({{}, "aarch64", ""});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->arch, Arch::kAarch64);
  EXPECT_EQ(all->rows.size(), Table(Arch::kAarch64).size());
  EXPECT_EQ(all->rows.front().name, "io_setup");  // aarch64 syscall 0
  EXPECT_FALSE(all->any_error);

  auto group = Query({{}, "aarch64", "@mount"});
  ASSERT_TRUE(group.has_value());
  bool saw_absent_umount = false;
  for (const auto& r : group->rows) saw_absent_umount |= (r.name == "umount" && !r.nr);
  EXPECT_TRUE(saw_absent_umount);  // generic-table arches only have umount2

  auto bad_arch = Query({{"read"}, "aarch46", ""});
  ASSERT_FALSE(bad_arch.has_value());
  EXPECT_EQ(bad_arch.error().code, ErrorCode::kUnsupportedArch);
  EXPECT_EQ(bad_arch.error().message, "unknown architecture 'aarch46'; did you mean 'aarch64'?");

  auto bad_group = Query({{}, "", "%fiel"});
  ASSERT_FALSE(bad_group.has_value());
  EXPECT_EQ(bad_group.error().code, ErrorCode::kNotFound);

  auto mixed = Query({{"read", "nope_nope"}, "x86_64", ""});
  ASSERT_TRUE(mixed.has_value());
  EXPECT_TRUE(mixed->any_error);
  EXPECT_EQ(mixed->rows[0].nr, 0u);
}

}  // namespace
}  // namespace syscage::syscalls
