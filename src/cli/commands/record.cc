// SPDX-License-Identifier: Apache-2.0
// `syscage record [-o FILE] [--format oci|spo] [--backend ebpf|ptrace|auto] [--merge-into FILE
// [--iterative|--no-iterative]] [--pid PID | --cgroup PATH | -- COMMAND ARGS...]`: flags onto
// record::RecordOptions, then record::RunRecord. The profile goes to -o (stdout by default), the
// report to stderr. Exit: 0 profile written, 1 --verify found a difference, 2 bad input (missing
// command, pid, unwritable output, no eBPF permission with --backend ebpf), 3 recording failed
// midway.
#include "syscage/record/record.h"

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"

namespace syscage::cli {
namespace {
struct RecordFlags {
  std::string output;
  std::string format = "oci";
  std::string backend = "auto";
  int pid = 0;
  std::string cgroup;
  bool args = false;
  std::string merge_into;
  bool iterative = false;
  bool no_iterative = false;
  std::string for_runtime = "run";
  std::string name;
  bool verify = false;
  bool quiet = false;
} g_opts;
CLI::App* g_sub = nullptr;

int ExitFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kPermission:
    case ErrorCode::kUnsupportedArch:
      return kExitUsage;
    default:
      return kExitRuntime;
  }
}
}  // namespace

void RegisterRecord(CLI::App& sub) {
  sub.description(
      "record the syscalls of a command, process tree or cgroup into an allowlist profile");
  sub.add_option("-o,--output", g_opts.output,
                 "write the profile here (atomically; default stdout, or the --merge-into file)");
  sub.add_option("--format", g_opts.format, "oci (Docker/OCI JSON) or spo (SeccompProfile YAML)")
      ->check(CLI::IsMember({"oci", "spo"}));
  sub.add_option("--backend", g_opts.backend,
                 "ebpf, ptrace, or auto (eBPF, falling back to ptrace with a warning)")
      ->check(CLI::IsMember({"auto", "ebpf", "ptrace"}));
  sub.add_option("-p,--pid", g_opts.pid, "record a running process and its descendants");
  sub.add_option("--cgroup", g_opts.cgroup,
                 "record everything in this cgroup v2 (a container or pod; eBPF only)");
  sub.add_flag("--args", g_opts.args,
               "add argument rules from the values seen (clone flags, socket families, "
               "personality, prctl options)");
  sub.add_option("--merge-into", g_opts.merge_into,
                 "union with this earlier profile (written back to it unless -o is given)");
  auto* iterative = sub.add_flag(
      "--iterative", g_opts.iterative,
      "ptrace, stopping only on syscalls the --merge-into profile does not allow yet (a seccomp "
      "RET_TRACE filter on the rest, like strace --seccomp-bpf); the default with --merge-into "
      "and --backend ptrace");
  auto* no_iterative = sub.add_flag("--no-iterative", g_opts.no_iterative,
                                    "with --merge-into and ptrace, still stop on every syscall "
                                    "(full counts in the report)");
  iterative->excludes(no_iterative);
  no_iterative->excludes(iterative);
  sub.add_option("--for", g_opts.for_runtime,
                 "who enforces the profile (their own syscalls after installing it are added): "
                 "run, or runc (measured on runc 1.1, with noNewPrivileges on or off as Docker "
                 "runs it)")
      ->check(CLI::IsMember({"run", "runc"}));
  sub.add_option("--name", g_opts.name, "metadata.name for --format spo");
  sub.add_flag("--verify", g_opts.verify,
               "run the command again under the recorded profile (as run --report) and compare "
               "the outcome: same exit status and no denied call");
  sub.add_flag("-q,--quiet", g_opts.quiet, "no report");
  // The command and everything after it (its own flags too) stay in remaining(), with or
  // without a "--" before it.
  sub.prefix_command();
  sub.allow_extras();
  sub.footer(
      "The command and its arguments follow the options, after an optional '--'.\n"
      "Several runs, one profile: the first run records everything, later runs add to it:\n"
      "  syscage record -o app.json -- ./app --self-test\n"
      "  syscage record --backend ptrace --merge-into app.json -- ./app --serve\n"
      "With ptrace and --merge-into the later runs are iterative: a seccomp filter lets the "
      "syscalls\napp.json allows run at full speed (in every ABI: x86_64, i386, x32) and stops "
      "only on new ones,\nin the command and everything it forks and execs.");
  g_sub = &sub;
}

int RunRecord(const GlobalOptions& global) {
  record::RecordOptions o;
  if (g_sub != nullptr) o.command = CommandLine(*g_sub, global);
  o.output = g_opts.output;
  o.format = g_opts.format == "spo" ? record::OutputFormat::kSpo : record::OutputFormat::kOci;
  o.backend = g_opts.backend == "ebpf"     ? record::BackendKind::kEbpf
              : g_opts.backend == "ptrace" ? record::BackendKind::kPtrace
                                           : record::BackendKind::kAuto;
  if (g_opts.pid < 0) {
    std::fprintf(stderr, "syscage: error: invalid process id: %d\n", g_opts.pid);
    return kExitUsage;
  }
  o.pid = g_opts.pid;
  o.cgroup = g_opts.cgroup;
  o.args = g_opts.args;
  o.merge_into = g_opts.merge_into;
  o.iterative = g_opts.iterative      ? record::IterativeMode::kOn
                : g_opts.no_iterative ? record::IterativeMode::kOff
                                      : record::IterativeMode::kAuto;
  o.runtime = g_opts.for_runtime == "runc" ? record::ForRuntime::kRunc : record::ForRuntime::kRun;
  o.spo_name = g_opts.name;
  o.verify = g_opts.verify;

  auto outcome = record::RunRecord(o);
  if (!outcome) {
    std::fprintf(stderr, "syscage: error: %s\n", outcome.error().ToString().c_str());
    return ExitFor(outcome.error().code);
  }
  if (!outcome->fallback_reason.empty()) {
    std::fprintf(stderr, "syscage: warning: eBPF unavailable (%s); recording with ptrace\n",
                 outcome->fallback_reason.c_str());
  }
  for (const auto& w : outcome->warnings) std::fprintf(stderr, "syscage: warning: %s\n", w.c_str());
  if (global.json) {
    nlohmann::json j;
    j["backend"] = outcome->backend;
    j["output"] = outcome->written_to;
    nlohmann::json calls = nlohmann::json::object();
    for (const auto& [key, n] : outcome->recording.counts) {
      std::string k = std::string(arch::Info(key.first).name) + ":" + std::to_string(key.second);
      calls[k] = n;
    }
    j["counts"] = calls;
    j["iterative"] = outcome->iterative;
    if (outcome->new_syscalls) j["new_syscalls"] = *outcome->new_syscalls;
    if (outcome->launched) j["exit_status"] = outcome->exit_status;
    if (outcome->verify) {
      j["verify_same"] = outcome->verify->same;
      j["verify_denied"] = outcome->verify->denied;
    }
    std::fprintf(stderr, "%s\n", j.dump(2).c_str());
  } else if (!g_opts.quiet) {
    std::fprintf(stderr, "%s", record::FormatReport(*outcome).c_str());
  }
  if (outcome->verify && !outcome->verify->same) return kExitFindings;
  return kExitOk;
}

}  // namespace syscage::cli
