// SPDX-License-Identifier: Apache-2.0
// Pass 2, resolve_names: every (rule, name) of the profile to a syscall number on each target
// arch, from syscage's own table. Sets ("@mount") expand first. A name no arch knows is a
// diagnostic (an error unless ignore_unknown, because a typo must not silently weaken a filter);
// a name absent on one arch is skipped there, as runc and libseccomp do. Also maps the default
// action the way runc does and records the -ENOSYS stub bound per arch.
#include <algorithm>
#include <cerrno>
#include <set>

#include <fmt/core.h>

#include "syscage/bpf/passes/multiplexers.h"
#include "syscage/bpf/passes/passes.h"
#include "syscage/syscalls/groups.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {

Result<uint32_t> RuncAction(profile::ActionKind kind, std::optional<uint32_t> errno_ret) {
  using profile::ActionKind;
  switch (kind) {
    case ActionKind::kKill:
    case ActionKind::kKillThread:
      return kRetKillThread;
    case ActionKind::kKillProcess:
      return kRetKillProcess;
    case ActionKind::kTrap:
      return kRetTrap;
    case ActionKind::kErrno: {
      const uint32_t err = errno_ret.value_or(EPERM);
      // libseccomp 2.5.4 refuses ERRNO data of 4095 and more (seccomp_rule_add returns -EINVAL,
      // so runc fails to start the container).
      if (err > 4094) {
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("errno {} is out of range (libseccomp and runc accept 0..4094)", err));
      }
      return RetErrno(err);
    }
    case ActionKind::kTrace: {
      const uint32_t msg = errno_ret.value_or(EPERM);
      if (msg > kRetData) {
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("trace value {} does not fit 16 bits", msg));
      }
      return RetTrace(msg);
    }
    case ActionKind::kLog:
      return kRetLog;
    case ActionKind::kAllow:
      return kRetAllow;
    case ActionKind::kNotify:
      return kRetUserNotif;
  }
  return Fail(ErrorCode::kInternal, "unknown action kind");
}

Result<ResolvedPolicy> ResolveNames(const profile::Profile& profile,
                                    std::span<const arch::Arch> arches,
                                    const CompileOptions& options, Diagnostics& diags) {
  ResolvedPolicy out;
  auto default_action = RuncAction(profile.default_action, profile.default_errno_ret);
  if (!default_action) {
    diags.Error(profile.loc, "defaultAction: " + default_action.error().message);
    return Fail(default_action.error());
  }
  out.default_action = *default_action;
  out.bad_arch_action = options.bad_arch_action;
  // runc's stub is skipped for permissive defaults and when the default already is ENOSYS.
  const bool permissive = profile.default_action == profile::ActionKind::kAllow ||
                          profile.default_action == profile::ActionKind::kLog ||
                          profile.default_action == profile::ActionKind::kTrace;
  out.enosys_stub = options.enosys_stub && !permissive && out.default_action != RetErrno(ENOSYS);

  // Expand sets and check every name once, in profile order.
  struct Entry {
    size_t rule;
    std::string_view name;
    const SourceLoc* loc;
  };
  std::vector<Entry> entries;
  entries.reserve(512);
  std::set<std::string> reported;
  bool failed = false;
  for (size_t r = 0; r < profile.syscalls.size(); ++r) {
    const auto& rule = profile.syscalls[r];
    if (!rule.includes.empty() || !rule.excludes.empty()) {
      diags.Error(rule.loc,
                  "rule still has includes/excludes; load the profile with the "
                  "loader so they are resolved first");
      failed = true;
      continue;
    }
    for (size_t i = 0; i < rule.names.size(); ++i) {
      const std::string& name = rule.names[i];
      const SourceLoc& loc = i < rule.name_locs.size() ? rule.name_locs[i] : rule.loc;
      if (name.empty()) {
        diags.Error(loc, "empty syscall name");
        failed = true;
        continue;
      }
      if (syscalls::IsGroupName(name)) {
        auto expanded = syscalls::ExpandGroup(name);
        if (!expanded) {
          diags.Error(loc, expanded.error().message);
          failed = true;
          continue;
        }
        for (auto& n : *expanded) {
          out.set_members.push_back(std::move(n));
          entries.push_back({r, out.set_members.back(), &loc});
        }
        continue;
      }
      if (!syscalls::KnownOnAnyArch(name)) {
        if (reported.insert(name).second) {
          if (options.ignore_unknown) {
            diags.Add(Severity::kWarning, loc,
                      fmt::format("unknown syscall '{}' skipped (--ignore-unknown)", name),
                      "unknown-syscall");
          } else {
            diags
                .Add(Severity::kError, loc, fmt::format("unknown syscall '{}'", name),
                     "unknown-syscall")
                .hints.push_back(
                    "no architecture has it; check the spelling, or pass "
                    "--ignore-unknown to skip such names as runc does");
            failed = true;
          }
        }
        continue;
      }
      entries.push_back({r, name, &loc});
    }
  }
  if (failed) return Fail(ErrorCode::kInvalidArgument, "the profile has errors");

  for (arch::Arch a : arches) {
    if (!syscalls::HasTable(a)) {
      return Fail(ErrorCode::kUnsupportedArch,
                  fmt::format("no syscall table for {}", arch::Info(a).name));
    }
    ArchNames names;
    names.arch = a;
    names.names.reserve(entries.size());
    for (const auto& e : entries) {
      auto nr = syscalls::Resolve(a, e.name);
      if (!nr) {
        // i386 reaches "accept", "send", "semop"... only through socketcall/ipc.
        if (a == arch::Arch::kX86 && FindSubCall(e.name)) {
          ResolvedName rn{e.rule, e.name, 0, true, e.loc};
          names.names.push_back(std::move(rn));
        }
        continue;
      }
      names.names.push_back({e.rule, e.name, *nr, false, e.loc});
      // libseccomp 2.5.4 resolves i386's socket and IPC calls to negative pseudo numbers, so
      // runc's stub bound never counts them.
      if (a == arch::Arch::kX86 && FindSubCall(e.name)) continue;
      if (!names.max_named_nr || *nr > *names.max_named_nr) names.max_named_nr = *nr;
    }
    out.arches.push_back(std::move(names));
  }
  return out;
}

}  // namespace syscage::bpf
