// SPDX-License-Identifier: Apache-2.0
// `syscage trace [strace flags] COMMAND... | -p PID`: strace's command line mapped onto
// trace::TraceOptions; everything else is trace::RunTrace. Exits with the traced command's
// status (re-raising its fatal signal, as strace does).
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "syscage/cli/commands.h"
#include "syscage/record/ebpf_counter.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/find_command.h"
#include "syscage/trace/tracer.h"

namespace syscage::cli {
namespace {
struct TraceFlags {
  std::vector<std::string> pids;
  std::vector<std::string> exprs;
  std::string output;
  std::string sort = "time";
  std::string backend = "auto";
  int follow = 0;
  bool count = false;
  bool count_and_print = false;
  bool wall = false;
  int timestamps = 0;
  bool relative = false;
  bool syscall_times = false;
  int fd_paths = 0;
  bool only_successful = false;
  bool only_failed = false;
  bool seccomp = false;
  bool no_seccomp = false;
  bool json = false;
  int quiet = 0;
  size_t string_limit = 32;
} g_opts;
CLI::App* g_sub = nullptr;

// "1234", "1234,5678" or "1234 5678" (what `$(pidof x)` expands to when quoted).
bool ParsePids(const std::vector<std::string>& args, std::vector<pid_t>& out) {
  for (const auto& arg : args) {
    size_t i = 0;
    while (i < arg.size()) {
      while (i < arg.size() && (arg[i] == ',' || arg[i] == ' ')) ++i;
      if (i >= arg.size()) break;
      char* end = nullptr;
      long v = std::strtol(arg.c_str() + i, &end, 10);
      if (end == arg.c_str() + i || v <= 0 || (*end != '\0' && *end != ',' && *end != ' ')) {
        std::fprintf(stderr, "syscage: error: invalid process id: '%s'\n", arg.c_str());
        return false;
      }
      out.push_back(static_cast<pid_t>(v));
      i = static_cast<size_t>(end - arg.c_str());
    }
  }
  return true;
}

// Dies the way the traced command died (strace does the same), without a core of our own.
int ExitLikeCommand(int exit_status, int kill_signal) {
  fflush(stdout);
  fflush(stderr);
  if (kill_signal != 0) {
    rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(kill_signal, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, kill_signal);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(kill_signal);
    return 128 + kill_signal;
  }
  return exit_status;
}

int ReportError(const Error& error) {
  std::fprintf(stderr, "syscage: error: %s\n", error.ToString().c_str());
  return error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kNotFound
             ? kExitUsage
             : kExitRuntime;
}

// -c with the eBPF counter: the same table as the ptrace summary, filled from the kernel's
// counts, under a header line naming the backend. Returns nullopt when the counter cannot load
// and `fallback` allows ptrace instead (`why` then says what failed).
std::optional<int> CountWithEbpf(const trace::TraceOptions& o, bool fallback, std::string& why) {
  auto filter = trace::SyscallFilter::Parse(o.trace_exprs);
  if (!filter) return ReportError(filter.error());
  record::EbpfCountTarget target;
  target.command = o.command;
  target.attach_pids = o.attach_pids;
  target.follow_forks = o.follow_forks;
  if (!o.command.empty()) {
    auto path = trace::FindCommand(o.command[0]);
    if (!path) return ReportError(path.error());
    target.path = *path;
  }
  if (o.command.empty() && o.attach_pids.empty()) {
    return ReportError(Error{ErrorCode::kInvalidArgument, "must have PROG [ARGS] or -p PID", 0});
  }
  auto counter = record::EbpfCounter::Open(target);
  if (!counter) {
    if (fallback && counter.error().code != ErrorCode::kNotFound) {
      why = counter.error().message;
      return std::nullopt;
    }
    return ReportError(counter.error());
  }
  FILE* out = stderr;
  bool is_pipe = false;
  if (!o.output_file.empty()) {
    is_pipe = o.output_file[0] == '|' || o.output_file[0] == '!';
    out = is_pipe ? popen(o.output_file.c_str() + 1, "we") : fopen(o.output_file.c_str(), "we");
    if (out == nullptr) {
      return ReportError(
          SysError(ErrorCode::kInvalidArgument, "can't open '" + o.output_file + "'", errno));
    }
  }
  auto result = (*counter)->Run([&] {
    // strace -c -p says so too; with -o the summary goes to the file, messages to stderr.
    if (!o.printer.attach_messages) return;
    for (pid_t pid : o.attach_pids) std::fprintf(stderr, "syscage: Process %d attached\n", pid);
  });
  counter->reset();  // detach the programs before printing
  if (!result) {
    if (out != stderr) is_pipe ? pclose(out) : fclose(out);
    return ReportError(result.error());
  }
  trace::Summary summary(*filter, o.sort, o.wall_time);
  for (const auto& row : result->rows) {
    auto name = syscalls::NameOf(row.arch, row.nr);
    std::string n = name ? std::string(*name) : "syscall_" + std::to_string(row.nr);
    if (!filter->Matches(n)) continue;
    summary.Add(row.arch, n, {row.calls, row.errors, row.nanos});
  }
  if (o.json) {
    fputs(summary.RenderJson("ebpf").c_str(), out);
  } else {
    fputs("syscage: counted by the eBPF backend (in the kernel; the tracee never stopped)\n", out);
    fputs(summary.RenderText().c_str(), out);
  }
  if (out != stderr) is_pipe ? pclose(out) : fclose(out);
  return ExitLikeCommand(result->exit_status, result->kill_signal);
}

}  // namespace

void RegisterTrace(CLI::App& sub) {
  sub.description("trace the system calls of a command or process (strace's flags and output)");
  sub.add_flag("-c,--summary-only", g_opts.count, "count time, calls and errors per syscall");
  sub.add_flag("-C,--summary", g_opts.count_and_print, "like -c, and print the calls too");
  sub.add_option("-S,--summary-sort-by", g_opts.sort, "sort -c by time|calls|errors|name|nothing");
  sub.add_flag("-w,--summary-wall-clock", g_opts.wall, "-c: wall time in the call, not CPU time");
  sub.add_flag("-f,--follow-forks", g_opts.follow,
               "trace children and threads too (-ff with -o FILE: one FILE.PID per thread)");
  sub.add_option("-p,--attach", g_opts.pids, "attach to PID (repeatable, or a list)")
      ->allow_extra_args(false);
  sub.add_option("-o,--output", g_opts.output, "write the trace to FILE ('|cmd' pipes it)");
  sub.add_option("-e,--expr", g_opts.exprs,
                 "trace=SET (names, %class, !negation, /regex), status=SET, signal=SET")
      ->allow_extra_args(false);
  sub.add_option("-s,--string-limit", g_opts.string_limit, "string bytes to show (default 32)");
  sub.add_flag("-t,--absolute-timestamps", g_opts.timestamps,
               "time of day (-tt: with microseconds, -ttt: seconds since the epoch)");
  sub.add_flag("-r,--relative-timestamps", g_opts.relative, "time since the previous line");
  sub.add_flag("-T,--syscall-times", g_opts.syscall_times, "time spent in each call");
  sub.add_flag("-y,--decode-fds", g_opts.fd_paths, "show paths of file descriptors");
  sub.add_flag("-z,--successful-only", g_opts.only_successful, "only calls that succeeded");
  sub.add_flag("-Z,--failed-only", g_opts.only_failed, "only calls that failed");
  sub.add_flag("--seccomp-bpf", g_opts.seccomp,
               "stop only at the traced calls (default with -f and -e trace= when safe)");
  sub.add_flag("--no-seccomp-bpf", g_opts.no_seccomp, "always stop at every call");
  sub.add_option("--backend", g_opts.backend,
                 "-c counter: ebpf (in the kernel, never stops the tracee), ptrace, or auto (ebpf "
                 "for -c when it loads)");
  sub.add_flag("--json", g_opts.json, "-c summary as JSON");
  sub.add_flag("-q,--quiet", g_opts.quiet, "no attach/detach messages");
  // The command and everything after it belong to the command (its own flags included), as
  // with strace: CLI11 leaves them in remaining().
  sub.prefix_command();
  g_sub = &sub;
}

int RunTrace(const GlobalOptions& global) {
  trace::TraceOptions o;
  if (g_sub != nullptr) o.command = CommandLine(*g_sub, global);
  if (!ParsePids(g_opts.pids, o.attach_pids)) return kExitUsage;
  o.follow_forks = g_opts.follow > 0;
  o.count = g_opts.count;
  o.count_and_print = g_opts.count_and_print;
  o.wall_time = g_opts.wall;
  o.json = g_opts.json || global.json;
  auto sort = trace::ParseSortBy(g_opts.sort);
  if (!sort) {
    std::fprintf(stderr, "syscage: error: %s\n", sort.error().message.c_str());
    return kExitUsage;
  }
  o.sort = *sort;
  if (g_opts.backend == "ptrace") {
    o.count_backend = trace::CountBackend::kPtrace;
  } else if (g_opts.backend == "ebpf") {
    if (!o.count || o.count_and_print) {
      std::fprintf(stderr, "syscage: error: --backend ebpf only counts: use it with -c\n");
      return kExitUsage;
    }
  } else if (g_opts.backend != "auto") {
    std::fprintf(stderr, "syscage: error: --backend: ebpf, ptrace or auto\n");
    return kExitUsage;
  }
  for (const auto& e : g_opts.exprs) {
    // strace's -e: "trace=x", "t=x", "status=x", or a bare set meaning trace=.
    const size_t eq = e.find('=');
    const std::string key = eq == std::string::npos ? "trace" : e.substr(0, eq);
    const std::string value = eq == std::string::npos ? e : e.substr(eq + 1);
    if (key == "trace" || key == "t") {
      o.trace_exprs.push_back(value);
    } else if (key == "status") {
      o.status_expr = value;
    } else if (key == "signal" || key == "signals" || key == "s") {
      o.signal_expr = value;
    } else {
      std::fprintf(stderr,
                   "syscage: error: -e %s: unsupported qualifier '%s' (trace, status, signal)\n",
                   e.c_str(), key.c_str());
      return kExitUsage;
    }
  }
  if (g_opts.only_successful) o.status_expr = "successful";
  if (g_opts.only_failed) o.status_expr = g_opts.only_successful ? "all" : "failed";
  o.output_file = g_opts.output;
  o.output_per_thread = g_opts.follow >= 2;
  o.printer.decode.string_limit = g_opts.string_limit;
  o.printer.decode.fd_paths = g_opts.fd_paths > 0;
  o.printer.timestamps = g_opts.timestamps >= 3   ? trace::Timestamps::kEpoch
                         : g_opts.timestamps == 2 ? trace::Timestamps::kMicros
                         : g_opts.timestamps == 1 ? trace::Timestamps::kSeconds
                                                  : trace::Timestamps::kNone;
  o.printer.relative = g_opts.relative;
  o.printer.syscall_times = g_opts.syscall_times;
  o.printer.attach_messages = g_opts.quiet == 0;
  if (g_opts.seccomp && g_opts.no_seccomp) {
    std::fprintf(stderr, "syscage: error: --seccomp-bpf and --no-seccomp-bpf exclude each other\n");
    return kExitUsage;
  }
  o.seccomp = g_opts.seccomp      ? trace::SeccompMode::kOn
              : g_opts.no_seccomp ? trace::SeccompMode::kOff
                                  : trace::SeccompMode::kAuto;

  // -c alone needs no stops: count in the kernel when possible (issue 5 item 4).
  std::string no_ebpf;
  if (o.count && !o.count_and_print && g_opts.backend != "ptrace") {
    if (auto code = CountWithEbpf(o, g_opts.backend == "auto", no_ebpf)) return *code;
  }
  if (!no_ebpf.empty()) {
    std::fprintf(stderr,
                 "syscage: note: counting with ptrace: the eBPF counter is unavailable (%s)\n",
                 no_ebpf.c_str());
  }
  auto result = trace::RunTrace(o);
  if (!result) return ReportError(result.error());
  return ExitLikeCommand(result->exit_status, result->kill_signal);
}

}  // namespace syscage::cli
