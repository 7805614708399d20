// SPDX-License-Identifier: Apache-2.0
// RunTrace: options -> filters -> backend (ptrace, with a seccomp filter when -e trace= narrows
// the set) -> sinks. SIGINT/SIGTERM/SIGHUP/SIGQUIT detach cleanly:
// attached processes keep running; a launched command also gets a signal sent to the tracer
// alone (not a terminal's, which it received itself), as strace's cleanup() does.
#include "syscage/trace/tracer.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>

#include "syscage/base/log.h"
#include "syscage/base/scope_exit.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/ptrace/ptrace_backend.h"

namespace syscage::trace {
namespace {

std::atomic<Backend*> g_backend{nullptr};
std::atomic<pid_t> g_launched{0};

void OnFatalSignal(int sig, siginfo_t* info, void*) {
  const pid_t child = g_launched.load();
  if (child > 0 && info != nullptr && info->si_code != SI_KERNEL) {
    kill(child, SIGCONT);
    kill(child, sig);
  }
  if (Backend* b = g_backend.load()) b->RequestStop();
}

constexpr int kFatalSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

bool HasCapSysAdmin() {
  FILE* f = fopen("/proc/self/status", "re");
  if (f == nullptr) return false;
  char line[256];
  unsigned long long caps = 0;
  while (fgets(line, sizeof(line), f) != nullptr) {
    if (std::strncmp(line, "CapEff:", 7) == 0) caps = std::strtoull(line + 7, nullptr, 16);
  }
  fclose(f);
  return (caps >> 21) & 1;  // CAP_SYS_ADMIN
}

struct Output {
  FILE* file = stderr;
  bool is_pipe = false;
  ~Output() {
    if (file == stderr) {
      fflush(stderr);
    } else if (is_pipe) {
      pclose(file);
    } else if (file != nullptr) {
      fclose(file);
    }
  }
};

Result<> OpenOutput(const std::string& path, Output& out) {
  if (path.empty()) return Ok{};
  if (path[0] == '|' || path[0] == '!') {
    out.file = popen(path.c_str() + 1, "we");
    out.is_pipe = true;
  } else {
    out.file = fopen(path.c_str(), "we");
  }
  if (out.file == nullptr) {
    out.file = stderr;
    return Fail(SysError(ErrorCode::kInvalidArgument, "can't open '" + path + "'", errno));
  }
  static thread_local char buffer[1 << 16];
  setvbuf(out.file, buffer, _IOFBF, sizeof(buffer));
  return Ok{};
}

}  // namespace

Result<TraceOutcome> RunTrace(const TraceOptions& options) {
  if (options.command.empty() && options.attach_pids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "must have PROG [ARGS] or -p PID");
  }
  if (!options.command.empty() && !options.attach_pids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give either a command or -p PID, not both");
  }
  ASSIGN_OR_RETURN(SyscallFilter filter, SyscallFilter::Parse(options.trace_exprs));
  StatusFilter status;
  if (!options.status_expr.empty()) {
    ASSIGN_OR_RETURN(status, StatusFilter::Parse(options.status_expr));
  }
  SignalFilter signals;
  if (!options.signal_expr.empty()) {
    ASSIGN_OR_RETURN(signals, SignalFilter::Parse(options.signal_expr));
  }
  const bool counting = options.count || options.count_and_print;
  const bool printing = !options.count || options.count_and_print;

  // -ff: the printer opens FILE.TID itself; a -C summary then goes to stderr.
  const bool per_thread = options.output_per_thread && !options.output_file.empty() &&
                          options.output_file[0] != '|' && options.output_file[0] != '!';
  Output out;
  if (!per_thread) RETURN_IF_ERROR(OpenOutput(options.output_file, out));

  TraceOutcome outcome;
  Target target;
  target.command = options.command;
  target.attach_pids = options.attach_pids;
  target.follow_forks = options.follow_forks;
  if (!options.command.empty() && !filter.IsAll() && options.seccomp != SeccompMode::kOff) {
    const bool cap = HasCapSysAdmin();
    bool use = false;
    if (!options.follow_forks) {
      // Untraced children would inherit the filter and see ENOSYS for the traced calls.
      if (options.seccomp == SeccompMode::kOn) {
        LOG_W("--seccomp-bpf needs -f (children inherit the filter); not using it");
      }
    } else if (options.seccomp == SeccompMode::kOn) {
      use = true;
      target.seccomp_no_new_privs = !cap;
    } else {
      // Default on only where it changes nothing for the tracee: without CAP_SYS_ADMIN the
      // filter needs no_new_privs, which would stop setuid programs from gaining privileges.
      use = cap;
    }
    if (use) {
      std::vector<Target::SeccompSet> sets;
      for (arch::Arch a : arch::CompatArchs(arch::NativeArch())) {
        if (!syscalls::HasTable(a)) continue;
        sets.push_back({a, filter.NumbersFor(a)});
      }
      target.seccomp = std::move(sets);
    }
  }

  auto backend = std::make_unique<PtraceBackend>();
  outcome.backend = "ptrace";

  std::unique_ptr<Printer> printer;
  std::unique_ptr<Summary> summary;
  std::vector<Sink*> sinks;
  if (printing) {
    PrinterOptions po = options.printer;
    po.follow_forks = options.follow_forks;
    po.to_file = !options.output_file.empty();
    po.flush_each_event = out.file == stderr || isatty(fileno(out.file));
    po.attach_messages =
        !options.attach_pids.empty() || (options.follow_forks && options.output_file.empty());
    po.status = status;
    po.signals = signals;
    if (per_thread) {
      po.per_thread_path = options.output_file;
      po.flush_each_event = false;
    }
    printer = std::make_unique<Printer>(out.file, backend->memory(), filter, po);
    sinks.push_back(printer.get());
  }
  if (counting) {
    summary = std::make_unique<Summary>(filter, options.sort, options.wall_time);
    sinks.push_back(summary.get());
  }

  // Handlers go in before Start so an early Ctrl-C detaches instead of killing the tracer.
  struct sigaction sa {};
  sa.sa_sigaction = OnFatalSignal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  struct sigaction old[std::size(kFatalSignals)];
  for (size_t i = 0; i < std::size(kFatalSignals); ++i) {
    sigaction(kFatalSignals[i], &sa, &old[i]);
  }
  g_backend.store(backend.get());
  ScopeExit restore([&] {
    g_backend.store(nullptr);
    g_launched.store(0);
    for (size_t i = 0; i < std::size(kFatalSignals); ++i) {
      sigaction(kFatalSignals[i], &old[i], nullptr);
    }
  });

  RETURN_IF_ERROR(backend->Start(target));
  const pid_t launched = backend->launched_pid();
  g_launched.store(launched);

  for (;;) {
    auto next = backend->Next();
    if (!next) {
      backend->Stop();
      return Fail(next.error());
    }
    if (!*next) break;
    const Event& e = **next;
    if (launched != 0 && e.tid == launched) {
      if (e.kind == EventKind::kExited) outcome.exit_status = e.exit_status;
      if (e.kind == EventKind::kKilled) outcome.kill_signal = e.signo;
    }
    for (Sink* s : sinks) s->OnEvent(e);
  }
  for (Sink* s : sinks) s->Finish();
  if (summary) {
    fputs(options.json ? summary->RenderJson("ptrace").c_str() : summary->RenderText().c_str(),
          out.file);
  }
  return outcome;
}

}  // namespace syscage::trace
