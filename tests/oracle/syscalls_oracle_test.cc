// SPDX-License-Identifier: Apache-2.0
// syscage's tables against libseccomp's resolver: every (arch, number) libseccomp maps to a name,
// and every (arch, name) libseccomp knows, must agree with syscage, for every arch libseccomp
// knows. libseccomp is the independent truth here (its own syscalls.csv, built from the kernel).
#include <seccomp.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"

namespace syscage::syscalls {
namespace {

// Genuine version skew between Debian's libseccomp 2.5.4 (tables up to Linux 6.7) and Linux
// 6.18, each with its reason. Keep this short.
const std::set<std::pair<std::string, std::string>> kSkew = {
    // Linux commit "parisc: _llseek syscall is only available for 32-bit userspace" (2026,
    // backported to the stable trees incl. 6.12.y/6.18.y) made 140 a 32-bit-only syscall.
    {"parisc64", "_llseek"},
    // arch/x86/entry/syscalls/syscall_64.tbl lists "453 common map_shadow_stack", so x32 has it
    // (0x40000000 + 453); libseccomp's table (Debian's 6.7 update) marks it PNR on x32.
    {"x32", "map_shadow_stack"},
};

std::string ResolveNum(uint32_t token, int nr) {
  char* name = seccomp_syscall_resolve_num_arch(token, nr);
  if (name == nullptr) return "";
  std::string s = name;
  free(name);  // NOLINT: libseccomp allocates with malloc
  return s;
}

std::vector<int> NumbersToWalk(const arch::ArchInfo& info) {
  std::vector<int> nrs;
  int base = 0;
  if (info.arch == arch::Arch::kMips || info.arch == arch::Arch::kMipsel) base = 4000;
  if (info.arch == arch::Arch::kMips64 || info.arch == arch::Arch::kMipsel64) base = 5000;
  if (info.arch == arch::Arch::kMips64n32 || info.arch == arch::Arch::kMipsel64n32) base = 6000;
  for (int i = 0; i < 1024; ++i) nrs.push_back(static_cast<int>(info.nr_offset) + base + i);
  if (info.arch == arch::Arch::kArm) {
    for (int i = 0x0f0000; i < 0x0f0010; ++i) nrs.push_back(i);  // __ARM_NR_* private calls
  }
  return nrs;
}

struct ScmpArch {
  const arch::ArchInfo* info;
  uint32_t token;
};

std::vector<ScmpArch> ArchsLibseccompKnows() {
  std::vector<ScmpArch> out;
  for (const auto& info : arch::AllArchs()) {
    uint32_t token = seccomp_arch_resolve_name(std::string(info.name).c_str());
    if (token != 0) out.push_back({&info, token});
  }
  return out;
}

TEST(SyscallsOracleTest, LibseccompKnowsTheMainArchs) {
  // Guards against walking nothing: 2.5.4 knows these 19 (not loongarch64, m68k, sh/sheb).
  EXPECT_GE(ArchsLibseccompKnows().size(), 19u);
  const auto* v = seccomp_version();
  std::printf("libseccomp %u.%u.%u\n", v->major, v->minor, v->micro);
}

TEST(SyscallsOracleTest, EveryNumberLibseccompNamesAgrees) {
  size_t compared = 0;
  for (const auto& [info, token] : ArchsLibseccompKnows()) {
    for (int nr : NumbersToWalk(*info)) {
      std::string name = ResolveNum(token, nr);
      if (name.empty()) continue;
      if (kSkew.count({std::string(info->name), name}) != 0) continue;
      ++compared;
      auto ours = NameOf(info->arch, static_cast<uint32_t>(nr));
      EXPECT_EQ(ours.value_or("<none>"), name) << info->name << " nr " << nr;
      EXPECT_EQ(Resolve(info->arch, name), static_cast<uint32_t>(nr)) << info->name << " " << name;
    }
  }
  EXPECT_GT(compared, 19u * 250u);
}

// For names: resolve_name_arch gives the number, or a negative pseudo number (PNR) when the name
// is absent on the arch. On the socketcall/ipc arches it also gives a pseudo number for the direct
// socket/IPC calls (so that one rule covers both paths); there the direct call must still be ours
// and libseccomp must map our number back to the name.
TEST(SyscallsOracleTest, EveryNameLibseccompKnowsAgrees) {
  std::set<std::string> names;
  auto archs = ArchsLibseccompKnows();
  for (const auto& [info, token] : archs) {
    for (int nr : NumbersToWalk(*info)) {
      std::string name = ResolveNum(token, nr);
      if (!name.empty()) names.insert(name);
    }
  }
  ASSERT_GT(names.size(), 400u);
  size_t multiplexed = 0;
  for (const auto& [info, token] : archs) {
    for (const auto& name : names) {
      if (kSkew.count({std::string(info->name), name}) != 0) continue;
      int nr = seccomp_syscall_resolve_name_arch(token, name.c_str());
      auto ours = Resolve(info->arch, name);
      if (nr >= 0) {
        EXPECT_EQ(ours, static_cast<uint32_t>(nr)) << info->name << " " << name;
      } else if (ours && !info->multiplexers.empty() &&
                 ResolveNum(token, static_cast<int>(*ours)) == name) {
        ++multiplexed;
      } else {
        EXPECT_FALSE(ours.has_value()) << info->name << " " << name << ": libseccomp says absent ("
                                       << nr << "), syscage has " << *ours;
      }
    }
  }
  EXPECT_GT(multiplexed, 0u);  // e.g. x86 socket is 359 and also a socketcall sub-call
}

TEST(SyscallsOracleTest, SkewEntriesAreStillSkewed) {
  // An allow-list entry that libseccomp and syscage now agree on should be removed.
  for (const auto& [arch_name, name] : kSkew) {
    uint32_t token = seccomp_arch_resolve_name(arch_name.c_str());
    ASSERT_NE(token, 0u);
    auto a = arch::ArchFromName(arch_name);
    ASSERT_TRUE(a.has_value());
    int nr = seccomp_syscall_resolve_name_arch(token, name.c_str());
    auto ours = Resolve(*a, name);
    EXPECT_FALSE(nr >= 0 && ours && *ours == static_cast<uint32_t>(nr)) << arch_name << " " << name;
  }
}

// The pain the tables exist for: names newer than the distribution's libseccomp still resolve.
TEST(SyscallsOracleTest, NewerSyscallsResolveWhereLibseccompMayNot) {
  for (const char* name : {"statmount", "listmount", "lsm_get_self_attr", "lsm_set_self_attr",
                           "lsm_list_modules", "mseal", "setxattrat", "getxattrat", "listxattrat",
                           "removexattrat", "open_tree_attr", "file_getattr", "file_setattr"}) {
    EXPECT_TRUE(Resolve(arch::Arch::kX86_64, name).has_value()) << name;
    EXPECT_TRUE(Resolve(arch::Arch::kAarch64, name).has_value()) << name;
    int scmp = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);
    if (scmp >= 0) {
      EXPECT_EQ(Resolve(arch::Arch::kX86_64, name), static_cast<uint32_t>(scmp));
    }
  }
}

}  // namespace
}  // namespace syscage::syscalls
