// SPDX-License-Identifier: Apache-2.0
#include "syscage/profile/model.h"

#include <array>
#include <utility>

namespace syscage::profile {
namespace {

constexpr std::array<std::pair<ActionKind, const char*>, 9> kActions = {{
    {ActionKind::kKill, "SCMP_ACT_KILL"},
    {ActionKind::kKillThread, "SCMP_ACT_KILL_THREAD"},
    {ActionKind::kKillProcess, "SCMP_ACT_KILL_PROCESS"},
    {ActionKind::kTrap, "SCMP_ACT_TRAP"},
    {ActionKind::kErrno, "SCMP_ACT_ERRNO"},
    {ActionKind::kTrace, "SCMP_ACT_TRACE"},
    {ActionKind::kLog, "SCMP_ACT_LOG"},
    {ActionKind::kAllow, "SCMP_ACT_ALLOW"},
    {ActionKind::kNotify, "SCMP_ACT_NOTIFY"},
}};

constexpr std::array<std::pair<CmpOp, const char*>, 7> kOps = {{
    {CmpOp::kNe, "SCMP_CMP_NE"},
    {CmpOp::kLt, "SCMP_CMP_LT"},
    {CmpOp::kLe, "SCMP_CMP_LE"},
    {CmpOp::kEq, "SCMP_CMP_EQ"},
    {CmpOp::kGe, "SCMP_CMP_GE"},
    {CmpOp::kGt, "SCMP_CMP_GT"},
    {CmpOp::kMaskedEq, "SCMP_CMP_MASKED_EQ"},
}};

}  // namespace

const char* ActionKindName(ActionKind kind) {
  for (const auto& [k, name] : kActions) {
    if (k == kind) return name;
  }
  return "SCMP_ACT_KILL_PROCESS";
}

std::optional<ActionKind> ActionKindFromName(std::string_view name) {
  for (const auto& [k, n] : kActions) {
    if (name == n) return k;
  }
  return std::nullopt;
}

bool ActionTakesErrno(ActionKind kind) {
  return kind == ActionKind::kErrno || kind == ActionKind::kTrace;
}

const char* CmpOpName(CmpOp op) {
  for (const auto& [o, name] : kOps) {
    if (o == op) return name;
  }
  return "SCMP_CMP_EQ";
}

std::optional<CmpOp> CmpOpFromName(std::string_view name) {
  for (const auto& [o, n] : kOps) {
    if (name == n) return o;
  }
  return std::nullopt;
}

}  // namespace syscage::profile
