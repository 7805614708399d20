// SPDX-License-Identifier: Apache-2.0
// The human report of `syscage record` (printed to stderr so the profile can go to stdout):
// what was recorded, per architecture, the busiest syscalls and processes, and --verify's verdict.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "syscage/record/record.h"
#include "syscage/syscalls/table.h"

namespace syscage::record {

std::string FormatReport(const RecordOutcome& outcome, size_t top) {
  std::string out;
  char line[256];
  const Recording& rec = outcome.recording;
  uint64_t total = 0;
  std::map<arch::Arch, std::pair<size_t, uint64_t>> per_arch;  // distinct syscalls, calls
  for (const auto& [key, n] : rec.counts) {
    total += n;
    per_arch[key.first].first++;
    per_arch[key.first].second += n;
  }
  std::snprintf(line, sizeof(line), "syscage record: backend %s, %zu syscalls, %llu calls\n",
                outcome.backend.c_str(), rec.counts.size(), static_cast<unsigned long long>(total));
  out += line;
  for (const auto& [a, v] : per_arch) {
    std::snprintf(line, sizeof(line), "  %-8s %4zu syscalls %12llu calls\n",
                  std::string(arch::Info(a).name).c_str(), v.first,
                  static_cast<unsigned long long>(v.second));
    out += line;
  }

  std::vector<std::pair<uint64_t, SyscallKey>> by_calls;
  for (const auto& [key, n] : rec.counts) by_calls.emplace_back(n, key);
  std::sort(by_calls.begin(), by_calls.end(),
            [](const auto& x, const auto& y) { return x.first > y.first; });
  if (!by_calls.empty()) out += "top syscalls:\n";
  for (size_t i = 0; i < by_calls.size() && i < top; ++i) {
    const auto& [n, key] = by_calls[i];
    auto name = syscalls::NameOf(key.first, key.second);
    std::string label = name ? std::string(*name) : "syscall_" + std::to_string(key.second);
    if (key.first != arch::NativeArch())
      label += " (" + std::string(arch::Info(key.first).name) + ")";
    std::snprintf(line, sizeof(line), "  %12llu  %s\n", static_cast<unsigned long long>(n),
                  label.c_str());
    out += line;
  }

  std::vector<std::pair<uint64_t, pid_t>> callers;
  for (const auto& [pid, c] : rec.callers) {
    // Iterative mode: a process whose calls were all known made no stop; it is not a caller.
    if (c.calls != 0) callers.emplace_back(c.calls, pid);
  }
  std::sort(callers.begin(), callers.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  if (!callers.empty()) {
    out += outcome.backend == "ebpf" ? "top callers (processes that exited):\n" : "top callers:\n";
  }
  for (size_t i = 0; i < callers.size() && i < top; ++i) {
    const Caller& c = rec.callers.at(callers[i].second);
    std::snprintf(line, sizeof(line), "  %12llu  %s[%d]\n",
                  static_cast<unsigned long long>(c.calls), c.comm.c_str(), callers[i].second);
    out += line;
  }

  if (outcome.launched) {
    if (outcome.exited) {
      std::snprintf(line, sizeof(line), "workload exited with status %d\n", outcome.exit_status);
    } else if (outcome.term_signal != 0) {
      std::snprintf(line, sizeof(line), "workload killed by signal %d\n", outcome.term_signal);
    } else {
      std::snprintf(line, sizeof(line), "workload still running (recording interrupted)\n");
    }
    out += line;
  }
  std::snprintf(
      line, sizeof(line), "profile: %zu syscalls allowed, written to %s\n",
      outcome.profile.syscalls.empty() ? size_t{0} : outcome.profile.syscalls.front().names.size(),
      outcome.written_to == "-" ? "stdout" : outcome.written_to.c_str());
  out += line;
  if (outcome.iterative) {
    std::snprintf(line, sizeof(line),
                  "iterative: the %zu syscalls the earlier profile allows ran untraced; only new "
                  "ones stopped the tracer\n",
                  outcome.known_syscalls);
    out += line;
    if (outcome.launched && !outcome.exited && outcome.term_signal == 0) {
      out +=
          "note: the workload runs on untraced, and its syscalls outside that set now fail "
          "with ENOSYS (the trace filter stays installed)\n";
    }
  }
  if (outcome.new_syscalls) {
    if (outcome.new_syscalls->empty()) {
      out += "new since the earlier profile: none\n";
    } else {
      out += "new since the earlier profile:";
      for (const auto& n : *outcome.new_syscalls) out += " " + n;
      out += "\n";
    }
  }
  if (outcome.verify) {
    out += std::string("verify: ") + (outcome.verify->same ? "OK, " : "FAILED, ") +
           "recorded run " + outcome.verify->recorded + ", under the profile " +
           outcome.verify->verified + "\n";
    if (!outcome.verify->denied.empty()) {
      out += "verify: denied under the profile:";
      for (const auto& d : outcome.verify->denied) out += " " + d;
      out += "\n";
    } else if (!outcome.verify->denials_checked) {
      out += "verify: denied calls not checked (ptrace is not allowed here)\n";
    }
  }
  return out;
}

}  // namespace syscage::record
