// SPDX-License-Identifier: Apache-2.0
// RunRecord (see record.h): check the input, pick a backend (eBPF unless refused or told
// otherwise), record until the workload ends or SIGINT/SIGTERM, build the allowlist, merge,
// write it atomically, and optionally verify it by running the command again under it.
#include "syscage/record/record.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "syscage/arch/arch.h"
#include "syscage/base/files.h"
#include "syscage/base/log.h"
#include "syscage/base/scope_exit.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/builder.h"
#include "syscage/profile/load.h"
#include "syscage/record/cgroup.h"
#include "syscage/record/ebpf_backend.h"
#include "syscage/record/iterative.h"
#include "syscage/record/ptrace_recorder.h"
#include "syscage/run/confined.h"
#include "syscage/run/denial_report.h"

extern char** environ;

namespace syscage::record {
namespace {

// ---- signals: SIGINT/SIGTERM end the recording, not syscage ----

std::atomic<bool> g_stop{false};
std::atomic<std::atomic<bool>*> g_user_stop{nullptr};

void OnStopSignal(int) {
  g_stop.store(true);
  std::atomic<bool>* user = g_user_stop.load();
  if (user != nullptr) user->store(true);
  RequestPtraceRecordStop();
}

bool StopRequested(const RecordOptions& o) {
  return g_stop.load() || (o.stop != nullptr && o.stop->load());
}

class StopSignals {
 public:
  explicit StopSignals(std::atomic<bool>* user) {
    g_stop.store(false);
    g_user_stop.store(user);
    struct sigaction sa {};
    sa.sa_handler = OnStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: waitpid returns EINTR so the loops see the flag
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    g_user_stop.store(nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Phase timings for -v: where the fixed cost of an eBPF recording goes.
class Stopwatch {
 public:
  void Lap(const char* phase) {
    auto now = std::chrono::steady_clock::now();
    LOG_D("record: {} took {:.1f} ms", phase,
          std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// ---- input checks, before anything runs ----

Result<> CheckWritable(const std::string& path) {
  if (path.empty() || path == "-") return {};
  std::filesystem::path p(path);
  std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  if (access(dir.c_str(), F_OK) != 0) {
    return Fail(ErrorCode::kNotFound, "cannot write '" + path + "': directory does not exist",
                errno);
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return Fail(ErrorCode::kPermission, "cannot write '" + path + "'", errno);
  }
  if (access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0) {
    return Fail(ErrorCode::kPermission, "cannot write '" + path + "'", errno);
  }
  if (std::filesystem::is_directory(p)) {
    return Fail(ErrorCode::kInvalidArgument, "cannot write '" + path + "': it is a directory");
  }
  return {};
}

Result<> CheckPid(pid_t pid) {
  if (pid <= 0) return Fail(ErrorCode::kInvalidArgument, "--pid needs a positive process id");
  if (kill(pid, 0) != 0 && errno == ESRCH) {
    return Fail(ErrorCode::kNotFound, "no such process: " + std::to_string(pid), ESRCH);
  }
  return {};
}

// Every process whose parent chain reaches `root` (from /proc/*/stat).
std::vector<pid_t> Descendants(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    auto stat = ReadFile(entry.path().string() + "/stat");
    if (!stat) continue;
    size_t close_paren = stat->rfind(')');
    if (close_paren == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(stat->c_str() + close_paren + 1, " %c %d", &state, &ppid) != 2) continue;
    children.emplace(ppid, std::stoi(name));
  }
  std::vector<pid_t> out;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    pid_t p = todo.back();
    todo.pop_back();
    auto [b, e] = children.equal_range(p);
    for (auto it = b; it != e; ++it) {
      out.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return out;
}

std::string DescribeStatus(bool exited, int status, int signo) {
  if (exited) return "exited with status " + std::to_string(status);
  const char* abbrev = sigabbrev_np(signo);
  return std::string("killed by SIG") + (abbrev != nullptr ? abbrev : std::to_string(signo));
}

// ---- the eBPF paths ----

struct LaunchResult {
  bool exited = false;
  int exit_status = 0;
  int term_signal = 0;
};

// Forks the command, parks it until it is inside `leaf`, then lets it execve. The child's only
// syscall after the move is the execve itself, so syscage's own setup is not recorded.
Result<LaunchResult> LaunchInCgroup(const std::string& path, const std::vector<std::string>& argv,
                                    const CgroupRef& leaf, const RecordOptions& options) {
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  int go[2];
  int err_pipe[2];
  if (pipe2(go, O_CLOEXEC) != 0) return Fail(ErrorCode::kKernel, "pipe", errno);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(go[0]);
    close(go[1]);
    return Fail(ErrorCode::kKernel, "pipe", errno);
  }
  pid_t child = fork();
  if (child < 0) return Fail(ErrorCode::kKernel, "fork", errno);
  if (child == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    char c;
    ssize_t n;
    while ((n = read(go[0], &c, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) _exit(127);
    execve(path.c_str(), cargv.data(), environ);
    int e = errno;
    (void)!write(err_pipe[1], &e, sizeof(e));
    _exit(e == ENOENT ? 127 : 126);
  }
  close(go[0]);
  close(err_pipe[1]);
  auto moved = MoveToCgroup(leaf, child);
  if (!moved) {
    kill(child, SIGKILL);
    close(go[1]);
    close(err_pipe[0]);
    waitpid(child, nullptr, 0);
    return Fail(moved.error());
  }
  (void)!write(go[1], "g", 1);
  close(go[1]);
  int exec_errno = 0;
  ssize_t n;
  while ((n = read(err_pipe[0], &exec_errno, sizeof(exec_errno))) < 0 && errno == EINTR) {
  }
  close(err_pipe[0]);
  LaunchResult r;
  int status = 0;
  bool reaped = false;
  while (!reaped) {
    pid_t w = waitpid(child, &status, 0);
    if (w == child) {
      reaped = true;
    } else if (w < 0 && errno != EINTR) {
      return Fail(ErrorCode::kKernel, "waitpid", errno);
    } else if (StopRequested(options)) {
      break;  // the command keeps running; the recording ends here
    }
  }
  if (n == static_cast<ssize_t>(sizeof(exec_errno))) {
    return Fail(exec_errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kPermission,
                "cannot execute '" + argv[0] + "': " + std::strerror(exec_errno), exec_errno);
  }
  if (reaped) {
    r.exited = WIFEXITED(status);
    r.exit_status = r.exited ? WEXITSTATUS(status) : 0;
    r.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    // Children the command left behind are part of the workload: wait for the cgroup to empty.
    while (CgroupPopulated(leaf) && !StopRequested(options)) SleepMs(20);
  }
  return r;
}

// Whether this process has `cap` in its effective set; nullopt when capget fails.
std::optional<bool> HasCapability(int cap) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return std::nullopt;
  return (data[cap / 32].effective & (1u << (cap % 32))) != 0;
}

// Loading tracing programs needs CAP_BPF + CAP_PERFMON (Linux 5.8+) or CAP_SYS_ADMIN. Checked
// first so the message names the missing privilege, not whatever setup step fails first.
Result<> CheckBpfCapabilities() {
  auto has = [](int cap) { return HasCapability(cap).value_or(true); };  // unknown: let load decide
  if (has(CAP_SYS_ADMIN) || (has(CAP_BPF) && has(CAP_PERFMON))) return {};
  return Fail(ErrorCode::kPermission,
              "eBPF recording needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN); run as root or "
              "use --backend ptrace",
              EPERM);
}

Result<> RecordEbpf(const RecordOptions& options, const std::string& exe, RecordOutcome& out) {
  RETURN_IF_ERROR(CheckBpfCapabilities());
  EbpfConfig config;
  config.capture_args = options.args;
  if (options.pid != 0) {
    config.mode = EbpfConfig::Mode::kPids;
    ASSIGN_OR_RETURN(auto rec, EbpfRecorder::Open(config));
    RETURN_IF_ERROR(rec->AddPid(options.pid));
    // Twice: a child forked while we scanned is found by the second pass (or by the program).
    for (int pass = 0; pass < 2; ++pass) {
      for (pid_t p : Descendants(options.pid)) RETURN_IF_ERROR(rec->AddPid(p));
    }
    while (rec->TrackedPids() > 0 && !StopRequested(options)) SleepMs(50);
    ASSIGN_OR_RETURN(out.recording, rec->Collect());
    return {};
  }

  ASSIGN_OR_RETURN(auto mount, FindOrMountCgroup2());
  ScopeExit release_mount([&] { ReleaseCgroup2(mount); });
  if (!options.cgroup.empty()) {
    ASSIGN_OR_RETURN(config.cgroup, ResolveCgroup(options.cgroup, mount.path));
    ASSIGN_OR_RETURN(auto rec, EbpfRecorder::Open(config));
    // Until the cgroup empties after having had processes, is removed, or SIGINT.
    bool seen_populated = false;
    while (!StopRequested(options)) {
      if (access(config.cgroup.path.c_str(), F_OK) != 0) break;
      bool populated = CgroupPopulated(config.cgroup);
      if (seen_populated && !populated) break;
      seen_populated = seen_populated || populated;
      SleepMs(50);
    }
    ASSIGN_OR_RETURN(out.recording, rec->Collect());
    return {};
  }

  Stopwatch watch;
  ASSIGN_OR_RETURN(config.cgroup, CreateLeafCgroup(mount.path));
  ScopeExit remove_leaf([&] { RemoveLeafCgroup(config.cgroup); });
  watch.Lap("cgroup setup");
  ASSIGN_OR_RETURN(auto rec, EbpfRecorder::Open(config));
  watch.Lap("eBPF open+load+attach");
  ASSIGN_OR_RETURN(auto launched, LaunchInCgroup(exe, options.command, config.cgroup, options));
  watch.Lap("workload");
  out.launched = true;
  out.exited = launched.exited;
  out.exit_status = launched.exit_status;
  out.term_signal = launched.term_signal;
  ASSIGN_OR_RETURN(out.recording, rec->Collect());
  watch.Lap("collect");
  rec.reset();
  watch.Lap("detach");
  return {};
}

// With `known` (iterative mode), the launched command runs under a RET_TRACE filter on the
// complement of the known set, inherited by everything it forks and execs.
Result<> RecordPtrace(const RecordOptions& options, const std::optional<KnownSyscalls>& known,
                      RecordOutcome& out) {
  trace::Target target;
  target.command = options.command;
  if (options.pid != 0) target.attach_pids = {options.pid};
  if (known) {
    target.seccomp = TraceComplement(*known);
    // Without CAP_SYS_ADMIN seccomp(2) needs no_new_privs. That changes nothing a ptrace
    // recording would not already change: an unprivileged tracer's tracees gain no privileges
    // on a set-user-ID execve either (ptrace(2), "execve(2) under ptrace").
    target.seccomp_no_new_privs = !HasCapability(CAP_SYS_ADMIN).value_or(false);
    out.iterative = true;
    out.known_syscalls = known->names;
  }
  RecorderSink sink(options.args);
  ASSIGN_OR_RETURN(auto r, RecordWithPtrace(target, sink, options.stop));
  out.recording = std::move(sink.recording());
  if (!options.command.empty()) {
    out.launched = true;
    out.exited = r.exited;
    out.exit_status = r.exit_status;
    out.term_signal = r.term_signal;
  }
  return {};
}

// metadata.name for SPO: a DNS-1123 label from the command's base name.
std::string SpoName(const RecordOptions& options) {
  if (!options.spo_name.empty()) return options.spo_name;
  std::string base = options.command.empty()
                         ? (options.pid != 0 ? "pid-" + std::to_string(options.pid) : "cgroup")
                         : std::filesystem::path(options.command[0]).filename().string();
  std::string out;
  for (char c : base) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "recorded" : out;
}

Result<VerifyResult> Verify(const RecordOptions& options, const RecordOutcome& out) {
  Diagnostics diags;
  auto compiled = bpf::Pipeline::Compile(out.profile, bpf::CompileOptions{}, diags);
  if (!compiled) {
    return Fail(compiled.error().code,
                "cannot compile the recorded profile: " + compiled.error().message);
  }
  // Report mode (run --report) enforces the profile exactly and names every call it denies: a
  // profile that only "works" because the program shrugs off an EPERM is not the same run.
  run::RunSpec spec;
  spec.argv = options.command;
  spec.program = compiled->program;
  spec.denials = run::DenialMode::kReport;
  std::map<std::string, uint64_t> denied;
  spec.on_denied = [&denied](const run::DeniedCall& call) {
    std::string name = run::CallSyscallName(call.audit_arch, call.nr);
    const std::string arch = run::CallArchName(call.audit_arch, call.nr);
    if (arch != arch::Info(arch::NativeArch()).name) name += " (" + arch + ")";
    ++denied[name];
  };
  VerifyResult v;
  auto child = run::RunConfined(spec);
  if (!child && child.error().code == ErrorCode::kPermission) {
    // No ptrace here (a container without CAP_SYS_PTRACE, Yama): enforce without the report.
    spec.denials = run::DenialMode::kEnforce;
    spec.on_denied = nullptr;
    child = run::RunConfined(spec);
  } else {
    v.denials_checked = true;
  }
  if (!child) return Fail(child.error());
  v.recorded = DescribeStatus(out.exited, out.exit_status, out.term_signal);
  v.verified = child->Describe();
  std::vector<std::pair<std::string, uint64_t>> by_count(denied.begin(), denied.end());
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [name, count] : by_count) {
    v.denied.push_back(name + " x" + std::to_string(count));
  }
  v.same = child->exited == out.exited &&
           (child->exited ? child->exit_status == out.exit_status
                          : child->term_signal == out.term_signal) &&
           !child->killed_by_seccomp.has_value() && !child->sigsys.has_value() && denied.empty();
  return v;
}

// The names `after` allows that `before` does not allow at all (sorted).
std::vector<std::string> NewNames(const profile::Profile& before, const profile::Profile& after) {
  auto allowed = [](const profile::Profile& p) {
    std::set<std::string> names;
    for (const auto& r : p.syscalls) {
      if (r.action == profile::ActionKind::kAllow) names.insert(r.names.begin(), r.names.end());
    }
    return names;
  };
  std::set<std::string> old_names = allowed(before);
  std::vector<std::string> out;
  for (const auto& n : allowed(after)) {
    if (old_names.count(n) == 0) out.push_back(n);
  }
  return out;
}

}  // namespace

Result<RecordOutcome> RunRecord(const RecordOptions& options) {
  int targets = (options.command.empty() ? 0 : 1) + (options.pid != 0 ? 1 : 0) +
                (options.cgroup.empty() ? 0 : 1);
  if (targets != 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "give exactly one of: -- COMMAND ARGS..., --pid PID, --cgroup PATH");
  }
  if (!options.cgroup.empty() && options.backend == BackendKind::kPtrace) {
    return Fail(ErrorCode::kInvalidArgument, "--cgroup needs the eBPF backend");
  }
  if (options.verify && options.command.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--verify needs a command to run again");
  }
  std::string exe;
  if (!options.command.empty()) {
    ASSIGN_OR_RETURN(exe, run::FindExecutable(options.command[0]));
  }
  if (options.pid != 0) RETURN_IF_ERROR(CheckPid(options.pid));
  std::string output = options.output;
  if (output.empty()) output = options.merge_into.empty() ? "-" : options.merge_into;
  RETURN_IF_ERROR(CheckWritable(output));
  std::optional<profile::Profile> earlier;
  if (!options.merge_into.empty()) {
    Diagnostics diags;
    auto loaded = profile::LoadProfile(options.merge_into, profile::LoadOptions{}, diags);
    if (!loaded) {
      std::string msg = "cannot merge into '" + options.merge_into + "': " + loaded.error().message;
      return Fail(loaded.error().code, msg, loaded.error().sys_errno);
    }
    earlier = std::move(*loaded);
    // A profile that cannot be merged is refused now, before the workload runs.
    RETURN_IF_ERROR(profile::MergeAllowlists({*earlier}));
  }
  // Iterative mode needs a set of known syscalls and a command to install the filter in.
  std::optional<KnownSyscalls> known;
  if (options.iterative == IterativeMode::kOn) {
    if (!earlier) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--iterative needs --merge-into FILE: its syscalls are the ones not traced");
    }
    if (options.command.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--iterative needs a command to launch: a filter cannot be put into a process "
                  "that is already running");
    }
    if (options.backend == BackendKind::kEbpf) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--iterative is a ptrace mode; the eBPF backend sees every call without "
                  "stopping the workload");
    }
  }
  const bool want_iterative =
      options.iterative == IterativeMode::kOn ||
      (options.iterative == IterativeMode::kAuto && earlier && !options.command.empty());
  if (want_iterative) {
    ASSIGN_OR_RETURN(known, KnownFromProfile(*earlier, options.args));
  }

  RecordOutcome out;
  out.written_to = output;
  {
    StopSignals signals(options.stop);
    bool done = false;
    if (options.backend != BackendKind::kPtrace && options.iterative != IterativeMode::kOn) {
      auto r = RecordEbpf(options, exe, out);
      if (r) {
        out.backend = "ebpf";
        done = true;
      } else {
        const Error& e = r.error();
        bool load_problem = e.code == ErrorCode::kPermission || e.code == ErrorCode::kKernel ||
                            e.code == ErrorCode::kUnsupportedArch;
        // The workload already ran (or a --cgroup cannot be traced otherwise): no fallback.
        if (options.backend == BackendKind::kEbpf || !load_problem || out.launched ||
            !options.cgroup.empty()) {
          return Fail(e);
        }
        out.fallback_reason = e.message;
      }
    }
    if (!done) {
      RETURN_IF_ERROR(RecordPtrace(options, known, out));
      out.backend = "ptrace";
    }
  }

  ProfileOptions popts;
  popts.runtime = options.runtime;
  popts.args = options.args;
  BuildNotes notes;
  out.profile = BuildProfile(out.recording, popts, &notes);
  for (const auto& [a, nr] : notes.unnamed) {
    out.warnings.push_back("syscall " + std::to_string(nr) + " on " +
                           std::string(arch::Info(a).name) +
                           " has no name in syscage's table and is not in the profile");
  }
  if (out.recording.dropped_args != 0) {
    out.warnings.push_back(std::to_string(out.recording.dropped_args) +
                           " argument values did not fit the kernel map");
  }
  if (earlier) {
    ASSIGN_OR_RETURN(out.profile, profile::MergeAllowlists({*earlier, out.profile}));
    out.new_syscalls = NewNames(*earlier, out.profile);
  }

  std::string text = options.format == OutputFormat::kSpo
                         ? profile::EmitSpoYaml(out.profile, SpoName(options))
                         : profile::EmitOciJson(out.profile);
  RETURN_IF_ERROR(WriteFileAtomic(output, text));

  if (options.verify) {
    ASSIGN_OR_RETURN(auto v, Verify(options, out));
    out.verify = std::move(v);
  }
  return out;
}

}  // namespace syscage::record
