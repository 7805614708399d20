// SPDX-License-Identifier: Apache-2.0
// `syscage trace` against Debian's strace on the same programs: the -c tables must list the
// same syscalls with the same call and error counts, and decoded lines must be equal once
// addresses, pids and random bytes are normalised. Skipped without strace or ptrace.
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "trace_test_util.h"

namespace syscage::trace {
namespace {

using testing::Prog;
using testing::Shell;

struct Row {
  uint64_t calls = 0;
  uint64_t errors = 0;
  bool operator==(const Row& o) const { return calls == o.calls && errors == o.errors; }
};
using Table = std::map<std::string, Row>;

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Rows of strace's -c table: "% time seconds usecs/call calls [errors] syscall".
Table ParseSummary(const std::string& text) {
  Table t;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '%' || line[0] == '-' || line.find("summary") != line.npos ||
        line.rfind("syscage", 0) == 0) {
      continue;
    }
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.size() < 5 || f.back() == "total") continue;
    Row r;
    r.calls = std::stoull(f[3]);
    r.errors = f.size() == 6 ? std::stoull(f[4]) : 0;
    t[f.back()] = r;
  }
  return t;
}

std::string Describe(const Table& t) {
  std::string s;
  for (const auto& [n, r] : t) {
    s += n + "=" + std::to_string(r.calls) + "/" + std::to_string(r.errors) + " ";
  }
  return s;
}

class StraceCompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is not installed";
    if (!testing::PtraceAllowed()) GTEST_SKIP() << "ptrace is not allowed here";
    char tmpl[] = "/tmp/syscage-strace-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) Shell("rm -rf '" + dir_ + "'");
  }

  // -c tables of both tracers for `cmd` (a shell word list), without the `ignore`d names.
  void CompareCounts(const std::string& cmd, bool follow, std::vector<std::string> ignore = {},
                     const std::string& backend = "ptrace") {
    const std::string f = follow ? " -f" : "";
    ASSERT_NE(Shell("strace" + f + " -c -o " + dir_ + "/s.txt " + cmd + " >/dev/null 2>&1"), -1);
    ASSERT_NE(Shell(testing::SyscageBinary() + " trace" + f + " -c --backend=" + backend + " -o " +
                    dir_ + "/d.txt " + cmd + " >/dev/null 2>&1"),
              -1);
    Table s = ParseSummary(Slurp(dir_ + "/s.txt"));
    Table d = ParseSummary(Slurp(dir_ + "/d.txt"));
    for (const auto& n : ignore) {
      s.erase(n);
      d.erase(n);
    }
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s, d) << "strace:  " << Describe(s) << "\nsyscage: " << Describe(d);
  }

  std::string dir_;
};

TEST_F(StraceCompareTest, CountsOfTouch) { CompareCounts("touch " + dir_ + "/x", false); }
TEST_F(StraceCompareTest, CountsOfLsEtc) { CompareCounts("ls /etc", false); }
TEST_F(StraceCompareTest, CountsOfEcho) { CompareCounts("/bin/echo 'Hello, World!'", false); }
TEST_F(StraceCompareTest, CountsOfCat) { CompareCounts("cat /etc/passwd", false); }
TEST_F(StraceCompareTest, CountsOfKnownProgram) {
  CompareCounts(Prog("tt_known") + " " + dir_, false);
}
TEST_F(StraceCompareTest, CountsOfForkExec) {
  CompareCounts(Prog("tt_forkexec") + " /bin/true", true);
}
TEST_F(StraceCompareTest, CountsOfThreads) {
  // futex counts depend on lock contention between the threads, so they vary run to run.
  CompareCounts(Prog("tt_threads") + " 4 200", true, {"futex"});
}

// The eBPF counter (counting in the kernel at sys_exit, never stopping the tracee) against
// strace's ptrace stops: the same syscalls with the same call and error counts.
class TraceEbpfCountTest : public StraceCompareTest {
 protected:
  void SetUp() override {
    StraceCompareTest::SetUp();
    if (IsSkipped()) return;
    if (Shell(testing::SyscageBinary() + " trace -c --backend=ebpf -o /dev/null /bin/true") != 0) {
      GTEST_SKIP() << "the eBPF counter cannot load here (needs root/CAP_BPF and kernel BTF)";
    }
  }
  void CompareEbpf(const std::string& cmd, bool follow, std::vector<std::string> ignore = {}) {
    CompareCounts(cmd, follow, std::move(ignore), "ebpf");
  }
};

TEST_F(TraceEbpfCountTest, CountsOfTouch) { CompareEbpf("touch " + dir_ + "/x", false); }
TEST_F(TraceEbpfCountTest, CountsOfLsEtc) { CompareEbpf("ls /etc", false); }
TEST_F(TraceEbpfCountTest, CountsOfEcho) { CompareEbpf("/bin/echo 'Hello, World!'", false); }
TEST_F(TraceEbpfCountTest, CountsOfCat) { CompareEbpf("cat /etc/passwd", false); }
TEST_F(TraceEbpfCountTest, CountsOfKnownProgram) {
  CompareEbpf(Prog("tt_known") + " " + dir_, false);
}
TEST_F(TraceEbpfCountTest, CountsOfForkExec) {
  CompareEbpf(Prog("tt_forkexec") + " /bin/true", true);
}
TEST_F(TraceEbpfCountTest, CountsOfThreads) {
  CompareEbpf(Prog("tt_threads") + " 4 200", true, {"futex"});
}
TEST_F(TraceEbpfCountTest, CountsOfGetppidLoop) {
  CompareEbpf(Prog("tt_getppid") + " 5000", false);
}

// Whole decoded output of a deterministic program, addresses and pids normalised.
std::string Normalise(std::string text) {
  static const std::vector<std::pair<std::regex, std::string>> kRules = {
      {std::regex("0x[0-9a-f]{6,}"), "ADDR"},
      {std::regex("getrandom\\(\"[^\"]*\""), "getrandom(RANDOM"},
      {std::regex("tt_known\\.[0-9]+"), "tt_known.PID"},
      {std::regex("(getpid|set_tid_address)\\(([^)]*)\\) += [0-9]+"), "$1($2) = PID"},
      {std::regex("pipe:\\[[0-9]+\\]"), "pipe:[INODE]"},
      {std::regex(" {2,}="), " ="},
  };
  for (const auto& [re, rep] : kRules) text = std::regex_replace(text, re, rep);
  return text;
}

TEST_F(StraceCompareTest, DecodedLinesOfKnownProgram) {
  const std::string cmd = Prog("tt_known") + " " + dir_;
  Shell("strace -o " + dir_ + "/s.txt " + cmd + " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -o " + dir_ + "/d.txt " + cmd + " >/dev/null 2>&1");
  EXPECT_EQ(Normalise(Slurp(dir_ + "/s.txt")), Normalise(Slurp(dir_ + "/d.txt")));
}

TEST_F(StraceCompareTest, DecodedLinesOfLsEtc) {
  Shell("strace -o " + dir_ + "/s.txt ls -l /etc/passwd >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -o " + dir_ +
        "/d.txt ls -l /etc/passwd >/dev/null 2>&1");
  EXPECT_EQ(Normalise(Slurp(dir_ + "/s.txt")), Normalise(Slurp(dir_ + "/d.txt")));
}

TEST_F(StraceCompareTest, DecodedLinesWithStringLimitAndFdPaths) {
  const std::string cmd = Prog("tt_known") + " " + dir_;
  Shell("strace -y -s 8 -e trace=read,write,close,openat -o " + dir_ + "/s.txt " + cmd +
        " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -y -s 8 -e trace=read,write,close,openat -o " + dir_ +
        "/d.txt " + cmd + " >/dev/null 2>&1");
  EXPECT_EQ(Normalise(Slurp(dir_ + "/s.txt")), Normalise(Slurp(dir_ + "/d.txt")));
}

TEST_F(StraceCompareTest, DecodedStatfs) {
  // Free block and inode counts move between the two runs; the rest must be equal.
  const std::string cmd = "-e trace=statfs,fstatfs stat -f / /proc /dev/shm";
  Shell("strace -o " + dir_ + "/s.txt " + cmd + " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -o " + dir_ + "/d.txt " + cmd + " >/dev/null 2>&1");
  const std::regex counts("(f_bfree|f_bavail|f_ffree)=[0-9]+");
  const std::string s = std::regex_replace(Normalise(Slurp(dir_ + "/s.txt")), counts, "$1=N");
  const std::string d = std::regex_replace(Normalise(Slurp(dir_ + "/d.txt")), counts, "$1=N");
  EXPECT_NE(s.find("statfs(\"/proc\", {f_type=PROC_SUPER_MAGIC"), std::string::npos) << s;
  EXPECT_EQ(s, d);
}

// The lines of `file` that start with `prefix`.
std::string LinesStartingWith(const std::string& file, const std::string& prefix) {
  std::istringstream in(Slurp(file));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) out += line + "\n";
  }
  return out;
}

TEST_F(StraceCompareTest, RestartSyscallAfterStopAndContinue) {
  const std::string cmd = Prog("tt_restart");
  Shell("strace -o " + dir_ + "/s.txt " + cmd + " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -o " + dir_ + "/d.txt " + cmd + " >/dev/null 2>&1");
  const std::string s = LinesStartingWith(dir_ + "/s.txt", "restart_syscall");
  ASSERT_NE(s, "") << "strace saw no restart_syscall (the stop missed the sleep)";
  EXPECT_EQ(s, LinesStartingWith(dir_ + "/d.txt", "restart_syscall"));
}

TEST_F(StraceCompareTest, SignalQualifierHidesSignals) {
  const std::string cmd = "-e trace=none -e signal='!SIGCHLD' " + Prog("tt_signals");
  Shell("strace -o " + dir_ + "/s.txt " + cmd + " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -o " + dir_ + "/d.txt " + cmd + " >/dev/null 2>&1");
  const std::regex pid("si_pid=[0-9]+");
  const std::string s = std::regex_replace(Slurp(dir_ + "/s.txt"), pid, "si_pid=PID");
  EXPECT_NE(s.find("SIGUSR1"), std::string::npos) << s;
  EXPECT_EQ(s.find("SIGCHLD"), std::string::npos) << s;
  EXPECT_EQ(s, std::regex_replace(Slurp(dir_ + "/d.txt"), pid, "si_pid=PID"));
}

// -ff -o FILE: one FILE.PID per process, the same lines as strace's files once pids and
// addresses are normalised; files are matched in pid order (parent first).
TEST_F(StraceCompareTest, PerProcessFilesLikeStrace) {
  const std::string cmd = Prog("tt_forkexec") + " /bin/true";
  Shell("strace -ff -o " + dir_ + "/s " + cmd + " >/dev/null 2>&1");
  Shell(testing::SyscageBinary() + " trace -ff -o " + dir_ + "/d " + cmd + " >/dev/null 2>&1");
  auto files = [&](const std::string& prefix) {
    std::string list;
    Shell("ls " + dir_ + " | grep '^" + prefix + "\\.' | sort -t. -k2 -n", &list);
    std::vector<std::string> out;
    std::istringstream in(list);
    for (std::string f; in >> f;) out.push_back(dir_ + "/" + f);
    return out;
  };
  const auto s = files("s");
  const auto d = files("d");
  ASSERT_EQ(s.size(), 2u);
  ASSERT_EQ(d.size(), s.size());
  // CPU times in SIGCHLD's siginfo depend on the run.
  const std::regex numbers("[0-9]{3,}|(si_utime|si_stime)=[0-9]+");
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(std::regex_replace(Normalise(Slurp(s[i])), numbers, "N"),
              std::regex_replace(Normalise(Slurp(d[i])), numbers, "N"))
        << s[i] << " vs " << d[i];
  }
}

}  // namespace
}  // namespace syscage::trace
