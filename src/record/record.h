// SPDX-License-Identifier: Apache-2.0
// `syscage record` as one library call: record what a command, a process tree (--pid) or a
// cgroup (--cgroup) calls, with the eBPF backend or the ptrace engine of `trace`, then write the
// allowlist profile atomically (OCI JSON or SPO YAML, optionally merged into an earlier one), a
// short report, and with --verify run the command again under the new profile.
//
//   record::RecordOptions opts;
//   opts.command = {"tar", "czf", "/tmp/x.tgz", "src"};
//   opts.output = "tar.json";
//   ASSIGN_OR_RETURN(auto outcome, record::RunRecord(opts));
#pragma once

#include <sys/types.h>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "syscage/base/result.h"
#include "syscage/profile/model.h"
#include "syscage/record/profile_writer.h"
#include "syscage/record/recording.h"

namespace syscage::record {

enum class BackendKind { kAuto, kEbpf, kPtrace };
enum class OutputFormat { kOci, kSpo };
// The iterative ptrace mode (iterative.h): kAuto uses it whenever the ptrace backend launches a
// command with --merge-into; kOn asks for it (and picks ptrace under --backend auto); kOff stops
// on every call.
enum class IterativeMode { kAuto, kOn, kOff };

struct RecordOptions {
  std::vector<std::string> command;  // launch this (argv[0] searched in PATH)
  pid_t pid = 0;                     // or record this process and its descendants from now on
  std::string cgroup;                // or everything in this cgroup v2 (and below)
  BackendKind backend = BackendKind::kAuto;
  // Where the profile goes: "-" is stdout; empty is stdout, or the --merge-into file when set.
  std::string output;
  OutputFormat format = OutputFormat::kOci;
  std::string spo_name;  // metadata.name for SPO; empty: the command's base name
  bool args = false;
  std::string merge_into;  // union with this earlier profile; written back there without -o
  IterativeMode iterative = IterativeMode::kAuto;
  ForRuntime runtime = ForRuntime::kRun;
  bool verify = false;
  // Set (from a signal handler) to end the recording early; RunRecord also installs its own
  // SIGINT/SIGTERM handlers that set it while recording.
  std::atomic<bool>* stop = nullptr;
};

// The result of --verify: the command run again under the recorded profile.
struct VerifyResult {
  bool same = false;     // same exit status (or signal) as the recorded run
  std::string recorded;  // "exited with status 0"
  std::string verified;  // the same for the confined run, with the seccomp report if any
  // Calls the profile denied during the confined run, "getdents64" or "mkdir (x86)" for another
  // ABI, with counts, most frequent first (run --report's supervisor saw them).
  std::vector<std::string> denied;
  // False when ptrace was not allowed, so denials could not be observed: only the exit status
  // was compared.
  bool denials_checked = false;
};

struct RecordOutcome {
  Recording recording;
  profile::Profile profile;
  std::string backend;          // "ebpf" or "ptrace"
  std::string fallback_reason;  // why auto chose ptrace (empty otherwise)
  bool launched = false;        // a command was launched (exit status fields valid)
  bool exited = false;
  int exit_status = 0;
  int term_signal = 0;
  std::vector<std::string> warnings;
  std::optional<VerifyResult> verify;
  std::string written_to;  // the output path ("-" for stdout)
  // Iterative mode: the syscalls the --merge-into profile already allowed ran untraced, so
  // `recording` holds only the others.
  bool iterative = false;
  size_t known_syscalls = 0;
  // With --merge-into: the names the written profile allows that the earlier one did not.
  std::optional<std::vector<std::string>> new_syscalls;
};

// Records and writes the profile. Before anything runs it checks the input: kInvalidArgument
// (no or several targets, --cgroup with ptrace, --verify without a command, bad --merge-into
// profile, --iterative without --merge-into or a command, or with --backend ebpf), kNotFound
// (command not in PATH, no such pid or cgroup, --merge-into file missing), kPermission (output not
// writable; eBPF refused with --backend ebpf). kKernel when recording fails midway. Nothing is
// written on error.
Result<RecordOutcome> RunRecord(const RecordOptions& options);

// The report printed after recording: backend, per-arch syscall counts, top syscalls by calls,
// top processes by calls, the workload's exit and the verify result.
std::string FormatReport(const RecordOutcome& outcome, size_t top = 10);

}  // namespace syscage::record
