// SPDX-License-Identifier: Apache-2.0
// Group expansion: strace classes (strace(1) -e trace=%class) and systemd sets
// (systemd.exec(5) SystemCallFilter=), nesting, cycles and unknown names.
#include "syscage/syscalls/groups.h"

#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "syscage/syscalls/groups_data.h"
#include "syscage/syscalls/table.h"

namespace syscage::syscalls {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& name) {
  return std::binary_search(v.begin(), v.end(), name);
}

TEST(GroupsTest, EveryDocumentedGroupExistsAndExpands) {
  const char* kNames[] = {
      "%file",     "%network",    "%net",           "%process",   "%signal",
      "%ipc",      "%desc",       "%memory",        "%creds",     "%clock",
      "%stat",     "%lstat",      "%fstat",         "%%stat",     "%statfs",
      "%fstatfs",  "%%statfs",    "%pure",          "@aio",       "@basic-io",
      "@chown",    "@clock",      "@cpu-emulation", "@debug",     "@file-system",
      "@io-event", "@ipc",        "@keyring",       "@memlock",   "@module",
      "@mount",    "@network-io", "@obsolete",      "@pkey",      "@privileged",
      "@process",  "@raw-io",     "@reboot",        "@resources", "@sandbox",
      "@setuid",   "@signal",     "@swap",          "@sync",      "@system-service",
      "@timer",    "@known",      "@default"};
  for (const char* name : kNames) {
    auto r = ExpandGroup(name);
    ASSERT_TRUE(r.has_value()) << name << ": " << r.error().message;
    EXPECT_FALSE(r->empty()) << name;
    EXPECT_TRUE(std::is_sorted(r->begin(), r->end())) << name;
    for (const auto& m : *r) EXPECT_FALSE(IsGroupName(m)) << name << " left " << m;
  }
}

TEST(GroupsTest, AllGroupsSortedWithHelp) {
  auto groups = AllGroups();
  EXPECT_GE(groups.size(), 48u);
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(groups[i - 1].name, groups[i].name);
    }
    EXPECT_TRUE(IsGroupName(groups[i].name));
    EXPECT_FALSE(groups[i].help.empty()) << groups[i].name;
  }
}

// Memberships from strace's syscallent flags (TF, TD, TN, TSTA...).
TEST(GroupsTest, StraceClasses) {
  auto file = *ExpandGroup("%file");
  EXPECT_TRUE(Has(file, "open"));
  EXPECT_TRUE(Has(file, "openat"));
  EXPECT_TRUE(Has(file, "execve"));
  EXPECT_FALSE(Has(file, "read"));
  auto desc = *ExpandGroup("%desc");
  EXPECT_TRUE(Has(desc, "read"));
  EXPECT_FALSE(Has(desc, "stat"));
  auto net = *ExpandGroup("%net");
  EXPECT_EQ(net, *ExpandGroup("%network"));
  EXPECT_TRUE(Has(net, "socket"));
  EXPECT_TRUE(Has(net, "accept4"));
  auto all_stat = *ExpandGroup("%%stat");
  for (const char* n : {"stat", "lstat", "fstat", "newfstatat", "statx", "stat64"}) {
    EXPECT_TRUE(Has(all_stat, n)) << n;
  }
  auto stat = *ExpandGroup("%stat");
  EXPECT_TRUE(Has(stat, "stat"));
  EXPECT_FALSE(Has(stat, "fstat"));
  auto pure = *ExpandGroup("%pure");
  EXPECT_TRUE(Has(pure, "getpid"));
  EXPECT_FALSE(Has(pure, "setuid"));
  EXPECT_TRUE(Has(*ExpandGroup("%creds"), "setuid"));
  EXPECT_TRUE(Has(*ExpandGroup("%clock"), "clock_gettime"));
  EXPECT_TRUE(Has(*ExpandGroup("%process"), "clone3"));
  EXPECT_TRUE(Has(*ExpandGroup("%signal"), "rt_sigaction"));
  EXPECT_TRUE(Has(*ExpandGroup("%memory"), "mmap"));
  EXPECT_TRUE(Has(*ExpandGroup("%ipc"), "shmget"));
}

// systemd sets include other sets: @system-service gets read from @basic-io, @privileged gets
// chown from @chown (systemd.exec(5)).
TEST(GroupsTest, SystemdSetsNest) {
  auto service = *ExpandGroup("@system-service");
  EXPECT_TRUE(Has(service, "read"));
  EXPECT_TRUE(Has(service, "openat"));
  EXPECT_TRUE(Has(service, "execve"));  // via @default
  EXPECT_FALSE(Has(service, "reboot"));
  EXPECT_FALSE(Has(service, "mount"));
  auto privileged = *ExpandGroup("@privileged");
  EXPECT_TRUE(Has(privileged, "chown"));
  EXPECT_TRUE(Has(privileged, "reboot"));
  EXPECT_TRUE(Has(privileged, "swapon"));
  auto mount = *ExpandGroup("@mount");
  for (const char* n : {"mount", "umount2", "pivot_root", "fsopen", "move_mount"}) {
    EXPECT_TRUE(Has(mount, n)) << n;
  }
  auto known = *ExpandGroup("@known");
  EXPECT_EQ(known.size(), AllNames().size());
}

TEST(GroupsTest, UnknownGroupIsNotFoundWithSuggestion) {
  auto r = ExpandGroup("@mnt");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("'@mnt'"), std::string::npos);
  EXPECT_NE(r.error().message.find("did you mean '@mount'"), std::string::npos);
}

TEST(GroupsTest, CyclesAreReported) {
  std::map<std::string, std::vector<std::string_view>, std::less<>> fake = {{"@a", {"read", "@b"}},
                                                                            {"@b", {"write", "@c"}},
                                                                            {"@c", {"@a"}},
                                                                            {"@ok", {"@b2", "@b2"}},
                                                                            {"@b2", {"close"}}};
  auto lookup = [&fake](std::string_view n) -> std::optional<std::span<const std::string_view>> {
    auto it = fake.find(n);
    if (it == fake.end()) return std::nullopt;
    return std::span<const std::string_view>(it->second);
  };
  auto r = internal::ExpandWith("@a", lookup);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("@a -> @b -> @c -> @a"), std::string::npos) << r.error().message;
  // Including the same set twice (a diamond) is not a cycle.
  auto ok = internal::ExpandWith("@ok", lookup);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, std::vector<std::string>{"close"});
}

TEST(GroupsTest, ExpandNamesMixesGroupsAndNames) {
  auto r = ExpandNames({"read", "@swap", "read", "futex"});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (std::vector<std::string>{"futex", "read", "swapoff", "swapon"}));
  EXPECT_FALSE(ExpandNames({"read", "@nope"}).has_value());
  EXPECT_TRUE(IsGroupName("%file"));
  EXPECT_TRUE(IsGroupName("@mount"));
  EXPECT_FALSE(IsGroupName("mount"));
  EXPECT_FALSE(IsGroupName(""));
}

}  // namespace
}  // namespace syscage::syscalls
