// SPDX-License-Identifier: Apache-2.0
// PtraceBackend: one waitpid(__WALL) loop over every traced thread. Each stop becomes an Event;
// the thread stays stopped (hold_) until the next Next(), which resumes it with the right
// request: PTRACE_SYSCALL (or PTRACE_CONT under a seccomp filter, between calls), PTRACE_LISTEN
// for group-stops (so the tracee stays stopped like it would untraced), and the pending signal
// for signal-delivery-stops (so the tracee gets every signal it would get untraced).
#include "syscage/trace/ptrace/ptrace_backend.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "syscage/base/log.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/find_command.h"
#include "syscage/trace/ptrace/process_memory.h"
#include "syscage/trace/seccomp_filter.h"

namespace syscage::trace {
namespace {

constexpr int kOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
constexpr int kForkOptions = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;

// glibc's ptrace() takes an enum; requests are kept as int here (PTRACE_LISTEN etc. in Hold).
long Ptrace(int request, pid_t tid, uintptr_t addr, void* data) {
  return ptrace(static_cast<enum __ptrace_request>(request), tid, addr, data);
}
long Ptrace(int request, pid_t tid, uintptr_t addr, uintptr_t data) {
  return Ptrace(request, tid, addr, reinterpret_cast<void*>(data));
}

timespec Now(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts;
}

// The thread group of `tid` from /proc (threads created by clone(CLONE_THREAD)).
pid_t TgidOf(pid_t tid) {
  std::string path = "/proc/" + std::to_string(tid) + "/status";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tid;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return tid;
  buf[n] = '\0';
  const char* p = strstr(buf, "\nTgid:");
  return p != nullptr ? static_cast<pid_t>(strtol(p + 6, nullptr, 10)) : tid;
}

std::vector<pid_t> TasksOf(pid_t pid) {
  std::vector<pid_t> out;
  std::string path = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return out;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9') {
      out.push_back(static_cast<pid_t>(strtol(e->d_name, nullptr, 10)));
    }
  }
  closedir(dir);
  return out;
}

}  // namespace

PtraceBackend::PtraceBackend() : memory_(std::make_unique<ProcessMemory>()) {}

PtraceBackend::~PtraceBackend() { Stop(); }

TraceeMemory& PtraceBackend::memory() { return *memory_; }

void PtraceBackend::RequestStop() { stop_requested_.store(true); }

PtraceBackend::Thread& PtraceBackend::NewThread(pid_t tid) {
  Thread& t = threads_[tid];
  t.tgid = TgidOf(tid);
  return t;
}

Result<> PtraceBackend::Start(const Target& target) {
  follow_ = target.follow_forks;
  if (!target.command.empty()) return Launch(target);
  if (target.attach_pids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "nothing to trace: give a command or -p PID");
  }
  for (pid_t pid : target.attach_pids) RETURN_IF_ERROR(AttachProcess(pid));
  return Ok{};
}

Result<> PtraceBackend::Launch(const Target& target) {
  ASSIGN_OR_RETURN(std::string path, FindCommand(target.command[0]));
  std::vector<sock_filter> filter;
  if (target.seccomp) {
    ASSIGN_OR_RETURN(filter, BuildTraceFilter(*target.seccomp));
    seccomp_ = true;
  }
  std::vector<char*> argv;
  for (const auto& a : target.command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) return Fail(SysError(ErrorCode::kKernel, "pipe2", errno));
  pid_t pid = fork();
  if (pid < 0) return Fail(SysError(ErrorCode::kKernel, "fork", errno));
  if (pid == 0) {
    // The child waits until the tracer has seized it, so execve is the first call it sees.
    close(go[1]);
    char c;
    while (read(go[0], &c, 1) < 0 && errno == EINTR) {
    }
    close(go[0]);
    if (!filter.empty()) {
      int err = InstallFilter(filter, target.seccomp_no_new_privs);
      if (err != 0) {
        const char msg[] = "syscage: error: cannot install the --seccomp-bpf filter\n";
        (void)!write(2, msg, sizeof(msg) - 1);
        _exit(127);
      }
    }
    execv(path.c_str(), argv.data());
    const char msg[] = "syscage: error: execve failed\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    _exit(127);
  }
  close(go[0]);
  launched_ = pid;
  int options = kOptions | (follow_ ? kForkOptions : 0) | (seccomp_ ? PTRACE_O_TRACESECCOMP : 0);
  // If the tracer dies, the launched command must not keep running under a trace filter whose
  // SECCOMP_RET_TRACE calls would fail with ENOSYS.
  if (seccomp_) options |= PTRACE_O_EXITKILL;
  if (Ptrace(PTRACE_SEIZE, pid, 0, options) != 0) {
    int err = errno;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(go[1]);
    return Fail(SysError(err == EPERM ? ErrorCode::kPermission : ErrorCode::kKernel,
                         "ptrace(PTRACE_SEIZE) of the launched command", err));
  }
  Thread& t = threads_[pid];
  t.tgid = pid;
  t.hidden = true;
  // Stop it once (it is blocked in read), so it runs on with our resume request.
  Ptrace(PTRACE_INTERRUPT, pid, 0, uintptr_t{0});
  int status = 0;
  while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {
  }
  Resume(pid, ResumeRequest(t), 0);
  (void)!write(go[1], "g", 1);
  close(go[1]);
  return Ok{};
}

Result<> PtraceBackend::AttachProcess(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) {
    return Fail(SysError(ErrorCode::kNotFound, "attach: no process " + std::to_string(pid), ESRCH));
  }
  const int options = kOptions | (follow_ ? kForkOptions : 0);
  // Threads may appear while we attach: list again until every one is seized.
  bool added = true;
  bool any = false;
  while (added) {
    added = false;
    for (pid_t tid : TasksOf(pid)) {
      if (threads_.count(tid) != 0) continue;
      if (Ptrace(PTRACE_SEIZE, tid, 0, options) != 0) {
        if (errno == ESRCH) continue;  // the thread just exited
        int err = errno;
        return Fail(SysError(err == EPERM ? ErrorCode::kPermission : ErrorCode::kKernel,
                             "attach: ptrace(PTRACE_SEIZE, " + std::to_string(tid) + ")", err));
      }
      Ptrace(PTRACE_INTERRUPT, tid, 0, uintptr_t{0});
      Thread& t = threads_[tid];
      t.tgid = pid;
      added = true;
      any = true;
    }
  }
  if (!any) {
    return Fail(SysError(ErrorCode::kNotFound, "attach: no process " + std::to_string(pid), ESRCH));
  }
  Event e;
  e.kind = EventKind::kAttached;
  e.tid = e.pid = pid;
  e.wall = Now(CLOCK_REALTIME);
  e.mono = Now(CLOCK_MONOTONIC);
  pending_.push_back(e);
  return Ok{};
}

int PtraceBackend::ResumeRequest(const Thread& t) const {
  return seccomp_ && !t.in_syscall ? PTRACE_CONT : PTRACE_SYSCALL;
}

void PtraceBackend::Resume(pid_t tid, int request, int sig) {
  if (Ptrace(request, tid, 0, sig) != 0 && errno != ESRCH) {
    PLOG_W("ptrace resume of {}", tid);
  }
}

Event PtraceBackend::MakeEvent(EventKind kind, pid_t tid, const Thread& t, const timespec& wall,
                               const timespec& mono) const {
  Event e;
  e.kind = kind;
  e.tid = tid;
  e.pid = t.tgid != 0 ? t.tgid : tid;
  e.wall = wall;
  e.mono = mono;
  return e;
}

Result<std::optional<Event>> PtraceBackend::Next() {
  for (;;) {
    if (stop_requested_.load() && !detached_) DetachAll();
    // Queued events first: the held thread stays stopped until they are all consumed, so sinks
    // read its memory as the kernel left it.
    if (!pending_.empty()) {
      Event e = pending_.front();
      pending_.pop_front();
      return e;
    }
    if (hold_) {
      Resume(hold_->tid, hold_->request, hold_->sig);
      hold_.reset();
    }
    if (detached_) {
      // Tracees run on untraced; a launched command is still our child: wait for its end so
      // the caller can return its status.
      if (launched_ != 0 && !launched_reaped_) {
        int status = 0;
        pid_t r = waitpid(launched_, &status, 0);
        if (r < 0 && errno == EINTR) continue;
        launched_reaped_ = true;
        if (r == launched_ && (WIFEXITED(status) || WIFSIGNALED(status))) {
          Event e;
          e.kind = WIFEXITED(status) ? EventKind::kExited : EventKind::kKilled;
          e.tid = e.pid = launched_;
          e.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
          e.signo = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
          e.wall = Now(CLOCK_REALTIME);
          e.mono = Now(CLOCK_MONOTONIC);
          return e;
        }
      }
      return std::optional<Event>();
    }
    if (threads_.empty()) return std::optional<Event>();
    int status = 0;
    pid_t tid = waitpid(-1, &status, __WALL);
    if (tid < 0) {
      if (errno == EINTR) continue;
      if (errno == ECHILD) {
        threads_.clear();
        return std::optional<Event>();
      }
      return Fail(SysError(ErrorCode::kKernel, "wait4", errno));
    }
    HandleStatus(tid, status);
  }
}

void PtraceBackend::HandleStatus(pid_t tid, int status) {
  const timespec wall = Now(CLOCK_REALTIME);
  const timespec mono = Now(CLOCK_MONOTONIC);
  auto it = threads_.find(tid);
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    if (it == threads_.end()) {
      if (tid == launched_) launched_reaped_ = true;
      return;
    }
    Event e = MakeEvent(WIFEXITED(status) ? EventKind::kExited : EventKind::kKilled, tid,
                        it->second, wall, mono);
    if (WIFEXITED(status)) {
      e.exit_status = WEXITSTATUS(status);
    } else {
      e.signo = WTERMSIG(status);
      e.core_dumped = WCOREDUMP(status);
    }
    if (tid == launched_) launched_reaped_ = true;
    threads_.erase(it);
    pending_.push_back(e);
    return;
  }
  if (!WIFSTOPPED(status)) return;
  if (it == threads_.end()) {
    // An auto-attached child may report its first stop before its parent's fork event.
    it = threads_.emplace(tid, Thread{}).first;
    it->second.tgid = TgidOf(tid);
    Event e = MakeEvent(EventKind::kAttached, tid, it->second, wall, mono);
    pending_.push_back(e);
  }
  Thread& t = it->second;
  const int sig = WSTOPSIG(status);
  const int event = status >> 16;
  if (sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP) {
    HandleSyscallStop(tid, t, wall, mono);
    return;
  }
  switch (event) {
    case 0: {
      // Signal-delivery-stop: report it and deliver the signal on resume.
      Event e = MakeEvent(EventKind::kSignal, tid, t, wall, mono);
      e.signo = sig;
      if (Ptrace(PTRACE_GETSIGINFO, tid, 0, &e.siginfo) != 0) e.siginfo.si_signo = sig;
      if (!t.hidden) pending_.push_back(e);
      hold_ = Hold{tid, ResumeRequest(t), sig};
      return;
    }
    case PTRACE_EVENT_STOP:
      if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
        Event e = MakeEvent(EventKind::kGroupStop, tid, t, wall, mono);
        e.signo = sig;
        if (!t.hidden) pending_.push_back(e);
        // PTRACE_LISTEN keeps it stopped (as untraced) yet lets us see SIGCONT and new events.
        hold_ = Hold{tid, PTRACE_LISTEN, 0};
        return;
      }
      hold_ = Hold{tid, ResumeRequest(t), 0};
      return;
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE: {
      unsigned long child = 0;
      Ptrace(PTRACE_GETEVENTMSG, tid, 0, &child);
      Event e = MakeEvent(EventKind::kNewChild, tid, t, wall, mono);
      e.child = static_cast<pid_t>(child);
      if (threads_.count(e.child) == 0) {
        Thread& c = NewThread(e.child);
        Event a = MakeEvent(EventKind::kAttached, e.child, c, wall, mono);
        pending_.push_back(a);
      }
      if (!t.hidden) pending_.push_back(e);
      hold_ = Hold{tid, ResumeRequest(t), 0};
      return;
    }
    case PTRACE_EVENT_EXEC: {
      unsigned long former = 0;
      Ptrace(PTRACE_GETEVENTMSG, tid, 0, &former);
      const pid_t former_tid = static_cast<pid_t>(former);
      if (former_tid != tid) {
        // A non-leader thread exec'd: it now has the leader's tid; carry its call state over.
        auto f = threads_.find(former_tid);
        if (f != threads_.end()) {
          t.in_syscall = f->second.in_syscall;
          t.entry = f->second.entry;
          t.entry.tid = tid;
          threads_.erase(f);
        }
      }
      t.hidden = false;
      Event e = MakeEvent(EventKind::kExec, tid, t, wall, mono);
      e.former_tid = former_tid;
      pending_.push_back(e);
      hold_ = Hold{tid, ResumeRequest(t), 0};
      return;
    }
    default:  // PTRACE_EVENT_EXIT and others: nothing to report, the exit status follows
      hold_ = Hold{tid, ResumeRequest(t), 0};
      return;
  }
}

void PtraceBackend::HandleSyscallStop(pid_t tid, Thread& t, const timespec& wall,
                                      const timespec& mono) {
  __ptrace_syscall_info info{};
  long n = Ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info);
  if (n <= 0) {
    hold_ = Hold{tid, PTRACE_SYSCALL, 0};
    return;
  }
  if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
    Event e = MakeEvent(EventKind::kSyscallEntry, tid, t, wall, mono);
    const auto arch = arch::ArchFromAudit(info.arch);
    e.arch = arch.value_or(arch::NativeArch());
    const uint64_t nr = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.nr : info.seccomp.nr;
    e.nr = static_cast<uint32_t>(nr);
    if (e.arch == arch::Arch::kX86_64 && (e.nr & arch::kX32SyscallBit) != 0) {
      e.arch = arch::Arch::kX32;
    }
    for (int i = 0; i < 6; ++i) {
      e.args[i] = info.op == PTRACE_SYSCALL_INFO_ENTRY ? info.entry.args[i] : info.seccomp.args[i];
    }
    // A 32-bit call's arguments are 32-bit values (the kernel zero-extends).
    if (arch::Info(e.arch).bits == 32) {
      for (auto& a : e.args) a &= 0xffffffffu;
    }
    e.stack_pointer = info.stack_pointer;
    t.in_syscall = true;
    t.entry = e;
    // The launched child is hidden until its execve: the tracer's own setup is not the user's.
    if (t.hidden) {
      const auto name = syscalls::NameOf(e.arch, e.nr);
      if (name && (*name == "execve" || *name == "execveat")) t.hidden = false;
    }
    if (!t.hidden) pending_.push_back(e);
    hold_ = Hold{tid, PTRACE_SYSCALL, 0};
    return;
  }
  if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
    const bool had_entry = t.in_syscall;
    t.in_syscall = false;
    if (had_entry && !t.hidden) {
      Event e = t.entry;
      e.kind = EventKind::kSyscallExit;
      e.wall = wall;
      e.mono = mono;
      e.pid = t.tgid;
      e.retval = info.exit.rval;
      e.is_error = info.exit.is_error != 0;
      if (arch::Info(e.arch).bits == 32) {
        e.retval = static_cast<int32_t>(static_cast<uint32_t>(e.retval));
      }
      pending_.push_back(e);
    }
    hold_ = Hold{tid, ResumeRequest(t), 0};
    return;
  }
  hold_ = Hold{tid, ResumeRequest(t), 0};
}

void PtraceBackend::DetachAll() {
  detached_ = true;
  // The held thread is in a ptrace-stop already; every other one gets PTRACE_INTERRUPT and is
  // detached at its next stop, re-injecting a signal it was about to receive.
  std::unordered_map<pid_t, bool> waiting;
  for (auto& [tid, t] : threads_) {
    if (hold_ && hold_->tid == tid) continue;
    if (Ptrace(PTRACE_INTERRUPT, tid, 0, uintptr_t{0}) == 0) waiting[tid] = true;
  }
  if (hold_) {
    const int sig = hold_->request == PTRACE_LISTEN ? 0 : hold_->sig;
    Ptrace(PTRACE_DETACH, hold_->tid, 0, sig);
    hold_.reset();
  }
  while (!waiting.empty()) {
    int status = 0;
    pid_t tid = waitpid(-1, &status, __WALL);
    if (tid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (tid == launched_) {
        // Report the end of the launched command as usual.
        Event e;
        e.kind = WIFEXITED(status) ? EventKind::kExited : EventKind::kKilled;
        e.tid = e.pid = tid;
        e.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
        e.signo = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        pending_.push_back(e);
        launched_reaped_ = true;
      }
      waiting.erase(tid);
      continue;
    }
    if (!WIFSTOPPED(status)) continue;
    const int sig = WSTOPSIG(status);
    const int event = status >> 16;
    int inject = 0;
    if (event == 0 && sig != (SIGTRAP | 0x80)) inject = sig;  // a signal on its way in
    Ptrace(PTRACE_DETACH, tid, 0, inject);
    waiting.erase(tid);
  }
  for (auto& [tid, t] : threads_) {
    Event e;
    e.kind = EventKind::kDetached;
    e.tid = tid;
    e.pid = t.tgid;
    e.wall = Now(CLOCK_REALTIME);
    e.mono = Now(CLOCK_MONOTONIC);
    pending_.push_back(e);
  }
  threads_.clear();
}

void PtraceBackend::Stop() {
  if (detached_) return;
  if (threads_.empty()) {
    detached_ = true;
    return;
  }
  DetachAll();
  pending_.clear();
}

}  // namespace syscage::trace
