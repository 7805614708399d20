// SPDX-License-Identifier: Apache-2.0
#include "syscage/bpf/program.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/core.h>

namespace syscage::bpf {

uint32_t NormalizeAction(uint32_t ret) {
  const uint32_t action = ret & kRetActionFull;
  const uint32_t data = ret & kRetData;
  switch (action) {
    case kRetErrno:
      return kRetErrno | std::min<uint32_t>(data, 4095);
    case kRetTrap:
    case kRetTrace:
    case kRetUserNotif:
      return ret;
    case kRetLog:
    case kRetAllow:
      return action;
    case kRetKillThread:
      return kRetKillThread;
    default:
      return kRetKillProcess;
  }
}

std::string ActionName(uint32_t ret) {
  const uint32_t action = ret & kRetActionFull;
  const uint32_t data = ret & kRetData;
  switch (action) {
    case kRetKillProcess:
      return "KILL_PROCESS";
    case kRetKillThread:
      return "KILL_THREAD";
    case kRetTrap:
      return data == 0 ? "TRAP" : fmt::format("TRAP({})", data);
    case kRetErrno:
      return fmt::format("ERRNO({})", data);
    case kRetUserNotif:
      return "USER_NOTIF";
    case kRetTrace:
      return fmt::format("TRACE({})", data);
    case kRetLog:
      return "LOG";
    case kRetAllow:
      return "ALLOW";
    default:
      return fmt::format("UNKNOWN(0x{:08x})", ret);
  }
}

std::optional<uint32_t> ParseActionName(std::string_view text) {
  std::string s;
  for (char c : text) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (s.rfind("SCMP_ACT_", 0) == 0) s = s.substr(9);
  uint32_t data = 0;
  std::string head = s;
  if (auto open = s.find('('); open != std::string::npos && s.back() == ')') {
    head = s.substr(0, open);
    const std::string num = s.substr(open + 1, s.size() - open - 2);
    if (num.empty() || num.size() > 5 ||
        !std::all_of(num.begin(), num.end(), [](char c) { return std::isdigit(c) != 0; })) {
      return std::nullopt;
    }
    data = static_cast<uint32_t>(std::stoul(num));
    if (data > kRetData) return std::nullopt;
  }
  if (head == "KILL_PROCESS") return kRetKillProcess;
  if (head == "KILL_THREAD" || head == "KILL") return kRetKillThread;
  if (head == "TRAP") return kRetTrap | data;
  if (head == "ERRNO") return kRetErrno | data;
  if (head == "USER_NOTIF" || head == "NOTIFY") return kRetUserNotif;
  if (head == "TRACE") return kRetTrace | data;
  if (head == "LOG") return kRetLog;
  if (head == "ALLOW") return kRetAllow;
  return std::nullopt;
}

}  // namespace syscage::bpf
