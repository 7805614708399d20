// SPDX-License-Identifier: Apache-2.0
// `syscage check [--json]`: is seccomp usable here. The probing is inspect::ProbeKernelSupport;
// this file only prints. Exit 1 when a seccomp filter cannot be installed.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"
#include "syscage/inspect/kernel_support.h"

namespace syscage::cli {

void RegisterCheck(CLI::App& sub) {
  sub.description(
      "is seccomp usable here: kernel config, actions, USER_NOTIF, TSYNC, tracepoints, ptrace, "
      "own seccomp mode; exit 1 when filtering is not usable");
}

int RunCheck(const GlobalOptions& global) {
  inspect::KernelSupport support = inspect::ProbeKernelSupport();
  if (global.json) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : support.lines) {
      lines.push_back({{"key", line.key},
                       {"title", line.title},
                       {"status", inspect::SupportStatusName(line.status)},
                       {"detail", line.detail}});
    }
    nlohmann::json out = {{"checks", lines},
                          {"seccomp_filter_usable", support.filter_usable},
                          {"verdict", support.verdict}};
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const auto& line : support.lines) {
      std::printf("%-26s %-8s %s\n", line.title.c_str(), inspect::SupportStatusName(line.status),
                  line.detail.c_str());
    }
    std::printf("verdict: %s\n", support.verdict.c_str());
  }
  return support.filter_usable ? kExitOk : kExitFindings;
}

}  // namespace syscage::cli
