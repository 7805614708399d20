// SPDX-License-Identifier: Apache-2.0
// Is seccomp usable on this machine? The facts behind `syscage check`: the kernel config (as the
// seeds grep /boot/config-$(uname -r)), /proc/sys/kernel/seccomp/actions_avail, seccomp(2) probes
// (SECCOMP_GET_ACTION_AVAIL, SECCOMP_GET_NOTIF_SIZES, and filter installs in throwaway forked
// children for what only an install can tell), the raw_syscalls tracepoints, ptrace, and the
// caller's own Seccomp mode from /proc/self/status. The CLI only prints the returned struct.
#pragma once

#include <string>
#include <vector>

#include "syscage/base/result.h"

namespace syscage::inspect {

enum class SupportStatus { kOk, kMissing, kUnknown };

// "ok", "missing" or "unknown".
const char* SupportStatusName(SupportStatus status);

// One line of `syscage check`.
struct SupportLine {
  std::string key;    // stable machine name: "config_seccomp", "tsync", ...
  std::string title;  // what a human reads: "CONFIG_SECCOMP"
  SupportStatus status = SupportStatus::kUnknown;
  std::string detail;  // why: where the fact came from, the errno of a failed probe...
};

struct KernelSupport {
  std::vector<SupportLine> lines;
  // True when a seccomp filter can be installed here (the verdict of `syscage check`).
  bool filter_usable = false;
  std::string verdict;  // one sentence explaining filter_usable

  // The line with `key`, or nullptr.
  const SupportLine* Find(const std::string& key) const;
};

struct KernelSupportOptions {
  // Roots of the pseudo file systems, so tests can point them at a fake tree.
  std::string proc_root = "/proc";
  std::string boot_dir = "/boot";
  std::string sys_root = "/sys";
  std::string mounts_file = "/proc/self/mounts";
  // The kernel release naming /boot/config-<release>; empty means uname(2).
  std::string kernel_release;
  // Run the seccomp(2) and ptrace probes (forking children). Off in tests of the file readers.
  bool run_probes = true;
};

// Gathers every line. Never fails as a whole: a fact that cannot be read becomes an "unknown"
// line with the reason.
KernelSupport ProbeKernelSupport(const KernelSupportOptions& options = {});

// The value of `option` ("CONFIG_SECCOMP") in kernel config text: "y", "m", a string, or "n"
// for a "# CONFIG_X is not set" line; empty when the option does not appear at all.
std::string KernelConfigValue(const std::string& config_text, const std::string& option);

// Reads the kernel config from <boot_dir>/config-<release>, else <proc_root>/config.gz
// (gzip). `source` receives the path read. kNotFound naming both paths when neither exists.
Result<std::string> ReadKernelConfig(const KernelSupportOptions& options, std::string* source);

// Seccomp mode and filter count of a /proc/<pid>/status text. kNotFound when the kernel does
// not print the Seccomp field (built without CONFIG_SECCOMP).
struct SeccompStatus {
  int mode = 0;      // 0 disabled, 1 strict, 2 filter
  int filters = -1;  // Seccomp_filters (Linux 5.9+), -1 when absent
};
Result<SeccompStatus> ParseSeccompStatus(const std::string& status_text);

}  // namespace syscage::inspect
