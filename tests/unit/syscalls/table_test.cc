// SPDX-License-Identifier: Apache-2.0
// Table lookups both ways per arch. Expected numbers are from the kernel's syscall tables
// (arch/*/syscall*.tbl, scripts/syscall.tbl, arch/arm/include/uapi/asm/unistd.h) as read by hand.
#include "syscage/syscalls/table.h"

#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace syscage::syscalls {
namespace {

using arch::Arch;

struct Known {
  Arch arch;
  const char* name;
  uint32_t nr;
};

// clang-format off
constexpr Known kKnown[] = {
  {Arch::kX86_64, "read", 0},        {Arch::kX86_64, "openat", 257},
  {Arch::kX86_64, "execve", 59},     {Arch::kX86_64, "uretprobe", 335},
  {Arch::kX86, "read", 3},           {Arch::kX86, "socketcall", 102},
  {Arch::kX86, "socket", 359},       {Arch::kX86, "stat64", 195},
  {Arch::kX32, "read", 0x40000000u}, {Arch::kX32, "execve", 0x40000000u + 520},
  {Arch::kAarch64, "read", 63},      {Arch::kAarch64, "openat", 56},
  {Arch::kArm, "openat", 322},       {Arch::kArm, "breakpoint", 0x0f0001},
  {Arch::kArm, "set_tls", 0x0f0005}, {Arch::kRiscv64, "riscv_flush_icache", 259},
  {Arch::kLoongarch64, "openat", 56},{Arch::kS390x, "socket", 359},
  {Arch::kS390, "read", 3},          {Arch::kPpc64le, "socket", 326},
  {Arch::kPpc64, "socket", 326},     {Arch::kPpc, "read", 3},
  {Arch::kMips, "read", 4003},       {Arch::kMipsel, "read", 4003},
  {Arch::kMips64, "read", 5000},     {Arch::kMipsel64, "read", 5000},
  {Arch::kMips64n32, "read", 6000},  {Arch::kMipsel64n32, "read", 6000},
  {Arch::kParisc, "socket", 17},     {Arch::kParisc64, "socket", 17},
  {Arch::kM68k, "socket", 356},      {Arch::kSh, "socket", 340},
  {Arch::kSheb, "socket", 340},
};
// clang-format on

TEST(TableTest, KnownNumbersBothWays) {
  for (const auto& k : kKnown) {
    SCOPED_TRACE(std::string(arch::Info(k.arch).name) + " " + k.name);
    EXPECT_EQ(Resolve(k.arch, k.name), k.nr);
    EXPECT_EQ(NameOf(k.arch, k.nr), k.name);
  }
}

TEST(TableTest, AbsentSyscallsAreAbsent) {
  EXPECT_FALSE(Resolve(Arch::kAarch64, "open"));           // generic table has openat only
  EXPECT_FALSE(Resolve(Arch::kX86_64, "socketcall"));      // x86_64 never multiplexed
  EXPECT_FALSE(Resolve(Arch::kX86, "uretprobe"));          // x86_64/x32 only
  EXPECT_FALSE(Resolve(Arch::kLoongarch64, "getrlimit"));  // no "rlimit" ABI on loongarch
  EXPECT_FALSE(Resolve(Arch::kX86_64, "no_such_syscall"));
  EXPECT_FALSE(NameOf(Arch::kX86_64, 400));  // 387-423 are unused on x86_64
  EXPECT_FALSE(NameOf(Arch::kX32, 0));       // x32 numbers carry the x32 bit
  EXPECT_FALSE(NameOf(Arch::kX86_64, 0x40000000u));
}

// Linux 6.8-6.18 syscalls (scripts/syscall.tbl, syscall_64.tbl): numbers shared by all arches.
TEST(TableTest, NewSyscallsUpTo618OnX86_64AndAarch64) {
  const std::pair<const char*, uint32_t> kNew[] = {
      {"statmount", 457},         {"listmount", 458},        {"lsm_get_self_attr", 459},
      {"lsm_set_self_attr", 460}, {"lsm_list_modules", 461}, {"mseal", 462},
      {"setxattrat", 463},        {"getxattrat", 464},       {"listxattrat", 465},
      {"removexattrat", 466},     {"open_tree_attr", 467},   {"file_getattr", 468},
      {"file_setattr", 469},      {"cachestat", 451},        {"fchmodat2", 452},
      {"futex_wake", 454},        {"futex_wait", 455},       {"futex_requeue", 456},
      {"process_mrelease", 448},  {"futex_waitv", 449},      {"set_mempolicy_home_node", 450},
  };
  for (const auto& [name, nr] : kNew) {
    EXPECT_EQ(Resolve(Arch::kX86_64, name), nr) << name;
    EXPECT_EQ(Resolve(Arch::kAarch64, name), nr) << name;
    EXPECT_EQ(Resolve(Arch::kMips, name), 4000 + nr) << name;
  }
  // memfd_secret needs ARCH_HAS_SET_DIRECT_MAP: x86_64, aarch64, riscv64, s390x; not mips.
  EXPECT_EQ(Resolve(Arch::kX86_64, "memfd_secret"), 447u);
  EXPECT_EQ(Resolve(Arch::kAarch64, "memfd_secret"), 447u);
  EXPECT_FALSE(Resolve(Arch::kMips, "memfd_secret"));
  EXPECT_EQ(Resolve(Arch::kX86_64, "uprobe"), 336u);
  EXPECT_EQ(Resolve(Arch::kX32, "file_setattr"), 0x40000000u + 469);
  EXPECT_EQ(TableKernelVersion(), "6.18");
}

TEST(TableTest, GeneratedTablesAreSortedUniqueAndRoundTrip) {
  for (const auto& info : arch::AllArchs()) {
    SCOPED_TRACE(std::string(info.name));
    ASSERT_TRUE(HasTable(info.arch));
    auto table = Table(info.arch);
    EXPECT_GT(table.size(), 250u);
    EXPECT_TRUE(std::is_sorted(table.begin(), table.end(),
                               [](const auto& a, const auto& b) { return a.nr < b.nr; }));
    std::set<std::string_view> names;
    for (size_t i = 0; i < table.size(); ++i) {
      if (i > 0) {
        EXPECT_LT(table[i - 1].nr, table[i].nr);
      }
      EXPECT_TRUE(names.insert(table[i].name).second) << table[i].name;
      EXPECT_EQ(Resolve(info.arch, table[i].name), table[i].nr);
      EXPECT_EQ(NameOf(info.arch, table[i].nr), table[i].name);
      EXPECT_TRUE(KnownOnAnyArch(table[i].name));
      // Every nr carries the arch's offset (x32 bit) and nothing else has it.
      EXPECT_EQ((table[i].nr & arch::kX32SyscallBit) != 0, info.nr_offset != 0);
    }
  }
}

TEST(TableTest, EndianTwinsShareTables) {
  const std::pair<Arch, Arch> kTwins[] = {{Arch::kPpc64le, Arch::kPpc64},
                                          {Arch::kMipsel, Arch::kMips},
                                          {Arch::kMipsel64, Arch::kMips64},
                                          {Arch::kMipsel64n32, Arch::kMips64n32},
                                          {Arch::kSheb, Arch::kSh}};
  for (const auto& [a, b] : kTwins) {
    EXPECT_EQ(Table(a).data(), Table(b).data()) << arch::Info(a).name;
  }
  EXPECT_NE(Table(Arch::kParisc).size(), Table(Arch::kParisc64).size());
}

TEST(TableTest, AllNamesSortedUniqueAndCoverEveryTable) {
  auto all = AllNames();
  EXPECT_TRUE(std::adjacent_find(all.begin(), all.end(), std::greater_equal<>()) == all.end());
  size_t max_table = 0;
  for (const auto& info : arch::AllArchs())
    max_table = std::max(max_table, Table(info.arch).size());
  EXPECT_GT(all.size(), max_table);
  EXPECT_FALSE(KnownOnAnyArch("opne"));
  EXPECT_TRUE(KnownOnAnyArch("riscv_hwprobe"));
}

}  // namespace
}  // namespace syscage::syscalls
