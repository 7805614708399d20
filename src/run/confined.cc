// SPDX-License-Identifier: Apache-2.0
// The enforcer: fork, (optionally) PTRACE_SEIZE, let the child install the program and exec,
// then wait and say how the command ended. Parent and child talk over a SOCK_SEQPACKET pair
// whose child end is close-on-exec: an error message means the command was not run, end of
// file means execve succeeded (or the child died first, which waitpid then tells).
#include "syscage/run/confined.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "syscage/arch/arch.h"
#include "syscage/base/files.h"
#include "syscage/base/log.h"
#include "syscage/base/scope_exit.h"
#include "syscage/run/denial_report.h"
#include "syscage/run/send_fd.h"
#include "syscage/run/tracee_syscall.h"

namespace syscage::run {
namespace {

// si_code of a seccomp SIGSYS (SYS_SECCOMP, include/uapi/asm-generic/siginfo.h).
constexpr int kSysSeccomp = 1;

enum Stage : int32_t { kStageInstall = 1, kStageListener = 2, kStageExec = 3 };
struct ChildMsg {
  int32_t stage;
  int32_t err;
};

// ---- child side: system calls only, no allocation (we may have forked a threaded process) ----

void ChildReport(int sock, int32_t stage, int err, int fd = -1) {
  ChildMsg m{stage, err};
  SendWithFd(sock, &m, sizeof(m), fd);
}

bool ChildWaitGo(int sock) {
  char go = 0;
  ssize_t n;
  while ((n = recv(sock, &go, 1, 0)) < 0 && errno == EINTR) {
  }
  return n == 1;
}

[[noreturn]] void ChildMain(int sock, const sock_fprog* prog, unsigned flags, bool no_new_privs,
                            bool listener, char* const* argv) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (!ChildWaitGo(sock)) _exit(127);  // the parent is gone
  if (prog != nullptr) {
    long r = InstallFilterRaw(*prog, flags, no_new_privs);
    if (r < 0) {
      ChildReport(sock, kStageInstall, static_cast<int>(-r));
      _exit(127);
    }
    if (listener) {
      int fd = static_cast<int>(r);
      ChildReport(sock, kStageListener, 0, fd);
      close(fd);
      if (!ChildWaitGo(sock)) _exit(127);  // the agent did not get it: do not run
    }
  }
  execvp(argv[0], argv);
  int err = errno;
  ChildReport(sock, kStageExec, err);
  _exit(err == ENOENT ? 127 : 126);
}

// ---- parent side ----

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string ArchText(uint32_t audit_arch) {
  if (audit_arch == 0) return "unknown arch";
  auto arch = arch::ArchFromAudit(audit_arch);
  if (arch) return std::string(arch::Info(*arch).name);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "arch 0x%x", audit_arch);
  return buf;
}

// What the supervisor needs for --report / --complain (denials.h).
struct Supervision {
  DenialMode mode = DenialMode::kEnforce;
  std::vector<uint32_t> original_actions;  // indexed by the rewritten TRACE data
  const std::function<void(const DeniedCall&)>* on_denied = nullptr;
};

class Supervisor {
 public:
  Supervisor(pid_t pid, bool tracing, Supervision supervision)
      : pid_(pid), tracing_(tracing), sv_(std::move(supervision)) {}
  bool tracing() const { return tracing_; }
  bool supervising() const { return sv_.mode != DenialMode::kEnforce; }

  // Handles one ptrace stop of `tid` and resumes it.
  void HandleStop(pid_t tid, int status) {
    int sig = WSTOPSIG(status);
    int event = static_cast<int>(static_cast<unsigned>(status) >> 16);
    if (event == PTRACE_EVENT_STOP) {
      bool group_stop = sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
      ptrace(group_stop ? PTRACE_LISTEN : PTRACE_CONT, tid, nullptr, nullptr);
    } else if (event == PTRACE_EVENT_EXIT) {
      OnExitStop(tid);
      ptrace(PTRACE_CONT, tid, nullptr, nullptr);
    } else if (event == PTRACE_EVENT_SECCOMP) {
      OnSeccompStop(tid);
      ptrace(PTRACE_CONT, tid, nullptr, nullptr);
    } else if (event == 0) {
      siginfo_t si{};
      if (sig == SIGSYS && ptrace(PTRACE_GETSIGINFO, tid, nullptr, &si) == 0 &&
          si.si_code == kSysSeccomp) {
        SigsysReport r;
        r.source = SigsysReport::Source::kTrapSignal;
        r.tid = tid;
        r.nr = si.si_syscall;
        r.audit_arch = si.si_arch;
        r.data = static_cast<uint32_t>(si.si_errno);
        outcome_.sigsys = r;
        if (sv_.mode == DenialMode::kReport) {
          DeniedCall call = CallFromStop(tid, CallAtSignalOrExitStop(tid));
          call.audit_arch = si.si_arch;
          call.nr = si.si_syscall;
          call.outcome = DeniedCall::Outcome::kTrapped;
          call.action = SECCOMP_RET_TRAP | (r.data & SECCOMP_RET_DATA);
          call.action_known = true;
          Report(call);
        }
      }
      ptrace(PTRACE_CONT, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(sig)));
    } else {
      ptrace(PTRACE_CONT, tid, nullptr, nullptr);  // clone events
    }
  }

  // Waits for stops and exits until the command is gone (when supervising: until every traced
  // process is gone, so their denied calls are still handled).
  Result<ChildOutcome> WaitForExit() {
    if (reaped_ && !supervising()) return outcome_;
    for (;;) {
      int status = 0;
      pid_t w = waitpid(tracing_ ? -1 : pid_, &status, tracing_ ? __WALL : 0);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == ECHILD && reaped_) return outcome_;  // no traced process is left
        return Fail(ErrorCode::kInternal, "waitpid for the confined command", errno);
      }
      if (WIFSTOPPED(status)) {
        if (tracing_) HandleStop(w, status);
        continue;
      }
      if (w != pid_) continue;  // another traced thread or process ended
      Finish(status);
      if (!supervising()) return outcome_;
    }
  }

  // Handles pending stops without blocking; true when the child is already gone.
  bool PollStops() {
    for (;;) {
      int status = 0;
      pid_t w = waitpid(pid_, &status, WNOHANG | __WALL);
      if (w <= 0) return false;
      if (WIFSTOPPED(status)) {
        if (tracing_) HandleStop(w, status);
        continue;
      }
      Finish(status);
      return true;
    }
  }

  // Kills the child (used when the command must not run) and reaps it.
  void KillAndReap() {
    if (reaped_) return;
    kill(pid_, SIGKILL);
    for (;;) {
      int status = 0;
      pid_t w = waitpid(pid_, &status, __WALL);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 || !WIFSTOPPED(status)) break;
      if (tracing_) HandleStop(w, status);
    }
    reaped_ = true;
  }

 private:
  void Finish(int status) {
    reaped_ = true;
    outcome_.pid = pid_;
    if (WIFEXITED(status)) {
      outcome_.exited = true;
      outcome_.exit_status = WEXITSTATUS(status);
    } else {
      outcome_.term_signal = WTERMSIG(status);
      outcome_.core_dumped = WCOREDUMP(status);
    }
  }

  void OnExitStop(pid_t tid) {
    unsigned long msg = 0;
    if (ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &msg) != 0) return;
    int exit_status = static_cast<int>(msg);
    if (!WIFSIGNALED(exit_status) || WTERMSIG(exit_status) != SIGSYS) return;
    // Only a seccomp kill leaves the thread in SECCOMP_MODE_DEAD (3); a SIGSYS sent by kill(2)
    // or an unhandled TRAP does not.
    auto status = ReadFile("/proc/" + std::to_string(tid) + "/status");
    if (!status || status->find("\nSeccomp:\t3\n") == std::string::npos) return;
    StoppedCall stopped = CallAtSignalOrExitStop(tid);
    SigsysReport r;
    r.source = SigsysReport::Source::kKillExit;
    r.tid = tid;
    r.nr = static_cast<int>(stopped.nr);
    r.audit_arch = stopped.audit_arch;
    outcome_.sigsys = r;
    outcome_.killed_by_seccomp = r;
    if (sv_.mode == DenialMode::kReport) {
      DeniedCall call = CallFromStop(tid, stopped);
      call.outcome = DeniedCall::Outcome::kKilled;
      Report(call);  // the kernel does not say which kill action: action_known stays false
    }
  }

  // A call the rewritten program sent to us (denials.h): report it, then do what the profile
  // says (report) or let it run (complain).
  void OnSeccompStop(pid_t tid) {
    unsigned long data = 0;
    if (ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &data) != 0) return;
    // A TRACE from a filter the command installed itself is not ours: let it be.
    if (!supervising() || data >= sv_.original_actions.size()) return;
    DeniedCall call = CallFromStop(tid, CallAtSeccompStop(tid));
    call.action = sv_.original_actions[data];
    call.action_known = true;
    if (sv_.mode == DenialMode::kComplain) {
      call.outcome = DeniedCall::Outcome::kAllowed;
    } else {
      call.outcome = DeniedCall::Outcome::kErrno;
      call.errno_returned = ErrnoOfAction(call.action);
      if (!SkipCallWithErrno(tid, call.errno_returned)) {
        // Fail closed: a call we cannot skip must not run (the thread may be gone already).
        PLOG_W("cannot skip a denied call of thread {}; killing it", tid);
        syscall(SYS_tgkill, ThreadGroupOf(tid), tid, SIGKILL);
      }
    }
    Report(call);
  }

  DeniedCall CallFromStop(pid_t tid, const StoppedCall& stopped) const {
    DeniedCall call;
    call.tid = tid;
    call.pid = ThreadGroupOf(tid);
    call.audit_arch = stopped.audit_arch;
    call.nr = stopped.nr;
    call.args = stopped.args;
    call.args_known = stopped.args_known;
    return call;
  }

  void Report(const DeniedCall& call) {
    ++outcome_.denied_calls;
    if (sv_.on_denied != nullptr && *sv_.on_denied) (*sv_.on_denied)(call);
  }

  pid_t pid_;
  bool tracing_;
  Supervision sv_;
  bool reaped_ = false;
  ChildOutcome outcome_;
};

Error ChildError(const ChildMsg& m, const std::string& command) {
  if (m.stage == kStageInstall) {
    return SysError(m.err == EACCES ? ErrorCode::kPermission : ErrorCode::kKernel,
                    "installing the seccomp filter failed, '" + command + "' was not run", m.err);
  }
  if (m.err == ENOENT) return SysError(ErrorCode::kNotFound, command + ": command not found", 0);
  return SysError(m.err == EACCES ? ErrorCode::kPermission : ErrorCode::kKernel,
                  "executing " + command, m.err);
}

// Restores SIGINT/SIGQUIT on scope exit: while the command runs, the terminal's ^C is for it
// (system(3) does the same).
class IgnoreInteractiveSignals {
 public:
  IgnoreInteractiveSignals() {
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int_);
    sigaction(SIGQUIT, &ign, &old_quit_);
  }
  ~IgnoreInteractiveSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGQUIT, &old_quit_, nullptr);
  }
  IgnoreInteractiveSignals(const IgnoreInteractiveSignals&) = delete;
  IgnoreInteractiveSignals& operator=(const IgnoreInteractiveSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_quit_ {};
};

}  // namespace

int ChildOutcome::ShellStatus() const { return exited ? exit_status : 128 + term_signal; }

std::string ChildOutcome::Describe() const {
  if (exited) return "exited with status " + std::to_string(exit_status);
  std::string out = "killed by " + SignalName(term_signal);
  const std::optional<SigsysReport>& why =
      killed_by_seccomp ? killed_by_seccomp : (term_signal == SIGSYS ? sigsys : std::nullopt);
  if (why) {
    out += why->source == SigsysReport::Source::kKillExit ? " (seccomp kill" : " (seccomp trap";
    out += why->nr >= 0 ? " at syscall " + std::to_string(why->nr) : std::string();
    out += ", " + ArchText(why->audit_arch) + ")";
  }
  if (core_dumped) out += ", core dumped";
  return out;
}

Result<std::string> FindExecutable(const std::string& argv0) {
  if (argv0.empty()) return Fail(ErrorCode::kNotFound, "empty command name");
  auto check = [](const std::string& path) -> int {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return errno;
    if (S_ISDIR(st.st_mode)) return EACCES;
    return access(path.c_str(), X_OK) == 0 ? 0 : errno;
  };
  if (argv0.find('/') != std::string::npos) {
    int err = check(argv0);
    if (err == 0) return argv0;
    if (err == ENOENT || err == ENOTDIR) {
      return Fail(ErrorCode::kNotFound, argv0 + ": command not found");
    }
    return Fail(err == EACCES ? ErrorCode::kPermission : ErrorCode::kKernel, argv0, err);
  }
  // glibc's execvp uses confstr(_CS_PATH) ("/bin:/usr/bin") when PATH is unset.
  const char* env = std::getenv("PATH");
  std::string path = env ? env : "/bin:/usr/bin";
  bool denied = false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + argv0;
    int err = check(candidate);
    if (err == 0) return candidate;
    if (err == EACCES) denied = true;
    start = end + 1;
  }
  if (denied) return Fail(ErrorCode::kPermission, argv0, EACCES);
  return Fail(ErrorCode::kNotFound, argv0 + ": command not found");
}

Result<ChildOutcome> RunConfined(const RunSpec& spec) {
  if (spec.argv.empty()) return Fail(ErrorCode::kInvalidArgument, "no command to run");
  bool confined = !spec.program.empty();
  unsigned flags = 0;
  bool listener = false;
  // --report / --complain: the program with its denying returns sent to the supervisor. Plain
  // `run` (kEnforce) keeps the compiled program as is and never looks at this.
  Supervision supervision;
  std::vector<sock_filter> rewritten;
  const std::vector<sock_filter>* program = &spec.program;
  if (confined && spec.denials != DenialMode::kEnforce) {
    ASSIGN_OR_RETURN(auto supervised, RewriteForSupervision(spec.program, spec.denials));
    if (spec.denials == DenialMode::kReport && !supervised.original_actions.empty() &&
        !CanSkipCalls()) {
      return Fail(ErrorCode::kUnsupportedArch,
                  "--report cannot return errno values on this host architecture yet");
    }
    rewritten = std::move(supervised.program);
    program = &rewritten;
    supervision.mode = spec.denials;
    supervision.original_actions = std::move(supervised.original_actions);
    supervision.on_denied = &spec.on_denied;
  }
  if (confined) {
    if (spec.program.size() > 4096) {
      return Fail(ErrorCode::kLimitExceeded, "seccomp program exceeds BPF_MAXINSNS (4096)");
    }
    ASSIGN_OR_RETURN(flags, SeccompFlags(spec.install, *program));
    listener = (flags & (1u << 3)) != 0;  // SECCOMP_FILTER_FLAG_NEW_LISTENER
    if (listener && spec.listener_path.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the profile has SCMP_ACT_NOTIFY rules but no listenerPath: nothing would "
                  "answer the notifications, refusing to run");
    }
  }
  // Fail early and clearly on "command not found"; the child still execs with execvp.
  RETURN_IF_ERROR(FindExecutable(spec.argv[0]));

  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  sock_fprog prog{static_cast<unsigned short>(program->size()),
                  const_cast<sock_filter*>(program->data())};

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return Fail(ErrorCode::kKernel, "socketpair", errno);
  }
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(sv[0]);
    close(sv[1]);
    return Fail(ErrorCode::kKernel, "fork", err);
  }
  if (pid == 0) {
    close(sv[0]);
    ChildMain(sv[1], confined ? &prog : nullptr, flags, spec.install.no_new_privs, listener,
              argv.data());
  }
  close(sv[1]);
  int sock = sv[0];
  ScopeExit close_sock([sock] { close(sock); });
  IgnoreInteractiveSignals ignore_signals;

  bool tracing = false;
  bool supervising = supervision.mode != DenialMode::kEnforce;
  if (spec.report_sigsys || supervising) {
    long options = PTRACE_O_TRACEEXIT | PTRACE_O_TRACECLONE;
    if (supervising) {
      options |=
          PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_EXITKILL;
    }
    tracing = ptrace(PTRACE_SEIZE, pid, nullptr, reinterpret_cast<void*>(options)) == 0;
    if (!tracing && supervising) {
      int err = errno;
      kill(pid, SIGKILL);
      while (waitpid(pid, nullptr, __WALL) < 0 && errno == EINTR) {
      }
      return Fail(err == EPERM ? ErrorCode::kPermission : ErrorCode::kKernel,
                  std::string("--") + DenialModeName(supervision.mode) +
                      " needs to ptrace the command, which is not allowed here; it was not run",
                  err);
    }
    if (!tracing) PLOG_W("cannot ptrace the command; a SIGSYS will not name its syscall");
  }
  Supervisor supervisor(pid, tracing, std::move(supervision));
  char go = 1;
  if (send(sock, &go, 1, MSG_NOSIGNAL) != 1) {
    supervisor.KillAndReap();
    return Fail(ErrorCode::kInternal, "the child vanished before starting", errno);
  }

  // Until execve: error reports, the listener hand-over, and (when tracing) stops to resume.
  for (;;) {
    pollfd pfd{sock, POLLIN, 0};
    int ready = poll(&pfd, 1, tracing ? 20 : -1);
    if (ready < 0 && errno != EINTR) {
      supervisor.KillAndReap();
      return Fail(ErrorCode::kInternal, "poll", errno);
    }
    if (ready <= 0) {
      if (supervisor.PollStops()) break;
      continue;
    }
    ChildMsg msg{};
    iovec iov{&msg, sizeof(msg)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr mh{};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control;
    mh.msg_controllen = sizeof(control);
    ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of file: execve closed the child's end, or the child died
    if (msg.stage != kStageListener) {
      supervisor.KillAndReap();
      return Fail(ChildError(msg, spec.argv[0]));
    }
    int fd = -1;
    if (cmsghdr* c = CMSG_FIRSTHDR(&mh); c != nullptr && c->cmsg_type == SCM_RIGHTS) {
      std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
    }
    if (fd < 0) {
      supervisor.KillAndReap();
      return Fail(ErrorCode::kInternal, "the notify listener fd did not arrive");
    }
    auto sent = SendListenerFd(spec.listener_path, ContainerProcessState(spec, pid), fd);
    close(fd);
    if (!sent) {
      supervisor.KillAndReap();
      Error e = sent.error();
      e.message += " (the command was not run)";
      return Fail(e);
    }
    if (send(sock, &go, 1, MSG_NOSIGNAL) != 1) break;  // child gone: waitpid tells how
  }
  return supervisor.WaitForExit();
}

}  // namespace syscage::run
