// SPDX-License-Identifier: Apache-2.0
// ProfileBuilder, `syscage new` and `syscage merge`: profiles made in code. Names are checked
// against the syscall tables and groups are expanded here, so what comes out lints clean of
// unknown names.
#include "syscage/profile/builder.h"

#include <algorithm>
#include <cerrno>
#include <set>

#include "syscage/base/suggest.h"
#include "syscage/profile/decode.h"
#include "syscage/profile/load.h"
#include "syscage/syscalls/groups.h"
#include "syscage/syscalls/table.h"

namespace syscage::profile {
namespace {

std::vector<std::string> DefaultArches() {
  std::vector<std::string> out;
  const arch::Arch native = arch::NativeArch();
  out.emplace_back(arch::Info(native).scmp_name);
  for (arch::Arch a : arch::CompatArchs(native)) {
    std::string name(arch::Info(a).scmp_name);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

std::vector<std::string> Split(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    size_t start = 0;
    while (start <= item.size()) {
      size_t comma = item.find(',', start);
      if (comma == std::string::npos) comma = item.size();
      std::string part = item.substr(start, comma - start);
      if (!part.empty()) out.push_back(part);
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace

ProfileBuilder::ProfileBuilder(ActionKind default_action, std::optional<uint32_t> errno_ret) {
  profile_.default_action = default_action;
  profile_.default_errno_ret = errno_ret;
  profile_.architectures = DefaultArches();
}

ProfileBuilder ProfileBuilder::Allowlist() { return ProfileBuilder(ActionKind::kErrno, ENOSYS); }

ProfileBuilder ProfileBuilder::Denylist() {
  return ProfileBuilder(ActionKind::kAllow, std::nullopt);
}

bool ProfileBuilder::Expand(const std::vector<std::string>& in, std::vector<std::string>& out) {
  if (error_) return false;
  auto expanded = syscalls::ExpandNames(in);
  if (!expanded) {
    error_ = expanded.error();
    return false;
  }
  std::vector<std::string> all;
  for (auto n : syscalls::AllNames()) all.emplace_back(n);
  for (const auto& name : *expanded) {
    if (!syscalls::KnownOnAnyArch(name)) {
      error_ = Error{ErrorCode::kNotFound,
                     "unknown syscall '" + name + "'" + SuggestionSuffix(name, all), 0};
      return false;
    }
  }
  out = std::move(*expanded);
  return true;
}

ProfileBuilder& ProfileBuilder::Add(const std::vector<std::string>& names, ActionKind action,
                                    std::optional<uint32_t> errno_ret) {
  std::vector<std::string> expanded;
  if (!Expand(names, expanded) || expanded.empty()) return *this;
  SyscallRule rule;
  rule.names = std::move(expanded);
  rule.action = action;
  rule.errno_ret = ActionTakesErrno(action) ? errno_ret : std::nullopt;
  profile_.syscalls.push_back(std::move(rule));
  return *this;
}

ProfileBuilder& ProfileBuilder::Allow(const std::vector<std::string>& names) {
  return Add(names, ActionKind::kAllow);
}

ProfileBuilder& ProfileBuilder::Allow(std::initializer_list<std::string_view> names) {
  return Allow(std::vector<std::string>(names.begin(), names.end()));
}

ProfileBuilder& ProfileBuilder::AllowIf(std::string_view name,
                                        std::vector<ArgCondition> conditions) {
  if (error_) return *this;
  for (const auto& c : conditions) {
    if (c.index > 5) {
      error_ = Error{ErrorCode::kInvalidArgument,
                     "argument index " + std::to_string(c.index) + " is out of range (0-5)", 0};
      return *this;
    }
  }
  std::vector<std::string> expanded;
  if (!Expand({std::string(name)}, expanded)) return *this;
  SyscallRule rule;
  rule.names = std::move(expanded);
  rule.action = ActionKind::kAllow;
  rule.args = std::move(conditions);
  profile_.syscalls.push_back(std::move(rule));
  return *this;
}

ProfileBuilder& ProfileBuilder::DenyErrno(const std::vector<std::string>& names,
                                          uint32_t errno_value) {
  return Add(names, ActionKind::kErrno, errno_value);
}

ProfileBuilder& ProfileBuilder::DenyErrno(std::string_view name, uint32_t errno_value) {
  return DenyErrno(std::vector<std::string>{std::string(name)}, errno_value);
}

ProfileBuilder& ProfileBuilder::KillProcess(const std::vector<std::string>& names) {
  return Add(names, ActionKind::kKillProcess);
}

ProfileBuilder& ProfileBuilder::Log(const std::vector<std::string>& names) {
  return Add(names, ActionKind::kLog);
}

ProfileBuilder& ProfileBuilder::Trap(const std::vector<std::string>& names) {
  return Add(names, ActionKind::kTrap);
}

ProfileBuilder& ProfileBuilder::DefaultAction(ActionKind action,
                                              std::optional<uint32_t> errno_ret) {
  profile_.default_action = action;
  profile_.default_errno_ret = ActionTakesErrno(action) ? errno_ret : std::nullopt;
  return *this;
}

ProfileBuilder& ProfileBuilder::Arch(arch::Arch a) {
  if (!arches_set_) profile_.architectures.clear();
  arches_set_ = true;
  std::string name(arch::Info(a).scmp_name);
  auto& list = profile_.architectures;
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
  return *this;
}

ProfileBuilder& ProfileBuilder::Flag(std::string_view flag) {
  if (error_) return *this;
  if (!IsKnownSeccompFlag(flag)) {
    error_ =
        Error{ErrorCode::kInvalidArgument, "unknown seccomp flag '" + std::string(flag) + "'", 0};
    return *this;
  }
  profile_.flags.emplace_back(flag);
  return *this;
}

Result<Profile> ProfileBuilder::Build() const {
  if (error_) return Fail(*error_);
  return profile_;
}

Result<Profile> NewProfile(const NewProfileOptions& opts) {
  const auto allow = Split(opts.allow);
  const auto deny = Split(opts.deny);
  std::string def = opts.default_action;
  if (def.empty()) def = (!allow.empty() || deny.empty()) ? "errno" : "allow";
  ProfileBuilder b = def == "allow" ? ProfileBuilder::Denylist() : ProfileBuilder::Allowlist();
  if (def == "errno") {
    b.DefaultAction(ActionKind::kErrno, opts.default_errno.value_or(ENOSYS));
  } else if (def == "kill") {
    b.DefaultAction(ActionKind::kKillProcess);
  } else if (def == "log") {
    b.DefaultAction(ActionKind::kLog);
  } else if (def != "allow") {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown default action '" + def + "' (errno, kill, log or allow)");
  }
  for (const auto& a : Split(opts.arches)) {
    ASSIGN_OR_RETURN(arch::Arch parsed, arch::ArchFromName(a));
    b.Arch(parsed);
  }
  // Deny rules first: an allowed name that is also denied stays denied (the first unconditional
  // rule for a syscall wins under runc).
  if (!deny.empty()) b.DenyErrno(deny, opts.deny_errno);
  if (!allow.empty()) b.Allow(allow);
  return b.Build();
}

Result<Profile> MergeAllowlists(const std::vector<Profile>& inputs) {
  if (inputs.empty()) return Fail(ErrorCode::kInvalidArgument, "nothing to merge");
  for (const auto& p : inputs) {
    if (p.default_action == ActionKind::kAllow || p.default_action == ActionKind::kLog ||
        p.unconfined) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot merge " + (p.loc.file.empty() ? std::string("a profile") : p.loc.file) +
                      ": its default action allows every syscall, it is not an allowlist");
    }
  }
  Profile out = inputs.front();
  out.syscalls.clear();
  out.arch_map.clear();
  std::set<std::string> allowed;
  auto allows = [](const SyscallRule& r) {
    return r.action == ActionKind::kAllow || r.action == ActionKind::kLog;
  };
  for (const auto& p : inputs) {
    for (const auto& a : p.architectures) {
      if (std::find(out.architectures.begin(), out.architectures.end(), a) ==
          out.architectures.end()) {
        out.architectures.push_back(a);
      }
    }
    for (const auto& f : p.flags) {
      if (std::find(out.flags.begin(), out.flags.end(), f) == out.flags.end()) {
        out.flags.push_back(f);
      }
    }
    for (const auto& r : p.syscalls) {
      if (!allows(r)) continue;
      out.syscalls.push_back(r);
      allowed.insert(r.names.begin(), r.names.end());
    }
  }
  // Unconditional allows go first so a conditional allow of the same syscall from another input
  // cannot narrow it (under runc the first unconditional rule wins).
  std::stable_partition(out.syscalls.begin(), out.syscalls.end(),
                        [](const SyscallRule& r) { return r.args.empty(); });
  for (const auto& p : inputs) {
    for (const auto& r : p.syscalls) {
      if (allows(r)) continue;
      SyscallRule kept = r;
      kept.names.clear();
      kept.name_locs.clear();
      for (size_t i = 0; i < r.names.size(); ++i) {
        if (allowed.count(r.names[i])) continue;
        kept.names.push_back(r.names[i]);
        if (i < r.name_locs.size()) kept.name_locs.push_back(r.name_locs[i]);
      }
      if (!kept.names.empty()) out.syscalls.push_back(std::move(kept));
    }
  }
  return Canonicalize(out);
}

}  // namespace syscage::profile
