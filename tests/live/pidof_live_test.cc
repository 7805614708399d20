// SPDX-License-Identifier: Apache-2.0
// inspect::Pidof against the system's pidof (sysvinit-utils) on live processes: copies and
// symlinks of sleep, a process whose argv[0] differs from its exe, a #! script and a script
// run by `sh script`. The expected output is the system tool's, for each query.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/base/files.h"
#include "syscage/inspect/pidof.h"

extern char** environ;

namespace syscage::inspect {
namespace {

namespace fs = std::filesystem;

std::string SystemPidof() {
  for (const char* p : {"/usr/bin/pidof", "/bin/pidof", "/sbin/pidof", "/usr/sbin/pidof"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return "";
}

// Output of the system pidof for `args` (its first line, without the newline).
std::string RunSystemPidof(const std::string& tool, const std::vector<std::string>& args) {
  std::string cmd = tool;
  for (const auto& a : args) cmd += " '" + a + "'";
  FILE* f = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (fgets(buf, sizeof(buf), f) != nullptr) out += buf;
  pclose(f);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Our answer for the same arguments, formatted as pidof prints it.
std::string RunOurs(const std::vector<std::string>& args) {
  PidofOptions options;
  options.caller_is_root = getuid() == 0;
  std::vector<std::string> names;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-s") {
      options.single_shot = true;
    } else if (args[i] == "-x") {
      options.scripts = true;
    } else if (args[i] == "-o") {
      for (pid_t p : ParseOmitList(args[++i], getppid(), nullptr)) options.omit.push_back(p);
    } else {
      names.push_back(args[i]);
    }
  }
  auto pids = Pidof(names, options);
  if (!pids) return "error: " + pids.error().ToString();
  std::string out;
  for (pid_t p : *pids) out += (out.empty() ? "" : " ") + std::to_string(p);
  return out;
}

class PidofLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tool_ = SystemPidof();
    if (tool_.empty()) GTEST_SKIP() << "no system pidof to compare with";
    char tmpl[] = "/tmp/scpidof-XXXXXX";
    dir_ = mkdtemp(tmpl);
    tag_ = std::to_string(getpid() % 100000);
  }
  void TearDown() override {
    for (pid_t p : children_) kill(p, SIGKILL);
    for (pid_t p : children_) waitpid(p, nullptr, 0);
    if (stdin_pipe_[1] >= 0) close(stdin_pipe_[1]);
    if (stdin_pipe_[0] >= 0) close(stdin_pipe_[0]);
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Starts `path` with `argv` (stdin a pipe nobody writes), waits until it has exec'd.
  pid_t Spawn(const std::string& path, const std::vector<std::string>& argv) {
    if (stdin_pipe_[0] < 0 && pipe(stdin_pipe_) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_pipe_[0], 0);
    std::vector<char*> av;
    for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
    av.push_back(nullptr);
    pid_t pid = -1;
    int r = posix_spawn(&pid, path.c_str(), &actions, nullptr, av.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (r != 0) return -1;
    children_.push_back(pid);
    // Wait until the exec happened: /proc/PID/exe no longer is this test (or is gone, for a
    // zombie).
    std::string self = fs::read_symlink("/proc/self/exe").string();
    std::string exe = "/proc/" + std::to_string(pid) + "/exe";
    for (int i = 0; i < 500; ++i) {
      std::error_code ec;
      fs::path target = fs::read_symlink(exe, ec);
      if (ec || target.string() != self) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pid;
  }

  std::string tool_, dir_, tag_;
  std::vector<pid_t> children_;
  int stdin_pipe_[2] = {-1, -1};
};

TEST_F(PidofLiveTest, SameOutputAsTheSystemPidof) {
  std::string sleep_copy = dir_ + "/scslp" + tag_;
  fs::copy_file("/bin/sleep", sleep_copy);
  fs::permissions(sleep_copy, fs::perms::owner_all);
  std::string link = dir_ + "/sclnk" + tag_;
  fs::create_symlink(sleep_copy, link);
  std::string script = dir_ + "/scscr" + tag_ + ".sh";
  std::ofstream(script) << "#!/bin/sh\nread x\n";
  fs::permissions(script, fs::perms::owner_all);
  std::string script2 = dir_ + "/scsh" + tag_ + ".sh";
  std::ofstream(script2) << "read x\n";

  ASSERT_GT(Spawn(sleep_copy, {sleep_copy, "1000"}), 0);
  ASSERT_GT(Spawn(sleep_copy, {"scslp" + tag_, "1000"}), 0);          // relative argv[0]
  ASSERT_GT(Spawn(link, {link, "1000"}), 0);                          // started through a symlink
  ASSERT_GT(Spawn(sleep_copy, {"scarg" + tag_, "1000"}), 0);          // argv[0] unlike the exe
  ASSERT_GT(Spawn(sleep_copy, {"scsp" + tag_ + " x y", "1000"}), 0);  // argv[0] with spaces
  ASSERT_GT(Spawn(script, {script}), 0);                              // kernel runs sh script
  ASSERT_GT(Spawn("/bin/sh", {"/bin/sh", script2}), 0);               // sh script, by hand
  ASSERT_GT(Spawn("/bin/sh", {"-sh"}), 0);                            // a "login shell"

  std::string slp = "scslp" + tag_, scr = "scscr" + tag_ + ".sh", sh2 = "scsh" + tag_ + ".sh";
  std::vector<std::vector<std::string>> queries = {
      {slp},
      {sleep_copy},
      {link},
      {"sclnk" + tag_},
      {"scarg" + tag_},
      {"scsp" + tag_},
      {"/elsewhere/" + slp},
      {"-s", slp},
      {slp, "scarg" + tag_, slp},
      {scr},
      {"-x", scr},
      {"-x", script},
      {"-x", sh2},
      {sh2},
      {"-x", "-s", scr, slp},
      {"kthreadd"},
      {"no-such-program-" + tag_},
  };
  // -o with the first pid found (and a comma list with a bogus entry).
  std::string first = RunSystemPidof(tool_, {slp});
  first = first.substr(0, first.find(' '));
  queries.push_back({"-o", first, slp});
  queries.push_back({"-o", first + ",1", "-o", "2", slp});

  for (const auto& q : queries) {
    std::string label;
    for (const auto& a : q) label += a + " ";
    EXPECT_EQ(RunOurs(q), RunSystemPidof(tool_, q)) << "pidof " << label;
  }
  // And the processes really were found (the comparisons above are not all empty).
  EXPECT_NE(RunOurs({slp}), "");
  EXPECT_NE(RunOurs({"-x", scr}), "");
}

TEST_F(PidofLiveTest, ZombiesAreLeftOut) {
  std::string sleep_copy = dir_ + "/sczmb" + tag_;
  fs::copy_file("/bin/true", sleep_copy);
  pid_t pid = Spawn(sleep_copy, {sleep_copy});
  ASSERT_GT(pid, 0);
  // Not reaped: it stays a zombie until TearDown.
  for (int i = 0; i < 500; ++i) {
    auto stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    if (stat && stat->find(") Z ") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string name = "sczmb" + tag_;
  EXPECT_EQ(RunOurs({name}), RunSystemPidof(tool_, {name}));
  EXPECT_EQ(RunOurs({name}), "");
  PidofOptions options;
  options.include_zombies = true;
  auto with = Pidof({name}, options);
  ASSERT_TRUE(with);
  // A zombie has no cmdline; its comm still names it.
  EXPECT_EQ(*with, std::vector<pid_t>{pid});
}

}  // namespace
}  // namespace syscage::inspect
