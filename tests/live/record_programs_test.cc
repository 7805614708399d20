// SPDX-License-Identifier: Apache-2.0
// Issue 6's acceptance test for `syscage record` on real programs from Debian packages (python3
// with ssl and sqlite3, git, the sqlite3 CLI, tar+gzip, a forking shell pipeline, a threaded
// python3), with each backend this machine can run. For every program:
//   1. record it (its stdout on /dev/null, like every run below);
//   2. run it under `strace -f` (the independent reference): every syscall name strace prints
//      must be in the recorded allowlist;
//   3. run it again under its own profile in report mode (what `syscage run --report` does): it
//      must exit with the recorded status and the profile must deny no call.
// Each run starts from the same state (a `reset` shell command), so the three runs do the same
// work. Programs that are not installed are skipped with the package to install.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/bpf/pipeline.h"
#include "syscage/record/ebpf_backend.h"
#include "syscage/record/record.h"
#include "syscage/run/confined.h"
#include "syscage/run/denial_report.h"

namespace syscage::record {
namespace {

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

bool Sh(const std::string& cmd) { return std::system(cmd.c_str()) == 0; }

// Debian's interpreter, not a version manager's shim earlier in PATH (a shell script that would
// add its own forks and execs to every run).
std::string Python3() { return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : ""; }

// Points fd 1 at /dev/null for its lifetime: a program's syscalls depend on what its stdout is
// (glibc asks a terminal for its size with ioctl(TCGETS)), so every run gets the same stdout.
class StdoutToDevNull {
 public:
  StdoutToDevNull() : saved_(dup(1)) {
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    dup2(null_fd, 1);
    close(null_fd);
  }
  ~StdoutToDevNull() {
    dup2(saved_, 1);
    close(saved_);
  }
  StdoutToDevNull(const StdoutToDevNull&) = delete;
  StdoutToDevNull& operator=(const StdoutToDevNull&) = delete;

 private:
  int saved_;
};

// The syscall names `strace -f` prints for `argv`. strace prints a traced command from its
// execve on (the fork and ptrace setup before it are strace's own and are not printed), and
// names x86_64 syscalls as the kernel's table does, which is what syscage's profiles use.
std::set<std::string> StraceNames(const std::vector<std::string>& argv, const std::string& out) {
  std::string cmd = "strace -f -qq -o " + out;
  for (const auto& a : argv) cmd += " " + ShellQuote(a);
  (void)std::system(cmd.c_str());
  std::set<std::string> names;
  std::ifstream in(out);
  std::string line;
  // "1234  openat(AT_FDCWD, ..." / "1234  <... read resumed>..."; "--- SIG" and "+++ exited"
  // lines name no call.
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

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& n : s) out += (out.empty() ? "" : " ") + n;
  return out;
}

bool EbpfUsable() {
  EbpfConfig c;
  c.mode = EbpfConfig::Mode::kPids;
  return EbpfRecorder::Open(c).has_value();
}

// The ptrace backend's own check: record `true`; only a refusal to trace means "cannot". (Not to
// -o /dev/null: the profile is written atomically, by renaming a new file over the path.)
bool PtraceUsable(const std::string& dir) {
  RecordOptions o;
  o.command = {"true"};
  o.backend = BackendKind::kPtrace;
  o.output = dir + "/probe.json";
  auto out = RunRecord(o);
  return out.has_value() || out.error().code != ErrorCode::kPermission;
}

struct Program {
  std::vector<std::string> argv;
  std::string reset;  // shell command run before each of the three runs
};

class RecordProgramsTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/syscage-record-programs-XXXXXX";
    const char* d = mkdtemp(tmpl);
    ASSERT_NE(d, nullptr);
    dir_ = d;
    if (GetParam() == BackendKind::kEbpf && !EbpfUsable()) {
      GTEST_SKIP() << "eBPF recorder cannot load here (needs CAP_BPF+CAP_PERFMON and BTF)";
    }
    if (GetParam() == BackendKind::kPtrace && !PtraceUsable(dir_)) {
      GTEST_SKIP() << "ptrace not permitted here";
    }
    if (!Sh("command -v strace >/dev/null 2>&1")) GTEST_SKIP() << "strace is not installed";
  }
  void TearDown() override {
    if (!dir_.empty()) (void)std::system(("rm -rf " + ShellQuote(dir_)).c_str());
  }

  // Steps 1-3 above.
  void RecordStraceAndRun(const Program& prog) {
    StdoutToDevNull quiet;
    ASSERT_TRUE(prog.reset.empty() || Sh(prog.reset));
    RecordOptions o;
    o.command = prog.argv;
    o.backend = GetParam();
    o.output = dir_ + "/profile.json";
    auto out = RunRecord(o);
    ASSERT_TRUE(out.has_value()) << out.error().ToString();
    ASSERT_TRUE(out->exited);
    EXPECT_EQ(out->exit_status, 0) << "the recorded run failed";
    std::set<std::string> recorded = AllowedNames(out->profile);

    ASSERT_TRUE(prog.reset.empty() || Sh(prog.reset));
    std::set<std::string> strace = StraceNames(prog.argv, dir_ + "/strace.txt");
    ASSERT_FALSE(strace.empty()) << "strace printed no call";
    std::set<std::string> missing;
    std::set_difference(strace.begin(), strace.end(), recorded.begin(), recorded.end(),
                        std::inserter(missing, missing.end()));
    EXPECT_TRUE(missing.empty()) << "strace -f saw, record missed: " << Join(missing);
    // What the program needed, for the record (ctest --output-on-failure / -V shows it).
    std::set<std::string> only_recorded;
    std::set_difference(recorded.begin(), recorded.end(), strace.begin(), strace.end(),
                        std::inserter(only_recorded, only_recorded.end()));
    std::cerr << prog.argv[0] << ": recorded " << recorded.size() << " syscalls, strace -f saw "
              << strace.size() << "; recorded but not under strace: " << Join(only_recorded)
              << "\n";

    Diagnostics diags;
    auto compiled = bpf::Pipeline::Compile(out->profile, bpf::CompileOptions{}, diags);
    ASSERT_TRUE(compiled.has_value()) << compiled.error().ToString();
    run::RunSpec spec;
    spec.argv = prog.argv;
    spec.program = compiled->program;
    spec.denials = run::DenialMode::kReport;
    std::map<std::string, int> denied;
    spec.on_denied = [&denied](const run::DeniedCall& call) {
      ++denied[run::CallSyscallName(call.audit_arch, call.nr) + " (" +
               run::CallArchName(call.audit_arch, call.nr) + ")"];
    };
    ASSERT_TRUE(prog.reset.empty() || Sh(prog.reset));
    auto child = run::RunConfined(spec);
    ASSERT_TRUE(child.has_value()) << child.error().ToString();
    EXPECT_TRUE(child->exited) << child->Describe();
    EXPECT_EQ(child->exit_status, out->exit_status) << child->Describe();
    std::string list;
    for (const auto& [name, count] : denied) list += " " + name + " x" + std::to_string(count);
    EXPECT_TRUE(denied.empty()) << "denied under its own profile:" << list;
  }

  std::string dir_;
};

TEST_P(RecordProgramsTest, Python3SslAndSqlite3) {
  const std::string py = Python3();
  if (py.empty() || !Sh(py + " -c 'import ssl, sqlite3' >/dev/null 2>&1")) {
    GTEST_SKIP() << "python3 with ssl and sqlite3 is not installed (Debian: python3)";
  }
  RecordStraceAndRun({{py, "-c",
                       "import ssl, sqlite3\n"
                       "ctx = ssl.create_default_context()\n"
                       "assert ctx.verify_mode == ssl.CERT_REQUIRED\n"
                       "c = sqlite3.connect(':memory:')\n"
                       "c.execute('create table t(x)')\n"
                       "c.executemany('insert into t values (?)', [(1,), (2,), (3,)])\n"
                       "assert c.execute('select sum(x) from t').fetchone()[0] == 6\n"},
                      ""});
}

TEST_P(RecordProgramsTest, Python3Threads) {
  const std::string py = Python3();
  if (py.empty()) GTEST_SKIP() << "python3 is not installed (Debian: python3)";
  // Four threads that hash (releasing the GIL) and read a file, joined by the main thread.
  RecordStraceAndRun({{py, "-c",
                       "import threading, hashlib\n"
                       "out = []\n"
                       "def work(i):\n"
                       "    h = hashlib.sha256()\n"
                       "    for _ in range(200): h.update(b'x' * 4096)\n"
                       "    with open('/etc/hostname', 'rb') as f: f.read()\n"
                       "    out.append(i)\n"
                       "ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]\n"
                       "for t in ts: t.start()\n"
                       "for t in ts: t.join()\n"
                       "assert sorted(out) == [0, 1, 2, 3]\n"},
                      ""});
}

TEST_P(RecordProgramsTest, GitInitAndCommit) {
  if (!Sh("command -v git >/dev/null 2>&1")) GTEST_SKIP() << "git is not installed (Debian: git)";
  // No user or system configuration: identity and HOME come from the environment.
  const std::string repo = dir_ + "/repo";
  RecordStraceAndRun(
      {{"env", "HOME=" + dir_, "XDG_CONFIG_HOME=" + dir_, "GIT_CONFIG_NOSYSTEM=1",
        "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
        "GIT_COMMITTER_EMAIL=t@example.org", "sh", "-c",
        "git init -q " + ShellQuote(repo) + " && cd " + ShellQuote(repo) +
            " && echo hello > f && git add f && git commit -q -m first && git log --oneline"},
       "rm -rf " + ShellQuote(repo)});
}

TEST_P(RecordProgramsTest, Sqlite3Cli) {
  if (!Sh("command -v sqlite3 >/dev/null 2>&1")) {
    GTEST_SKIP() << "sqlite3 is not installed (Debian: sqlite3)";
  }
  const std::string db = dir_ + "/t.db";
  RecordStraceAndRun({{"sqlite3", db,
                       "create table t(x); insert into t values (1), (2), (3);"
                       " select sum(x) from t;"},
                      "rm -f " + ShellQuote(db) + "*"});
}

TEST_P(RecordProgramsTest, TarGzipRoundTrip) {
  if (!Sh("command -v tar >/dev/null && command -v gzip >/dev/null")) {
    GTEST_SKIP() << "tar or gzip is not installed (Debian: tar, gzip)";
  }
  // tar forks gzip for z, once to compress and once to decompress.
  const std::string src = std::string(SYSCAGE_SOURCE_DIR) + "/src/base";
  const std::string d = ShellQuote(dir_);
  RecordStraceAndRun({{"sh", "-c",
                       "tar czf " + d + "/o.tgz -C " + ShellQuote(src) + " . && mkdir " + d +
                           "/x && tar xzf " + d + "/o.tgz -C " + d + "/x && cmp " +
                           ShellQuote(src + "/result.h") + " " + d + "/x/result.h"},
                      "rm -rf " + d + "/o.tgz " + d + "/x"});
}

TEST_P(RecordProgramsTest, ShellPipelineForks) {
  RecordStraceAndRun({{"sh", "-c", "ls /etc | sort | head -3"}, ""});
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordProgramsTest,
                         ::testing::Values(BackendKind::kEbpf, BackendKind::kPtrace),
                         [](const auto& param_info) {
                           return param_info.param == BackendKind::kEbpf ? "ebpf" : "ptrace";
                         });

}  // namespace
}  // namespace syscage::record
