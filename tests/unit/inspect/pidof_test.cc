// SPDX-License-Identifier: Apache-2.0
// pidof's matching rules on a fake /proc tree. Expected pids are worked out by hand from the
// rules of sysvinit's pidof (see pidof.h); tests/live compares with the real tool.
#include "syscage/inspect/pidof.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace syscage::inspect {
namespace {

namespace fs = std::filesystem;
using Pids = std::vector<pid_t>;

class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/syscage-proc-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(root_); }

  // One process: comm, state, NUL-separated cmdline, exe link target ("" for none).
  void Add(pid_t pid, const std::string& comm, char state, const std::vector<std::string>& argv,
           const std::string& exe) {
    std::string dir = root_ + "/" + std::to_string(pid);
    fs::create_directories(dir);
    std::ofstream(dir + "/stat") << pid << " (" << comm << ") " << state
                                 << " 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 "
                                    "18446744073709551615 4194304 4198400 0 0\n";
    std::string cmdline;
    for (const auto& a : argv) cmdline += a + std::string(1, '\0');
    std::ofstream(dir + "/cmdline", std::ios::binary) << cmdline;
    if (!exe.empty()) fs::create_symlink(exe, dir + "/exe");
  }

  Pids Run(const std::vector<std::string>& names, PidofOptions options = {}) {
    auto r = Pidof(names, options, root_);
    EXPECT_TRUE(r) << r.error().ToString();
    return r.value_or(Pids{});
  }
  std::string root_;
};

TEST_F(FakeProc, NameRulesAndNewestFirst) {
  Add(10, "sleep", 'S', {"/usr/bin/sleep", "5"}, "/usr/bin/sleep");
  Add(20, "sleep", 'S', {"sleep", "5"}, "/usr/bin/sleep");
  Add(30, "foo", 'S', {"/aaa/foo"}, "/aaa/foo");
  Add(40, "kthreadd", 'S', {}, "");
  Add(50, "sleep", 'Z', {}, "");
  Add(60, "nginx", 'S', {"nginx: worker process"}, "/usr/sbin/nginx");
  Add(70, "bash", 'S', {"-bash"}, "/usr/bin/bash");
  fs::create_directories(root_ + "/self");  // not a pid

  EXPECT_EQ(Run({"sleep"}), (Pids{20, 10}));  // argv0 and basename(argv0); zombie left out
  EXPECT_EQ(Run({"/bbb/foo"}), Pids{});       // /aaa/foo is not /bbb/foo
  EXPECT_EQ(Run({"foo"}), Pids{30});
  EXPECT_EQ(Run({"kthreadd"}), Pids{40});  // no cmdline: comm
  EXPECT_EQ(Run({"nginx"}), Pids{60});     // argv0 with a space: comm
  EXPECT_EQ(Run({"bash"}), Pids{70});      // login shell: comm
  EXPECT_EQ(Run({"sleep", "foo", "sleep"}), (Pids{20, 10, 30, 20, 10}));
  PidofOptions single;
  single.single_shot = true;
  EXPECT_EQ(Run({"sleep", "foo"}, single), (Pids{20, 30}));  // one per name
  PidofOptions omit;
  omit.omit = {20};
  EXPECT_EQ(Run({"sleep"}, omit), Pids{10});
  PidofOptions zombies;
  zombies.include_zombies = true;
  EXPECT_EQ(Run({"sleep"}, zombies), (Pids{50, 20, 10}));
}

TEST_F(FakeProc, AbsolutePathsMatchTheExe) {
  Add(10, "sleep", 'S', {"sleep", "5"}, "/usr/bin/sleep");
  Add(20, "mysleep", 'S', {"/tmp/x/mysleep"}, "/tmp/x/mysleep (deleted)");
  Add(30, "other", 'S', {"/usr/bin/sleep"}, "/usr/bin/other");
  // realpath of the name found the exe: only exe matches count.
  EXPECT_EQ(MatchProgram(*ReadProcessTable(root_), "/bin/sleep", {}, "/usr/bin/sleep"), Pids{10});
  // No realpath (the file is gone): exe equal to NAME or "NAME (deleted)".
  EXPECT_EQ(MatchProgram(*ReadProcessTable(root_), "/tmp/x/mysleep", {}, std::nullopt), Pids{20});
  // No realpath: an exe equal to NAME still counts; without -x an absolute name never falls
  // back to argv[0] (30's argv[0] is the name, its exe is not).
  EXPECT_EQ(MatchProgram(*ReadProcessTable(root_), "/usr/bin/sleep", {}, std::nullopt), Pids{10});
  PidofOptions scripts;
  scripts.scripts = true;
  EXPECT_EQ(MatchProgram(*ReadProcessTable(root_), "/usr/bin/sleep", scripts, std::nullopt),
            (Pids{30, 10}));
}

TEST_F(FakeProc, ScriptsNeedTheCommNamedAfterTheScript) {
  Add(10, "backup.sh", 'S', {"/bin/sh", "/opt/backup.sh"}, "/usr/bin/dash");  // #! script
  Add(20, "sh", 'S', {"sh", "-e", "/opt/backup.sh"}, "/usr/bin/dash");        // sh script
  EXPECT_EQ(Run({"backup.sh"}), Pids{});
  PidofOptions scripts;
  scripts.scripts = true;
  EXPECT_EQ(Run({"backup.sh"}, scripts), Pids{10});
  EXPECT_EQ(Run({"sh"}, scripts), (Pids{20, 10}));
}

TEST(ParseOmitListTest, SeparatorsPpidAndRejects) {
  std::vector<std::string> rejected;
  EXPECT_EQ(ParseOmitList("1,2;3:%PPID", 77, &rejected), (Pids{1, 2, 3, 77}));
  EXPECT_TRUE(rejected.empty());
  EXPECT_EQ(ParseOmitList("abc,0,12x", 77, &rejected), Pids{12});  // atoi("12x") is 12
  EXPECT_EQ(rejected, (std::vector<std::string>{"abc", "0"}));
}

}  // namespace
}  // namespace syscage::inspect
