// SPDX-License-Identifier: Apache-2.0
#include "syscage/run/denial_report.h"

#include <linux/seccomp.h>
#include <string.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "syscage/arch/arch.h"
#include "syscage/syscalls/table.h"

namespace syscage::run {
namespace {

std::optional<arch::Arch> CallArch(uint32_t audit_arch, int64_t nr) {
  auto a = arch::ArchFromAudit(audit_arch);
  if (a && *a == arch::Arch::kX86_64 && nr >= 0 &&
      (static_cast<uint64_t>(nr) & arch::kX32SyscallBit) != 0) {
    return arch::Arch::kX32;
  }
  return a;
}

std::string ErrnoText(int err) {
  const char* name = strerrorname_np(err);
  return name != nullptr ? name : std::to_string(err);
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
  return buf;
}

const char* OutcomeName(DeniedCall::Outcome outcome) {
  switch (outcome) {
    case DeniedCall::Outcome::kErrno:
      return "errno";
    case DeniedCall::Outcome::kAllowed:
      return "allowed";
    case DeniedCall::Outcome::kTrapped:
      return "trapped";
    case DeniedCall::Outcome::kKilled:
      return "killed";
  }
  return "?";
}

std::string OutcomeText(const DeniedCall& call) {
  switch (call.outcome) {
    case DeniedCall::Outcome::kErrno:
      return "returned " + ErrnoText(call.errno_returned);
    case DeniedCall::Outcome::kAllowed:
      return "allowed";
    case DeniedCall::Outcome::kTrapped:
      return "SIGSYS delivered";
    case DeniedCall::Outcome::kKilled:
      return "killed";
  }
  return "?";
}

// "SCMP_ACT_ERRNO" etc. for the action kind alone.
std::string ActionKindText(const DeniedCall& call) {
  if (!call.action_known) return "seccomp kill";
  switch (call.action & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_KILL_PROCESS:
      return "SCMP_ACT_KILL_PROCESS";
    case SECCOMP_RET_KILL_THREAD:
      return "SCMP_ACT_KILL_THREAD";
    case SECCOMP_RET_TRAP:
      return "SCMP_ACT_TRAP";
    case SECCOMP_RET_ERRNO:
      return "SCMP_ACT_ERRNO";
    case SECCOMP_RET_TRACE:
      return "SCMP_ACT_TRACE";
    case SECCOMP_RET_LOG:
      return "SCMP_ACT_LOG";
    case SECCOMP_RET_USER_NOTIF:
      return "SCMP_ACT_NOTIFY";
    case SECCOMP_RET_ALLOW:
      return "SCMP_ACT_ALLOW";
    default:
      return "action " + Hex(call.action);
  }
}

std::string CallText(const DeniedCall& call, std::string_view decoded) {
  if (!decoded.empty()) return std::string(decoded);
  std::string out = CallSyscallName(call.audit_arch, call.nr) + "(";
  if (call.args_known) {
    for (size_t i = 0; i < call.args.size(); ++i) {
      if (i > 0) out += ", ";
      out += Hex(call.args[i]);
    }
  }
  return out + ")";
}

}  // namespace

const char* DenialModeName(DenialMode mode) {
  switch (mode) {
    case DenialMode::kEnforce:
      return "enforce";
    case DenialMode::kReport:
      return "report";
    case DenialMode::kComplain:
      return "complain";
  }
  return "?";
}

std::string CallArchName(uint32_t audit_arch, int64_t nr) {
  if (auto a = CallArch(audit_arch, nr)) return std::string(arch::Info(*a).name);
  return audit_arch == 0 ? "unknown arch" : "arch " + Hex(audit_arch);
}

std::string CallSyscallName(uint32_t audit_arch, int64_t nr) {
  if (nr < 0) return "syscall_unknown";
  if (auto a = CallArch(audit_arch, nr)) {
    if (auto name = syscalls::NameOf(*a, static_cast<uint32_t>(nr))) return std::string(*name);
  }
  return "syscall_" + std::to_string(nr);
}

std::string ActionText(const DeniedCall& call) {
  std::string kind = ActionKindText(call);
  if (!call.action_known) return kind;
  uint32_t data = call.action & SECCOMP_RET_DATA;
  switch (call.action & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_ERRNO:
      return kind + "(" + ErrnoText(ErrnoOfAction(call.action)) + ")";
    case SECCOMP_RET_TRAP:
    case SECCOMP_RET_TRACE:
      return data != 0 ? kind + "(" + std::to_string(data) + ")" : kind;
    default:
      return kind;
  }
}

std::string FormatDenial(const DeniedCall& call, DenialMode mode, std::string_view decoded) {
  return std::string("syscage: ") + DenialModeName(mode) + ": " + CallText(call, decoded) + " [" +
         CallArchName(call.audit_arch, call.nr) + " nr " + std::to_string(call.nr) + "] pid " +
         std::to_string(call.pid) +
         (call.tid != call.pid ? " tid " + std::to_string(call.tid) : "") + ": " +
         ActionText(call) + ", " + OutcomeText(call);
}

std::string FormatDenialJson(const DeniedCall& call, DenialMode mode, std::string_view decoded) {
  nlohmann::json j = {
      {"type", "denied"},
      {"mode", DenialModeName(mode)},
      {"syscall", CallSyscallName(call.audit_arch, call.nr)},
      {"nr", call.nr},
      {"arch", CallArchName(call.audit_arch, call.nr)},
      {"pid", call.pid},
      {"tid", call.tid},
      {"action", ActionKindText(call)},
      {"outcome", OutcomeName(call.outcome)},
  };
  if (call.action_known) {
    uint32_t kind = call.action & SECCOMP_RET_ACTION_FULL;
    if (kind == SECCOMP_RET_ERRNO || kind == SECCOMP_RET_TRACE) {
      j["errno"] = ErrnoText(ErrnoOfAction(call.action));
    } else if (kind == SECCOMP_RET_TRAP) {
      j["data"] = call.action & SECCOMP_RET_DATA;
    }
  }
  if (call.args_known) {
    nlohmann::json args = nlohmann::json::array();
    for (uint64_t a : call.args) args.push_back(Hex(a));
    j["args"] = std::move(args);
  }
  j["call"] = CallText(call, decoded);
  return j.dump();
}

void DenialSummary::Add(const DeniedCall& call) {
  std::string arch_name = CallArchName(call.audit_arch, call.nr);
  ++counts_[Key{arch_name, CallSyscallName(call.audit_arch, call.nr), call.nr}];
  ++total_;
}

std::string DenialSummary::Text(DenialMode mode) const {
  std::string out = std::string("syscage: ") + DenialModeName(mode) + ": ";
  const char* what = mode == DenialMode::kComplain ? "call" : "denied call";
  if (total_ == 0)
    return out + "no " + what + "s" +
           (mode == DenialMode::kComplain ? " the profile would deny" : "");
  std::vector<std::pair<Key, uint64_t>> sorted(counts_.begin(), counts_.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out += std::to_string(total_) + " " + what + (total_ == 1 ? "" : "s");
  if (mode == DenialMode::kComplain) out += " the profile would deny";
  out += ": ";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ", ";
    out += sorted[i].first.name;
    if (sorted[i].first.arch != arch::Info(arch::NativeArch()).name) {
      out += " (" + sorted[i].first.arch + ")";
    }
    out += " x" + std::to_string(sorted[i].second);
  }
  return out;
}

std::string DenialSummary::Json(DenialMode mode) const {
  nlohmann::json list = nlohmann::json::array();
  std::vector<std::pair<Key, uint64_t>> sorted(counts_.begin(), counts_.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [key, count] : sorted) {
    list.push_back({{"syscall", key.name}, {"arch", key.arch}, {"nr", key.nr}, {"count", count}});
  }
  nlohmann::json j = {{"type", "summary"},
                      {"mode", DenialModeName(mode)},
                      {"denied", total_},
                      {"syscalls", std::move(list)}};
  return j.dump();
}

}  // namespace syscage::run
