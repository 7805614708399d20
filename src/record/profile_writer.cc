// SPDX-License-Identifier: Apache-2.0
// Recording -> allowlist Profile (see profile_writer.h). One ALLOW rule with every unconditioned
// name, sorted, then one rule per recorded argument value for the --args syscalls (OCI rules for
// the same name are alternatives, so each rule allows one value).
#include "syscage/record/profile_writer.h"

#include <algorithm>
#include <map>
#include <set>

#include "syscage/syscalls/table.h"

namespace syscage::record {
namespace {

// `syscage run` (src/run/confined.cc, ChildMain): after seccomp(2) returns it calls execvp, which
// tries execve on each PATH entry, and _exit if that fails. (A failed exec's report over the
// socket, sendmsg, and the NOTIFY listener hand-over are left out: a recorded profile has no
// NOTIFY action, and without sendmsg a failed exec still shows as exit status 126/127.)
constexpr std::string_view kRunSyscalls[] = {"execve", "exit_group"};

// runc 1.1 (Debian's 1.1.5+ds1-1+deb12u1, libcontainer/standard_init_linux.go), measured: strace
// of runc's init from the filter to the workload's execve, then each syscall left out of a
// profile in turn (tests/e2e/runc.test has the run). With "noNewPrivileges": true (`runc spec`'s
// default) runc installs the filter last; without it (Docker's default) before setting up the
// user and capabilities, so more calls follow. Both cases are covered:
//   needed, both:  openat+write+close (the exec fifo via /proc/self/fd/N), getpid,
//                  openat+fstatfs+getdents64+close (CloseExecFrom: /proc/self/fd must be procfs,
//                  its fds are marked close-on-exec), fcntl, futex (Go runtime handoffs), execve
//   needed, noNewPrivileges false only: capget, capset (apply caps), setgroups, setgid, setuid,
//                  fstat (/dev/stdin), read (/proc/self/status), prctl (keep caps), getcwd and
//                  chdir (the cwd check), newfstatat, getppid
//   seen, Go runtime, timing-dependent: nanosleep, sched_yield, epoll_pwait, epoll_ctl (the
//                  netpoller), tgkill + rt_sigreturn (SIGURG preemption)
//   not seen, kept because the Go runtime may need them at any point: mmap, munmap, madvise
//                  (heap growth and scavenging), rt_sigprocmask, sigaltstack (signal setup)
//   plus exit_group, which every profile needs to end the workload.
constexpr std::string_view kRuncSyscalls[] = {
    "capget",         "capset",       "chdir",       "close",   "epoll_ctl", "epoll_pwait",
    "execve",         "exit_group",   "fcntl",       "fstat",   "fstatfs",   "futex",
    "getcwd",         "getdents64",   "getpid",      "getppid", "madvise",   "mmap",
    "munmap",         "nanosleep",    "newfstatat",  "openat",  "prctl",     "read",
    "rt_sigprocmask", "rt_sigreturn", "sched_yield", "setgid",  "setgroups", "setuid",
    "sigaltstack",    "tgkill",       "write"};

// clone flags Docker's default profile forbids without CAP_SYS_ADMIN: CLONE_NEWNS | NEWUTS |
// NEWIPC | NEWUSER | NEWPID | NEWNET | NEWCGROUP (moby profiles/seccomp/default.json, 2114060288).
constexpr uint64_t kCloneNamespaceFlags = 0x7E020000;

// More distinct values than this and the rule stops being a useful restriction: allow the call.
constexpr size_t kMaxArgValues = 16;

}  // namespace

std::span<const std::string_view> EnforcerSyscalls(ForRuntime runtime) {
  if (runtime == ForRuntime::kRunc) return kRuncSyscalls;
  return kRunSyscalls;
}

profile::Profile BuildProfile(const Recording& rec, const ProfileOptions& options,
                              BuildNotes* notes) {
  profile::Profile p;
  p.default_action = profile::ActionKind::kErrno;
  p.default_errno_ret = kDefaultErrno;

  // Architectures: the host's (native first, then compat), then any other arch seen.
  std::vector<arch::Arch> arches = options.host_arches;
  if (arches.empty()) arches = arch::CompatArchs(arch::NativeArch());
  for (const auto& [key, count] : rec.counts) {
    if (std::find(arches.begin(), arches.end(), key.first) == arches.end()) {
      arches.push_back(key.first);
    }
  }
  for (arch::Arch a : arches) p.architectures.emplace_back(arch::Info(a).scmp_name);

  std::set<std::string> names;
  for (const auto& [key, count] : rec.counts) {
    auto name = syscalls::NameOf(key.first, key.second);
    if (!name) {
      if (notes != nullptr) notes->unnamed.push_back(key);
      continue;
    }
    names.emplace(*name);
  }
  for (auto n : EnforcerSyscalls(options.runtime)) names.emplace(n);

  // --args: values by syscall name, over all arches (the rule applies on each).
  std::map<std::string, std::set<uint64_t>> values;
  if (options.args) {
    for (const auto& [key, seen] : rec.arg0) {
      auto name = syscalls::NameOf(key.first, key.second);
      if (!name || names.count(std::string(*name)) == 0) continue;
      for (const auto& [v, n] : seen) values[std::string(*name)].insert(v);
    }
  }

  std::vector<profile::SyscallRule> arg_rules;
  for (const auto& [name, vals] : values) {
    if (name == "clone") {
      // Only the namespace bits matter for safety; the other flags vary with the libc.
      bool any_ns = std::any_of(vals.begin(), vals.end(),
                                [](uint64_t v) { return (v & kCloneNamespaceFlags) != 0; });
      if (any_ns) continue;
      profile::SyscallRule r;
      r.names = {name};
      r.action = profile::ActionKind::kAllow;
      r.args.push_back({0, kCloneNamespaceFlags, 0, profile::CmpOp::kMaskedEq, {}});
      r.comment = "recorded: no namespace flags";
      arg_rules.push_back(std::move(r));
      names.erase(name);
      continue;
    }
    if (vals.size() > kMaxArgValues) continue;
    for (uint64_t v : vals) {
      profile::SyscallRule r;
      r.names = {name};
      r.action = profile::ActionKind::kAllow;
      r.args.push_back({0, v, 0, profile::CmpOp::kEq, {}});
      arg_rules.push_back(std::move(r));
    }
    names.erase(name);
  }

  profile::SyscallRule allow;
  allow.names.assign(names.begin(), names.end());  // std::set: sorted and unique
  allow.action = profile::ActionKind::kAllow;
  p.syscalls.push_back(std::move(allow));
  for (auto& r : arg_rules) p.syscalls.push_back(std::move(r));
  return p;
}

}  // namespace syscage::record
