// SPDX-License-Identifier: Apache-2.0
// `syscage record` on real programs, with each backend this machine can run: the recorded set
// must contain every syscall `strace -f` sees for the same command (strace is the independent
// reference), the profile must run the program again (--verify, through syscage's compiler and
// enforcer), and taking out a syscall the program needs must make it fail.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/base/files.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/record/ebpf_backend.h"
#include "syscage/record/record.h"
#include "syscage/run/confined.h"
#include "syscage/run/denial_report.h"

namespace syscage::record {
namespace {

std::string TempDir() {
  char tmpl[] = "/tmp/syscage-record-test-XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d != nullptr ? d : "/tmp";
}

bool HaveStrace() { return std::system("command -v strace >/dev/null 2>&1") == 0; }

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

// The syscall names `strace -f` prints for `argv` (its own exec of the command included).
std::set<std::string> StraceNames(const std::vector<std::string>& argv, const std::string& dir) {
  std::string out = dir + "/strace.txt";
  std::string cmd = "strace -f -qq -o " + out;
  for (const auto& a : argv) cmd += " " + ShellQuote(a);
  cmd += " 2>/dev/null";
  (void)std::system(cmd.c_str());
  std::set<std::string> names;
  std::ifstream in(out);
  std::string line;
  // "1234  openat(AT_FDCWD, ..." / "openat(..." / "1234  <... read resumed>..."
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

std::set<std::string> AllowedNames(const profile::Profile& p) {
  std::set<std::string> names;
  for (const auto& r : p.syscalls) {
    if (r.action == profile::ActionKind::kAllow) names.insert(r.names.begin(), r.names.end());
  }
  return names;
}

bool EbpfUsable() {
  EbpfConfig c;
  c.mode = EbpfConfig::Mode::kPids;
  return EbpfRecorder::Open(c).has_value();
}

class RecordLiveTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    if (GetParam() == BackendKind::kEbpf && !EbpfUsable()) {
      GTEST_SKIP() << "eBPF recorder cannot load here (needs CAP_BPF+CAP_PERFMON and BTF)";
    }
    if (GetParam() == BackendKind::kPtrace && !ptrace_ok_) {
      GTEST_SKIP() << "ptrace not permitted";
    }
    dir_ = TempDir();
  }
  void TearDown() override {
    if (!dir_.empty() && dir_ != "/tmp") (void)std::system(("rm -rf " + dir_).c_str());
  }

  Result<RecordOutcome> Record(const std::vector<std::string>& argv, bool verify = false) {
    RecordOptions o;
    o.command = argv;
    o.backend = GetParam();
    o.output = dir_ + "/profile.json";
    o.verify = verify;
    return RunRecord(o);
  }

  // Records `argv` and checks: exit 0, a profile file, and every strace-seen syscall recorded.
  // `timing_dependent`: syscalls the program makes only in some interleavings (strace's slowdown
  // changes which), excluded from the comparison.
  void RecordAndCompare(const std::vector<std::string>& argv,
                        const std::set<std::string>& timing_dependent = {}) {
    if (!HaveStrace()) GTEST_SKIP() << "strace is not installed";
    // Both runs write to /dev/null: a program's syscalls depend on what its stdout is (glibc
    // asks a character device whether it is a terminal with ioctl(TCGETS)).
    int saved = dup(1);
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(null_fd, 0);
    dup2(null_fd, 1);
    close(null_fd);
    auto out = Record(argv);
    std::set<std::string> strace = StraceNames(argv, dir_);
    dup2(saved, 1);
    close(saved);
    ASSERT_TRUE(out.has_value()) << out.error().ToString();
    EXPECT_EQ(out->backend, GetParam() == BackendKind::kEbpf ? "ebpf" : "ptrace");
    EXPECT_TRUE(out->exited);
    EXPECT_EQ(out->exit_status, 0);
    struct stat st {};
    ASSERT_EQ(stat((dir_ + "/profile.json").c_str(), &st), 0);
    std::set<std::string> recorded = AllowedNames(out->profile);
    for (const auto& n : timing_dependent) strace.erase(n);
    ASSERT_FALSE(strace.empty());
    std::vector<std::string> missing;
    std::set_difference(strace.begin(), strace.end(), recorded.begin(), recorded.end(),
                        std::back_inserter(missing));
    std::string list;
    for (const auto& n : missing) list += n + " ";
    EXPECT_TRUE(missing.empty()) << "strace saw, record missed: " << list;
  }

  std::string dir_;
  bool ptrace_ok_ = true;
};

TEST_P(RecordLiveTest, CoreutilsLs) { RecordAndCompare({"ls", "-l", "/etc"}); }

TEST_P(RecordLiveTest, TarGzipForks) {
  std::string src = std::string(SYSCAGE_SOURCE_DIR) + "/src/base";
  RecordAndCompare({"tar", "czf", dir_ + "/out.tgz", "-C", src, "."});
}

TEST_P(RecordLiveTest, ShellPipeline) {
  RecordAndCompare({"sh", "-c", "ls /etc | sort -r | head -n 3 | wc -l > /dev/null"});
}

TEST_P(RecordLiveTest, PythonSslSqlite) {
  if (std::system("python3 -c 'import ssl, sqlite3' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 with ssl and sqlite3 is not installed";
  }
  RecordAndCompare({"python3", "-c",
                    "import ssl, sqlite3\n"
                    "ssl.create_default_context()\n"
                    "c = sqlite3.connect(':memory:')\n"
                    "c.execute('create table t(x)'); c.execute('insert into t values (1)')\n"
                    "assert c.execute('select sum(x) from t').fetchone()[0] == 1\n"});
}

TEST_P(RecordLiveTest, MultiThreadedWorkerThreadIsRecorded) {
  std::string prog = std::string(SYSCAGE_BINARY_DIR) + "/tests/testprogs/tp_threads";
  if (access(prog.c_str(), X_OK) != 0) GTEST_SKIP() << "tp_threads not built";
  // The worker thread calls getuid (x86_64 102, syscall_64.tbl); the main thread never does.
  // pthread_join waits in futex only when the worker has not finished yet: under strace it never
  // has, under eBPF it often has.
  RecordAndCompare({prog, "102"}, {"futex"});
  auto out = Record({prog, "102"});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->recording.counts.count({arch::Arch::kX86_64, 102}), 1u);
}

TEST_P(RecordLiveTest, VerifyRunsTheProgramUnderItsProfile) {
  auto out = Record({"cat", "/etc/hostname"}, /*verify=*/true);
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  ASSERT_TRUE(out->verify.has_value());
  EXPECT_TRUE(out->verify->same) << out->verify->recorded << " vs " << out->verify->verified;
}

TEST_P(RecordLiveTest, RemovingANeededSyscallMakesItFail) {
  auto out = Record({"cat", "/etc/hostname"});
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  profile::Profile p = out->profile;
  auto& names = p.syscalls.front().names;
  ASSERT_NE(std::find(names.begin(), names.end(), "write"), names.end());
  names.erase(std::find(names.begin(), names.end(), "write"));
  Diagnostics diags;
  auto compiled = bpf::Pipeline::Compile(p, bpf::CompileOptions{}, diags);
  ASSERT_TRUE(compiled.has_value()) << compiled.error().ToString();
  run::RunSpec spec;
  spec.argv = {"cat", "/etc/hostname"};
  spec.program = compiled->program;
  auto child = run::RunConfined(spec);
  ASSERT_TRUE(child.has_value()) << child.error().ToString();
  // cat's write(2) gets ENOSYS from the default action: "write error", exit status 1 (coreutils).
  // (Without openat the dynamic loader itself fails and exits 127.)
  EXPECT_TRUE(child->exited);
  EXPECT_EQ(child->exit_status, 1);

  // The same run in report mode (run --report) names the missing syscall.
  spec.denials = run::DenialMode::kReport;
  std::set<std::string> denied;
  spec.on_denied = [&denied](const run::DeniedCall& call) {
    denied.insert(run::CallSyscallName(call.audit_arch, call.nr));
  };
  auto reported = run::RunConfined(spec);
  if (!reported && reported.error().code == ErrorCode::kPermission) {
    GTEST_SKIP() << "ptrace is not allowed here: " << reported.error().ToString();
  }
  ASSERT_TRUE(reported.has_value()) << reported.error().ToString();
  EXPECT_EQ(reported->exit_status, 1);
  EXPECT_EQ(denied, std::set<std::string>{"write"});
}

TEST_P(RecordLiveTest, PidModeFollowsChildren) {
  // A shell that waits, then forks ls: the recording starts after the shell exists.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", "sleep 0.5; ls / > /dev/null", static_cast<char*>(nullptr));
    _exit(127);
  }
  RecordOptions o;
  o.pid = pid;
  o.backend = GetParam();
  o.output = dir_ + "/pid.json";
  auto out = RunRecord(o);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  auto names = AllowedNames(out->profile);
  EXPECT_TRUE(names.count("getdents64")) << "ls's directory read was not recorded";
  EXPECT_TRUE(names.count("wait4")) << "the shell's wait was not recorded";
}

TEST_P(RecordLiveTest, MissingCommandIsNotFoundAndWritesNothing) {
  auto out = Record({"syscage-no-such-command-xyz"});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_NE(access((dir_ + "/profile.json").c_str(), F_OK), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordLiveTest,
                         ::testing::Values(BackendKind::kEbpf, BackendKind::kPtrace),
                         [](const auto& param_info) {
                           return param_info.param == BackendKind::kEbpf ? "ebpf" : "ptrace";
                         });

}  // namespace
}  // namespace syscage::record
