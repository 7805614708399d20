// SPDX-License-Identifier: Apache-2.0
// Iterative ptrace recording on real programs: with --merge-into, only the syscalls the earlier
// profile lacks stop the tracer, yet the result is the set a full recording finds, a syscall a
// forked and exec'd child makes for the first time is added (strace -f of the same run is the
// reference), and i386 calls are matched with i386 numbers. Needs ptrace; skips without it.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/base/files.h"
#include "syscage/profile/load.h"
#include "syscage/record/record.h"
#include "syscage/syscalls/table.h"

namespace syscage::record {
namespace {

constexpr char kChildEnv[] = "SYSCAGE_ITERATIVE_TEST_CHILD";

#if defined(__x86_64__)
long Int80(long nr) {
  long ret;
  asm volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory", "r8", "r9", "r10", "r11");
  return ret;
}

// Whether int 0x80 works here: tried in a child, because without IA32 emulation it faults.
bool HaveInt80() {
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL);              // a plain crash, not a sanitizer report
    _exit(Int80(20) == getpid() ? 0 : 1);  // i386 getpid
  }
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// This binary doubles as the recorded program: with kChildEnv=int80 it makes one i386 getpid
// (int 0x80, i386 number 20) before main and exits.
__attribute__((constructor)) void RunAsRecordedChild() {
  const char* mode = std::getenv(kChildEnv);
  if (mode != nullptr && std::strcmp(mode, "int80") == 0) {
    Int80(20);
    _exit(0);
  }
}
#endif

std::string TempDir() {
  char tmpl[] = "/tmp/syscage-iterative-test-XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d != nullptr ? d : "";
}

std::set<std::string> AllowedNames(const profile::Profile& p) {
  std::set<std::string> names;
  for (const auto& r : p.syscalls) {
    if (r.action == profile::ActionKind::kAllow) names.insert(r.names.begin(), r.names.end());
  }
  return names;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The syscall names `strace -f` prints for `argv`.
std::set<std::string> StraceNames(const std::vector<std::string>& argv, const std::string& dir) {
  std::string out = dir + "/strace.txt";
  std::string cmd = "strace -f -qq -o " + out;
  for (const auto& a : argv) cmd += " " + ShellQuote(a);
  (void)std::system((cmd + " >/dev/null 2>&1").c_str());
  std::set<std::string> names;
  std::ifstream in(out);
  std::string line;
  std::regex call(R"(^(?:\d+\s+)?([a-z_][a-z0-9_]*)\()");
  std::regex resumed(R"(<\.\.\. ([a-z_][a-z0-9_]*) resumed>)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, call) || std::regex_search(line, m, resumed)) {
      names.insert(m[1]);
    }
  }
  return names;
}

uint64_t TotalCalls(const Recording& r) {
  uint64_t n = 0;
  for (const auto& [key, c] : r.counts) n += c;
  return n;
}

class IterativeRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    ASSERT_FALSE(dir_.empty());
    auto probe = Record({"true"}, "", dir_ + "/probe.json");
    if (!probe && probe.error().code == ErrorCode::kPermission) {
      GTEST_SKIP() << "ptrace not permitted: " << probe.error().ToString();
    }
    ASSERT_TRUE(probe.has_value()) << probe.error().ToString();
  }
  void TearDown() override {
    if (!dir_.empty()) (void)std::system(("rm -rf " + ShellQuote(dir_)).c_str());
  }

  static Result<RecordOutcome> Record(const std::vector<std::string>& argv,
                                      const std::string& merge_into, const std::string& output) {
    RecordOptions o;
    o.command = argv;
    o.backend = BackendKind::kPtrace;
    o.merge_into = merge_into;
    o.output = output;
    return RunRecord(o);
  }

  std::string dir_;
};

TEST_F(IterativeRecordTest, StopsOnlyOnUnknownCallsAndFindsTheFullSet) {
  const std::vector<std::string> cmd = {
      "sh", "-c", "ls -l / > " + dir_ + "/out; cat /etc/hostname >> " + dir_ + "/out"};
  auto full = Record(cmd, "", dir_ + "/full.json");
  ASSERT_TRUE(full.has_value()) << full.error().ToString();
  EXPECT_FALSE(full->iterative);
  const std::set<std::string> full_names = AllowedNames(full->profile);

  // The earlier profile: the full one minus every other syscall the program made.
  std::set<std::string> recorded;
  for (const auto& [key, n] : full->recording.counts) {
    if (auto name = syscalls::NameOf(key.first, key.second)) recorded.emplace(*name);
  }
  std::vector<std::string> removed;
  size_t i = 0;
  for (const auto& n : recorded) {
    if (i++ % 2 == 0) removed.push_back(n);
  }
  ASSERT_GE(removed.size(), 5u);
  profile::Profile earlier = full->profile;
  auto& names = earlier.syscalls.front().names;
  for (const auto& n : removed) names.erase(std::find(names.begin(), names.end(), n));
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/earlier.json", profile::EmitOciJson(earlier)).has_value());

  auto iter = Record(cmd, dir_ + "/earlier.json", dir_ + "/iter.json");
  ASSERT_TRUE(iter.has_value()) << iter.error().ToString();
  EXPECT_TRUE(iter->iterative);
  EXPECT_TRUE(iter->exited);
  EXPECT_EQ(iter->exit_status, 0);
  EXPECT_EQ(AllowedNames(iter->profile), full_names);
  ASSERT_TRUE(iter->new_syscalls.has_value());
  EXPECT_EQ(*iter->new_syscalls, removed);
  // The known calls ran untraced: nothing the earlier profile allows was seen by the tracer.
  const std::set<std::string> known(names.begin(), names.end());
  for (const auto& [key, n] : iter->recording.counts) {
    auto name = syscalls::NameOf(key.first, key.second);
    ASSERT_TRUE(name.has_value());
    EXPECT_EQ(known.count(std::string(*name)), 0u) << *name << " stopped the tracer";
  }
  EXPECT_LT(TotalCalls(iter->recording), TotalCalls(full->recording));

  // A further run against the complete profile finds nothing new.
  auto again = Record(cmd, dir_ + "/iter.json", "");
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  ASSERT_TRUE(again->new_syscalls.has_value());
  EXPECT_TRUE(again->new_syscalls->empty());
}

TEST_F(IterativeRecordTest, ANewSyscallOfAForkedChildIsAdded) {
  const std::string flag = dir_ + "/flag";
  const std::string made = dir_ + "/made";
  // The shell forks and execs mkdir(1) only when the flag file exists.
  const std::vector<std::string> cmd = {"sh", "-c",
                                        "if [ -e " + flag + " ]; then mkdir " + made + "; fi"};
  auto first = Record(cmd, "", dir_ + "/p.json");
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  const std::set<std::string> before = AllowedNames(first->profile);

  ASSERT_TRUE(WriteFileAtomic(flag, "").has_value());
  std::set<std::string> expected_new;
  const bool have_strace = std::system("command -v strace >/dev/null 2>&1") == 0;
  if (have_strace) {
    for (const auto& n : StraceNames(cmd, dir_)) {
      if (before.count(n) == 0) expected_new.insert(n);
    }
    rmdir(made.c_str());
    ASSERT_FALSE(expected_new.empty()) << "strace saw nothing new in the second run";
  }

  auto second = Record(cmd, dir_ + "/p.json", "");  // written back into p.json
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->iterative);
  EXPECT_EQ(second->exit_status, 0);
  struct stat st {};
  EXPECT_EQ(stat(made.c_str(), &st), 0) << "mkdir did not run";
  ASSERT_TRUE(second->new_syscalls.has_value());
  const std::set<std::string> added(second->new_syscalls->begin(), second->new_syscalls->end());
  if (have_strace) {
    for (const auto& n : expected_new) EXPECT_EQ(added.count(n), 1u) << n << " was not added";
  } else {
    // coreutils mkdir(1) creates the directory with mkdir(2) or mkdirat(2).
    EXPECT_TRUE(added.count("mkdir") != 0 || added.count("mkdirat") != 0);
  }
  auto text = ReadFile(dir_ + "/p.json");
  ASSERT_TRUE(text.has_value());
  for (const auto& n : added) EXPECT_NE(text->find('"' + n + '"'), std::string::npos) << n;
}

#if defined(__x86_64__)
// i386 getpid is 20, which is writev on x86_64: with writev known and getpid not, the i386 call
// must still stop the tracer (the complement is built per ABI).
TEST_F(IterativeRecordTest, I386CallsAreMatchedWithI386Numbers) {
  if (!HaveInt80()) GTEST_SKIP() << "no IA32 emulation in this kernel";
  profile::Profile earlier;
  earlier.default_action = profile::ActionKind::kErrno;
  earlier.default_errno_ret = 38;
  earlier.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  profile::SyscallRule all;
  all.action = profile::ActionKind::kAllow;
  for (const auto& e : syscalls::Table(arch::Arch::kX86_64)) {
    if (e.name != "getpid") all.names.emplace_back(e.name);
  }
  earlier.syscalls.push_back(all);
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/all.json", profile::EmitOciJson(earlier)).has_value());

  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  ASSERT_GT(n, 0);
  self[n] = '\0';
  setenv(kChildEnv, "int80", 1);
  auto out = Record({self}, dir_ + "/all.json", dir_ + "/out.json");
  unsetenv(kChildEnv);
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  EXPECT_TRUE(out->iterative);
  EXPECT_EQ(out->exit_status, 0);
  EXPECT_EQ(out->recording.counts.count({arch::Arch::kX86, 20}), 1u)
      << "the i386 getpid did not stop the tracer";
  for (const auto& [key, c] : out->recording.counts) {
    auto name = syscalls::NameOf(key.first, key.second);
    EXPECT_TRUE(name && *name == "getpid")
        << "a known call stopped the tracer: " << arch::Info(key.first).name << " " << key.second;
  }
}
#endif

TEST_F(IterativeRecordTest, IterativeNeedsAnEarlierProfileAndACommand) {
  RecordOptions o;
  o.command = {"true"};
  o.iterative = IterativeMode::kOn;
  o.output = dir_ + "/x.json";
  auto no_file = RunRecord(o);
  ASSERT_FALSE(no_file.has_value());
  EXPECT_EQ(no_file.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(
      WriteFileAtomic(dir_ + "/p.json", R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]})")
          .has_value());
  o.merge_into = dir_ + "/p.json";
  o.backend = BackendKind::kEbpf;
  auto ebpf = RunRecord(o);
  ASSERT_FALSE(ebpf.has_value());
  EXPECT_EQ(ebpf.error().code, ErrorCode::kInvalidArgument);
  o.backend = BackendKind::kAuto;
  o.command.clear();
  o.pid = getpid();
  auto pid = RunRecord(o);
  ASSERT_FALSE(pid.has_value());
  EXPECT_EQ(pid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(access(o.output.c_str(), F_OK), 0);
}

}  // namespace
}  // namespace syscage::record
