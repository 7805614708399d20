// SPDX-License-Identifier: Apache-2.0
// `syscage check`'s probes. Files are read first (config, actions_avail, mounts, status); then
// seccomp(2) is asked what it supports, and what only an install can tell (TSYNC, the filter
// flags, NEW_LISTENER) is tried in a forked child that exits at once, so the caller itself is
// never confined by a probe. The verdict comes from the probes, not the config: a config file
// may be missing (this is common in containers and VMs) or describe another kernel.
#include "syscage/inspect/kernel_support.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstring>
#include <sstream>
#include <string_view>

#include "syscage/base/files.h"
#include "syscage/base/seccomp_abi.h"

namespace syscage::inspect {
namespace {

using seccomp_abi::kFlagLog;
using seccomp_abi::kFlagNewListener;
using seccomp_abi::kFlagSpecAllow;
using seccomp_abi::kFlagTsync;
using seccomp_abi::kFlagWaitKillableRecv;
using seccomp_abi::kGetActionAvail;
using seccomp_abi::kGetNotifSizes;

long Seccomp(unsigned op, unsigned flags, void* args) {
  return syscall(SYS_seccomp, op, flags, args);
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return std::string(s);
}

std::string ErrnoText(int err) {
  return std::string(strerrorname_np(err) ? strerrorname_np(err) : "errno") + " (" +
         std::strerror(err) + ")";
}

// Runs `probe` in a forked child and returns what it returned (an errno, 0 for success), or
// -1 when the child could not be forked or did not exit normally. The child only makes raw
// system calls and _exits, so forking from a threaded caller is safe.
template <class F>
int ProbeInChild(F probe) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) _exit(probe() & 0xff);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// In a child: no_new_privs plus an allow-all filter installed with `flags`. 0 or errno.
int TryInstall(unsigned flags) {
  return ProbeInChild([flags] {
    sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    sock_fprog prog{1, &allow};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    return Seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog) < 0 ? errno : 0;
  });
}

struct ActionName {
  uint32_t action;
  const char* name;  // the spelling of actions_avail
};
constexpr std::array<ActionName, 8> kActions = {{
    {SECCOMP_RET_KILL_PROCESS, "kill_process"},
    {SECCOMP_RET_KILL_THREAD, "kill_thread"},
    {SECCOMP_RET_TRAP, "trap"},
    {SECCOMP_RET_ERRNO, "errno"},
    {SECCOMP_RET_USER_NOTIF, "user_notif"},
    {SECCOMP_RET_TRACE, "trace"},
    {SECCOMP_RET_LOG, "log"},
    {SECCOMP_RET_ALLOW, "allow"},
}};

SupportLine Line(std::string key, std::string title, SupportStatus status, std::string detail) {
  return SupportLine{std::move(key), std::move(title), status, std::move(detail)};
}

void AddConfigLines(const KernelSupportOptions& options, KernelSupport& out) {
  std::string source;
  auto config = ReadKernelConfig(options, &source);
  for (const char* option : {"CONFIG_SECCOMP", "CONFIG_SECCOMP_FILTER"}) {
    std::string key =
        option == std::string_view("CONFIG_SECCOMP") ? "config_seccomp" : "config_seccomp_filter";
    if (!config) {
      out.lines.push_back(Line(key, option, SupportStatus::kUnknown, config.error().ToString()));
      continue;
    }
    std::string value = KernelConfigValue(*config, option);
    if (value == "y") {
      out.lines.push_back(Line(key, option, SupportStatus::kOk, "=y in " + source));
    } else if (value.empty()) {
      out.lines.push_back(Line(key, option, SupportStatus::kMissing, "absent from " + source));
    } else if (value == "n") {
      out.lines.push_back(Line(key, option, SupportStatus::kMissing, "is not set in " + source));
    } else {
      out.lines.push_back(
          Line(key, option, SupportStatus::kUnknown, "=" + value + " in " + source));
    }
  }
}

// /proc/sys/kernel/seccomp/actions_avail, cross-checked with SECCOMP_GET_ACTION_AVAIL.
void AddActionsLine(const KernelSupportOptions& options, KernelSupport& out) {
  std::string path = options.proc_root + "/sys/kernel/seccomp/actions_avail";
  auto file = ReadFile(path);
  std::string probed;
  bool probe_ran = false;
  if (options.run_probes) {
    for (const auto& a : kActions) {
      uint32_t action = a.action;
      long r = Seccomp(kGetActionAvail, 0, &action);
      if (r == 0) {
        probed += probed.empty() ? "" : " ";
        probed += a.name;
        probe_ran = true;
      } else if (errno == EOPNOTSUPP) {
        probe_ran = true;
      }
    }
  }
  if (file) {
    std::string actions = Trim(*file);
    std::string detail = actions + " (" + path + ")";
    if (probe_ran && probed != actions) detail += "; seccomp(2) reports: " + probed;
    out.lines.push_back(Line("actions_avail", "actions available", SupportStatus::kOk, detail));
  } else if (probe_ran) {
    out.lines.push_back(Line("actions_avail", "actions available", SupportStatus::kOk,
                             probed + " (SECCOMP_GET_ACTION_AVAIL; " + path + " unreadable)"));
  } else {
    out.lines.push_back(Line("actions_avail", "actions available",
                             options.run_probes ? SupportStatus::kMissing : SupportStatus::kUnknown,
                             file.error().ToString()));
  }
}

void AddProbeLines(KernelSupport& out) {
  // The verdict: can a filter be installed at all?
  int install = TryInstall(0);
  if (install == 0) {
    out.lines.push_back(Line("filter", "seccomp filter install", SupportStatus::kOk,
                             "no_new_privs + SECCOMP_SET_MODE_FILTER succeeded in a child"));
    out.filter_usable = true;
  } else if (install < 0) {
    out.lines.push_back(Line("filter", "seccomp filter install", SupportStatus::kUnknown,
                             "the probe child could not run"));
  } else {
    out.lines.push_back(Line("filter", "seccomp filter install", SupportStatus::kMissing,
                             "seccomp(SECCOMP_SET_MODE_FILTER) failed: " + ErrnoText(install)));
  }

  // SECCOMP_RET_USER_NOTIF: the action, the notification sizes, and a listener fd.
  uint32_t notif = SECCOMP_RET_USER_NOTIF;
  seccomp_notif_sizes sizes{};
  std::string detail;
  SupportStatus status = SupportStatus::kOk;
  if (Seccomp(kGetActionAvail, 0, &notif) != 0) {
    status = SupportStatus::kMissing;
    detail = "SECCOMP_GET_ACTION_AVAIL(USER_NOTIF): " + ErrnoText(errno);
  } else if (Seccomp(kGetNotifSizes, 0, &sizes) != 0) {
    status = SupportStatus::kMissing;
    detail = "SECCOMP_GET_NOTIF_SIZES: " + ErrnoText(errno);
  } else {
    int listener = TryInstall(kFlagNewListener);
    if (listener != 0) {
      status = listener < 0 ? SupportStatus::kUnknown : SupportStatus::kMissing;
      detail = listener < 0 ? "the probe child could not run"
                            : "SECCOMP_FILTER_FLAG_NEW_LISTENER: " + ErrnoText(listener);
    } else {
      detail = "action available, notif sizes " + std::to_string(sizes.seccomp_notif) + "/" +
               std::to_string(sizes.seccomp_notif_resp) + "/" + std::to_string(sizes.seccomp_data) +
               ", listener fd created in a child";
    }
  }
  out.lines.push_back(Line("user_notif", "SECCOMP_RET_USER_NOTIF", status, detail));

  int tsync = TryInstall(kFlagTsync);
  out.lines.push_back(Line("tsync", "SECCOMP_FILTER_FLAG_TSYNC",
                           tsync == 0  ? SupportStatus::kOk
                           : tsync < 0 ? SupportStatus::kUnknown
                                       : SupportStatus::kMissing,
                           tsync == 0  ? "install with TSYNC succeeded in a child"
                           : tsync < 0 ? "the probe child could not run"
                                       : "install with TSYNC failed: " + ErrnoText(tsync)));

  // The other flags runc and the OCI spec name (seccomp.flags).
  struct FlagName {
    unsigned flag;
    const char* name;
  };
  constexpr std::array<FlagName, 3> kFlags = {{
      {kFlagLog, "LOG"},
      {kFlagSpecAllow, "SPEC_ALLOW"},
      {kFlagWaitKillableRecv | kFlagNewListener, "WAIT_KILLABLE_RECV"},
  }};
  std::string accepted, refused;
  for (const auto& f : kFlags) {
    int r = TryInstall(f.flag);
    std::string& list = r == 0 ? accepted : refused;
    list += list.empty() ? "" : " ";
    list += f.name;
    if (r > 0) list += std::string("(") + (strerrorname_np(r) ? strerrorname_np(r) : "?") + ")";
  }
  out.lines.push_back(Line("filter_flags", "other filter flags",
                           refused.empty() ? SupportStatus::kOk : SupportStatus::kMissing,
                           "accepted: " + (accepted.empty() ? "none" : accepted) +
                               (refused.empty() ? "" : "; refused: " + refused)));
}

// The raw_syscalls tracepoints the eBPF backend attaches to, under tracefs.
void AddTracepointLine(const KernelSupportOptions& options, const std::string& config,
                       KernelSupport& out) {
  auto mounts = ReadFile(options.mounts_file);
  std::string tracefs, debugfs;
  if (mounts) {
    std::istringstream in(*mounts);
    std::string dev, dir, type;
    std::string rest;
    while (in >> dev >> dir >> type && std::getline(in, rest)) {
      if (type == "tracefs" && tracefs.empty()) tracefs = dir;
      if (type == "debugfs" && debugfs.empty()) debugfs = dir;
    }
  }
  std::string events;
  if (!tracefs.empty()) {
    events = tracefs + "/events/raw_syscalls/sys_enter/id";
  } else if (!debugfs.empty()) {
    events = debugfs + "/tracing/events/raw_syscalls/sys_enter/id";
  }
  const char* title = "raw_syscalls tracepoints";
  if (!events.empty()) {
    std::string where = tracefs.empty() ? "debugfs at " + debugfs : "tracefs at " + tracefs;
    if (access(events.c_str(), R_OK) == 0) {
      out.lines.push_back(Line("raw_syscalls", title, SupportStatus::kOk,
                               "sys_enter/sys_exit present, " + where + " is mounted"));
    } else {
      out.lines.push_back(Line("raw_syscalls", title, SupportStatus::kMissing,
                               where + " is mounted but " + events + " is " +
                                   (errno == ENOENT ? "absent" : ErrnoText(errno))));
    }
    return;
  }
  std::string mountpoint = options.sys_root + "/kernel/tracing";
  std::string why = "tracefs is not mounted (mount -t tracefs nodev " + mountpoint + ")";
  std::string value = config.empty() ? "" : KernelConfigValue(config, "CONFIG_FTRACE_SYSCALLS");
  if (value == "y") {
    why += "; the kernel config has CONFIG_FTRACE_SYSCALLS=y";
  } else if (!config.empty()) {
    out.lines.push_back(Line("raw_syscalls", title, SupportStatus::kMissing,
                             "CONFIG_FTRACE_SYSCALLS is not set, and " + why));
    return;
  }
  out.lines.push_back(Line("raw_syscalls", title, SupportStatus::kUnknown, why));
}

// ptrace: Yama's scope, then a PTRACE_SEIZE of a forked child.
void AddPtraceLine(const KernelSupportOptions& options, KernelSupport& out) {
  std::string yama = options.proc_root + "/sys/kernel/yama/ptrace_scope";
  auto scope_text = ReadFile(yama);
  std::string scope = scope_text ? "Yama ptrace_scope " + Trim(*scope_text)
                                 : "Yama not active (" + yama + " absent)";
  if (!options.run_probes) {
    out.lines.push_back(Line("ptrace", "ptrace", SupportStatus::kUnknown, scope + "; not probed"));
    return;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    out.lines.push_back(
        Line("ptrace", "ptrace", SupportStatus::kUnknown, "pipe: " + ErrnoText(errno)));
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[1]);
    char c;
    while (read(fds[0], &c, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  close(fds[0]);
  if (pid < 0) {
    close(fds[1]);
    out.lines.push_back(
        Line("ptrace", "ptrace", SupportStatus::kUnknown, "fork: " + ErrnoText(errno)));
    return;
  }
  long r = ptrace(PTRACE_SEIZE, pid, nullptr, nullptr);
  int err = errno;
  close(fds[1]);  // the child reads EOF and exits; a seized child needs no detach to exit
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (r == 0) {
    out.lines.push_back(Line("ptrace", "ptrace", SupportStatus::kOk,
                             scope + "; PTRACE_SEIZE of a child succeeded"));
  } else {
    out.lines.push_back(Line("ptrace", "ptrace", SupportStatus::kMissing,
                             scope + "; PTRACE_SEIZE of a child failed: " + ErrnoText(err)));
  }
}

void AddSelfLine(const KernelSupportOptions& options, KernelSupport& out) {
  std::string path = options.proc_root + "/self/status";
  auto text = ReadFile(path);
  if (!text) {
    out.lines.push_back(
        Line("self", "own seccomp mode", SupportStatus::kUnknown, text.error().ToString()));
    return;
  }
  auto status = ParseSeccompStatus(*text);
  if (!status) {
    out.lines.push_back(Line("self", "own seccomp mode", SupportStatus::kMissing,
                             "no Seccomp field in " + path + " (kernel without CONFIG_SECCOMP)"));
    return;
  }
  static constexpr std::array<const char*, 3> kModes = {"disabled", "strict", "filter"};
  std::string mode = status->mode >= 0 && status->mode <= 2 ? kModes[status->mode] : "?";
  std::string detail = "Seccomp: " + std::to_string(status->mode) + " (" + mode + ")";
  if (status->filters >= 0) detail += ", Seccomp_filters: " + std::to_string(status->filters);
  detail += " (" + path + ")";
  if (status->mode == 1) detail += "; strict mode: this process cannot install filters";
  out.lines.push_back(Line("self", "own seccomp mode", SupportStatus::kOk, detail));
}

}  // namespace

const char* SupportStatusName(SupportStatus status) {
  switch (status) {
    case SupportStatus::kOk:
      return "ok";
    case SupportStatus::kMissing:
      return "missing";
    case SupportStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const SupportLine* KernelSupport::Find(const std::string& key) const {
  for (const auto& line : lines) {
    if (line.key == key) return &line;
  }
  return nullptr;
}

std::string KernelConfigValue(const std::string& config_text, const std::string& option) {
  std::istringstream in(config_text);
  std::string line;
  const std::string set_prefix = option + "=";
  const std::string unset = "# " + option + " is not set";
  while (std::getline(in, line)) {
    if (line.rfind(set_prefix, 0) == 0) return line.substr(set_prefix.size());
    if (Trim(line) == unset) return "n";
  }
  return "";
}

Result<std::string> ReadKernelConfig(const KernelSupportOptions& options, std::string* source) {
  std::string release = options.kernel_release;
  if (release.empty()) {
    utsname u{};
    if (uname(&u) == 0) release = u.release;
  }
  std::string boot = options.boot_dir + "/config-" + release;
  auto text = ReadFile(boot);
  if (text) {
    if (source) *source = boot;
    return text;
  }
  std::string gz = options.proc_root + "/config.gz";
  gzFile f = gzopen(gz.c_str(), "rb");
  if (f == nullptr) {
    int err = errno;
    std::string why = err == ENOENT ? "absent" : ErrnoText(err);
    return Fail(ErrorCode::kNotFound, "no " + boot + " and " + gz + " is " + why +
                                          " (kernel without CONFIG_IKCONFIG_PROC?)");
  }
  std::string out;
  std::array<char, 65536> buf;
  int n;
  while ((n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()))) > 0) {
    out.append(buf.data(), static_cast<size_t>(n));
  }
  int errnum = 0;
  std::string gz_error = n < 0 ? gzerror(f, &errnum) : "";
  gzclose(f);
  if (n < 0) return Fail(ErrorCode::kInvalidArgument, gz + ": " + gz_error);
  if (source) *source = gz + " (no " + boot + ")";
  return out;
}

Result<SeccompStatus> ParseSeccompStatus(const std::string& status_text) {
  std::istringstream in(status_text);
  std::string line;
  SeccompStatus out;
  bool found = false;
  while (std::getline(in, line)) {
    if (line.rfind("Seccomp:", 0) == 0) {
      out.mode = std::atoi(line.c_str() + 8);
      found = true;
    } else if (line.rfind("Seccomp_filters:", 0) == 0) {
      out.filters = std::atoi(line.c_str() + 16);
    }
  }
  if (!found) return Fail(ErrorCode::kNotFound, "no Seccomp field in status");
  return out;
}

KernelSupport ProbeKernelSupport(const KernelSupportOptions& options) {
  KernelSupport out;
  AddConfigLines(options, out);
  AddActionsLine(options, out);
  if (options.run_probes) AddProbeLines(out);
  std::string source;
  std::string config = ReadKernelConfig(options, &source).value_or("");
  AddTracepointLine(options, config, out);
  AddPtraceLine(options, out);
  AddSelfLine(options, out);

  if (!options.run_probes) {
    // Without probes the config is all we have.
    const SupportLine* filter = out.Find("config_seccomp_filter");
    out.filter_usable = filter != nullptr && filter->status == SupportStatus::kOk;
    out.verdict = out.filter_usable ? "the kernel config enables seccomp filtering (not probed)"
                                    : "seccomp filtering not known to be usable (not probed)";
  } else if (out.filter_usable) {
    out.verdict = "seccomp filtering is usable: a filter was installed in a probe child";
  } else {
    const SupportLine* filter = out.Find("filter");
    out.verdict = "seccomp filtering is not usable here: " +
                  (filter != nullptr ? filter->detail : std::string("no probe"));
  }
  return out;
}

}  // namespace syscage::inspect
