// SPDX-License-Identifier: Apache-2.0
// The file readers of `syscage check` on fake /boot and /proc trees (no probes).
#include "syscage/inspect/kernel_support.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace syscage::inspect {
namespace {

namespace fs = std::filesystem;

class FakeRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/syscage-ks-XXXXXX";
    root_ = mkdtemp(tmpl);
    fs::create_directories(root_ + "/boot");
    fs::create_directories(root_ + "/proc/self");
    fs::create_directories(root_ + "/proc/sys/kernel/seccomp");
    options_.proc_root = root_ + "/proc";
    options_.boot_dir = root_ + "/boot";
    options_.sys_root = root_ + "/sys";
    options_.mounts_file = root_ + "/proc/mounts";
    options_.kernel_release = "9.9.9-test";
    options_.run_probes = false;
    std::ofstream(root_ + "/proc/mounts") << "proc /proc proc rw 0 0\n";
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string root_;
  KernelSupportOptions options_;
};

constexpr const char* kConfig =
    "CONFIG_HAVE_ARCH_SECCOMP=y\nCONFIG_SECCOMP=y\n# CONFIG_SECCOMP_FILTER is not set\n"
    "CONFIG_LSM=\"landlock,yama\"\n";

TEST(KernelConfigValueTest, ReadsSetUnsetAndAbsent) {
  EXPECT_EQ(KernelConfigValue(kConfig, "CONFIG_SECCOMP"), "y");
  EXPECT_EQ(KernelConfigValue(kConfig, "CONFIG_SECCOMP_FILTER"), "n");
  EXPECT_EQ(KernelConfigValue(kConfig, "CONFIG_LSM"), "\"landlock,yama\"");
  EXPECT_EQ(KernelConfigValue(kConfig, "CONFIG_FTRACE"), "");
  // A prefix of another option is not that option.
  EXPECT_EQ(KernelConfigValue(kConfig, "CONFIG_HAVE_ARCH"), "");
}

TEST_F(FakeRoot, BootConfigComesFirst) {
  std::ofstream(root_ + "/boot/config-9.9.9-test") << kConfig;
  std::string source;
  auto text = ReadKernelConfig(options_, &source);
  ASSERT_TRUE(text);
  EXPECT_EQ(source, root_ + "/boot/config-9.9.9-test");
  KernelSupport s = ProbeKernelSupport(options_);
  ASSERT_NE(s.Find("config_seccomp"), nullptr);
  EXPECT_EQ(s.Find("config_seccomp")->status, SupportStatus::kOk);
  EXPECT_EQ(s.Find("config_seccomp_filter")->status, SupportStatus::kMissing);
  EXPECT_FALSE(s.filter_usable);  // without probes, the config decides
}

TEST_F(FakeRoot, ProcConfigGzIsDecompressed) {
  gzFile f = gzopen((root_ + "/proc/config.gz").c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::string text = "CONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  std::string source;
  auto read = ReadKernelConfig(options_, &source);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, text);
  EXPECT_NE(source.find("config.gz"), std::string::npos);
  KernelSupport s = ProbeKernelSupport(options_);
  EXPECT_EQ(s.Find("config_seccomp_filter")->status, SupportStatus::kOk);
  EXPECT_TRUE(s.filter_usable);
}

TEST_F(FakeRoot, NoConfigAnywhereIsUnknownWithTheReason) {
  KernelSupport s = ProbeKernelSupport(options_);
  const SupportLine* line = s.Find("config_seccomp");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->status, SupportStatus::kUnknown);
  EXPECT_NE(line->detail.find("/boot/config-9.9.9-test"), std::string::npos) << line->detail;
  EXPECT_NE(line->detail.find("config.gz"), std::string::npos) << line->detail;
}

TEST_F(FakeRoot, ActionsAvailAndOwnStatusAreReported) {
  std::ofstream(root_ + "/proc/sys/kernel/seccomp/actions_avail") << "kill_process errno allow\n";
  std::ofstream(root_ + "/proc/self/status") << "Name:\tx\nSeccomp:\t2\nSeccomp_filters:\t3\n";
  KernelSupport s = ProbeKernelSupport(options_);
  EXPECT_EQ(s.Find("actions_avail")->status, SupportStatus::kOk);
  EXPECT_NE(s.Find("actions_avail")->detail.find("kill_process errno allow"), std::string::npos);
  EXPECT_NE(s.Find("self")->detail.find("Seccomp: 2 (filter), Seccomp_filters: 3"),
            std::string::npos)
      << s.Find("self")->detail;
}

TEST_F(FakeRoot, TracefsMountedWithRawSyscalls) {
  fs::create_directories(root_ + "/trace/events/raw_syscalls/sys_enter");
  std::ofstream(root_ + "/trace/events/raw_syscalls/sys_enter/id") << "21\n";
  std::ofstream(root_ + "/proc/mounts") << "tracefs " << root_ << "/trace tracefs rw 0 0\n";
  KernelSupport s = ProbeKernelSupport(options_);
  EXPECT_EQ(s.Find("raw_syscalls")->status, SupportStatus::kOk);
}

TEST_F(FakeRoot, TracefsNotMountedIsUnknown) {
  KernelSupport s = ProbeKernelSupport(options_);
  EXPECT_EQ(s.Find("raw_syscalls")->status, SupportStatus::kUnknown);
  EXPECT_NE(s.Find("raw_syscalls")->detail.find("not mounted"), std::string::npos);
}

TEST(ParseSeccompStatusTest, ModeAndFilters) {
  auto s = ParseSeccompStatus("Name:\tsh\nSeccomp:\t2\nSeccomp_filters:\t1\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->mode, 2);
  EXPECT_EQ(s->filters, 1);
  auto old = ParseSeccompStatus("Seccomp:\t0\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->filters, -1);
  EXPECT_FALSE(ParseSeccompStatus("Name:\tsh\n"));
}

}  // namespace
}  // namespace syscage::inspect
