// SPDX-License-Identifier: Apache-2.0
// RunConfined: fork, confine, exec, wait. The child sets no_new_privs, installs the program and
// execs with execvp semantics; it fails closed: if the install (or the hand-over of a NOTIFY
// listener) fails, the command is never executed and the parent returns the Error. The outcome
// says how the command ended and, for SIGSYS, which syscall the filter stopped.
//
// How the SIGSYS syscall is known (report_sigsys): the parent PTRACE_SEIZEs the child (and its
// threads, PTRACE_O_TRACECLONE) with PTRACE_O_TRACEEXIT only, so it changes nothing the program
// sees (no syscall stops; SECCOMP_RET_TRACE still means ENOSYS since PTRACE_O_TRACESECCOMP is
// off; signals and group stops are passed on). For SECCOMP_RET_TRAP the SIGSYS
// signal-delivery-stop carries si_syscall and si_arch (PTRACE_GETSIGINFO), and the signal is
// then delivered as usual. KILL_PROCESS/KILL_THREAD send a SIGSYS that ptrace never sees (the
// kernel marks it SA_IMMUTABLE), so the report comes from the PTRACE_EVENT_EXIT stop of the
// dying thread: the exit status is SIGSYS, /proc/TID/status says "Seccomp: 3"
// (SECCOMP_MODE_DEAD, set only by a seccomp kill), the arch comes from PTRACE_GET_SYSCALL_INFO
// and the number from /proc/TID/syscall, on any host arch (tracee_syscall.h says why; the
// registers are the fallback on x86_64 and aarch64).
// Limits: only the command's own threads are traced, not processes it forks; while traced the
// command cannot be strace'd (turn report_sigsys off for that); the parent waits with
// waitpid(-1, __WALL), so no other code of the process may wait for children meanwhile.
//
// --report / --complain (RunSpec::denials, see denials.h): the program is rewritten so that the
// calls it denies stop the supervisor (PTRACE_O_TRACESECCOMP), which reports each through
// RunSpec::on_denied and returns -errno (report) or lets the call run (complain). Then the whole
// process tree is traced (fork, vfork, clone) because a forked child inherits the rewritten
// filter, and RunConfined waits for every traced process, as strace -f does, not only the
// command; PTRACE_O_EXITKILL kills the tree if syscage dies. Without ptrace these modes are an
// error, never an unsupervised run.
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/run/denials.h"
#include "syscage/run/install.h"

namespace syscage::run {

// Everything `syscage run` needs once the profile is compiled.
struct RunSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH as execvp does
  // The program to install; empty runs the command unconfined (`--profile unconfined`).
  std::vector<sock_filter> program;
  InstallOptions install;
  // OCI linux.seccomp.listenerPath / listenerMetadata: where the NOTIFY listener fd goes. A
  // program returning USER_NOTIF without a listener_path is refused.
  std::string listener_path;
  std::string listener_metadata;
  std::string container_id = "syscage";  // state.id of the OCI container process state
  std::string bundle;                    // state.bundle; empty means the working directory
  // Trace the child to name the syscall behind a SIGSYS (see above).
  bool report_sigsys = true;
  // Per-call supervision of denied calls (see above); kEnforce installs the program as is.
  DenialMode denials = DenialMode::kEnforce;
  // Called for each denied call in kReport/kComplain, while its thread is stopped.
  std::function<void(const DeniedCall&)> on_denied;
};

// The syscall behind a seccomp SIGSYS.
struct SigsysReport {
  enum class Source {
    kTrapSignal,  // SECCOMP_RET_TRAP: read from the signal's siginfo
    kKillExit,    // SECCOMP_RET_KILL_*: read from the dying thread's registers
  };
  Source source = Source::kTrapSignal;
  pid_t tid = 0;
  int nr = -1;              // syscall number as seccomp saw it (x32 keeps its bit)
  uint32_t audit_arch = 0;  // AUDIT_ARCH_* of the call, 0 when unknown
  uint32_t data = 0;        // SECCOMP_RET_DATA of a TRAP (si_errno)
};

struct ChildOutcome {
  pid_t pid = 0;
  bool exited = false;  // exit_status is valid; otherwise term_signal is
  int exit_status = 0;
  int term_signal = 0;
  bool core_dumped = false;
  // The last seccomp SIGSYS seen: a TRAP (the program may have handled it) or the kill.
  std::optional<SigsysReport> sigsys;
  std::optional<SigsysReport> killed_by_seccomp;  // set when a seccomp kill ended a thread
  uint64_t denied_calls = 0;  // calls passed to RunSpec::on_denied (kReport/kComplain)

  // The shell's view: exit_status, or 128 + signal.
  int ShellStatus() const;
  // "exited with status 3", "killed by SIGSYS (seccomp kill at syscall 135, arch 0xc000003e)".
  std::string Describe() const;
};

// Runs spec.argv confined by spec.program and waits for it. Errors (the command did not run):
// kInvalidArgument (empty argv, NOTIFY without listener_path, bad flags), kNotFound (command not
// found), kPermission (not executable, or ptrace refused in kReport/kComplain), kKernel (fork,
// install or exec refused, with errno), and any error sending the listener fd.
Result<ChildOutcome> RunConfined(const RunSpec& spec);

// The OCI "container process state" JSON sent with the listener fd (runtime-spec
// config-linux.md, listenerPath): ociVersion, fds ["seccompFd"], pid, metadata, state.
std::string ContainerProcessState(const RunSpec& spec, pid_t pid);

// Connects to the unix socket `path` (SOCK_STREAM) and sends `state` with `fd` in SCM_RIGHTS.
// kNotFound / kPermission / kKernel with errno.
Result<> SendListenerFd(const std::string& path, const std::string& state, int fd);

// Resolves argv0 as execvp would (a name with '/' as is, else the PATH entries; glibc's
// "/bin:/usr/bin" when PATH is unset). kNotFound ("command not found") or
// kPermission (found but not executable).
Result<std::string> FindExecutable(const std::string& argv0);

}  // namespace syscage::run
