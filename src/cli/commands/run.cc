// SPDX-License-Identifier: Apache-2.0
// `syscage run [--profile P] [--report|--complain] [--] CMD ARGS...`: load the profile, compile
// it, and run the command under it (run::RunConfined forks, sets no_new_privs, installs with
// TSYNC and the profile's flags, execs). Fail closed: a profile that does not load or compile, or
// a filter the kernel refuses, means the command never starts (exit 2). Otherwise the exit
// status is the command's. --report / --complain print one line per denied call on stderr (text,
// or JSON lines with --json) and a summary at exit; the mechanism is in run/denials.h.
#include <fcntl.h>
#include <linux/seccomp.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/load.h"
#include "syscage/run/confined.h"
#include "syscage/run/denial_report.h"
#include "syscage/syscalls/table.h"
#include "syscage/trace/decode/decoder.h"
#include "syscage/trace/decode/signatures.h"
#include "syscage/trace/ptrace/process_memory.h"

namespace syscage::cli {
namespace {

struct RunOptions {
  std::string profile = "default";
  ContainerFlags container;
  bool ignore_unknown = false;
  bool no_report = false;
  bool report = false;
  bool complain = false;
  CLI::App* sub = nullptr;
} g_opts;

run::DenialMode DenialModeFromFlags() {
  if (g_opts.complain) return run::DenialMode::kComplain;
  if (g_opts.report) return run::DenialMode::kReport;
  return run::DenialMode::kEnforce;
}

// Prints each denied call as it happens and counts it for the summary at exit.
class DenialPrinter {
 public:
  DenialPrinter(run::DenialMode mode, bool json, const std::vector<sock_filter>& program)
      : mode_(mode), json_(json), program_(program) {}

  void OnDenied(const run::DeniedCall& seen) {
    run::DeniedCall call = seen;
    if (!call.action_known) ClassifyKill(call);
    std::string decoded = Decode(call);
    std::string line = json_ ? run::FormatDenialJson(call, mode_, decoded)
                             : run::FormatDenial(call, mode_, decoded);
    std::fprintf(stderr, "%s\n", line.c_str());
    summary_.Add(call);
  }

  void PrintSummary() const {
    std::string line = json_ ? summary_.Json(mode_) : summary_.Text(mode_);
    std::fprintf(stderr, "%s\n", line.c_str());
  }

 private:
  // A seccomp kill seen at the thread's exit does not say which kill action it was: run the
  // compiled program (the one the kernel ran, before any rewrite) on the same call.
  void ClassifyKill(run::DeniedCall& call) const {
    if (call.nr < 0 || call.audit_arch == 0) return;
    seccomp_data data{};
    data.nr = static_cast<int>(call.nr);
    data.arch = call.audit_arch;
    for (size_t i = 0; i < call.args.size(); ++i) data.args[i] = call.args[i];
    auto ret = bpf::Evaluate(program_, data);
    uint32_t kind = ret ? (*ret & SECCOMP_RET_ACTION_FULL) : SECCOMP_RET_ALLOW;
    if (kind == SECCOMP_RET_KILL_PROCESS || kind == SECCOMP_RET_KILL_THREAD) {
      call.action = *ret;
      call.action_known = true;
    }
  }

  // "mkdir(\"hello\", 0777)" with `trace`'s decoder, while the thread is stopped; empty when
  // syscage has no decoding row for the call (the report then shows the raw arguments).
  std::string Decode(const run::DeniedCall& call) {
    if (!call.args_known) return {};
    std::string name = run::CallSyscallName(call.audit_arch, call.nr);
    auto arch = arch::ArchFromAudit(call.audit_arch);
    if (!arch || trace::decode::FindSignature(name) == nullptr) return {};
    trace::Event event;
    event.kind = trace::EventKind::kSyscallEntry;
    event.tid = call.tid;
    event.pid = call.pid;
    event.arch = run::CallArchName(call.audit_arch, call.nr) == "x32" ? arch::Arch::kX32 : *arch;
    event.nr = static_cast<uint32_t>(call.nr);
    event.args = call.args;
    trace::decode::Decoder decoder(memory_, trace::decode::DecodeOptions{});
    std::string text = decoder.Entry(event, name);
    // Output arguments would be printed at the exit, which a denied call does not reach.
    if (text.size() >= 2 && text.compare(text.size() - 2, 2, ", ") == 0) {
      text.resize(text.size() - 2);
      text += ", ...";
    }
    return text + ")";
  }

  run::DenialMode mode_;
  bool json_;
  const std::vector<sock_filter>& program_;
  trace::ProcessMemory memory_;  // for the argument decoder
  run::DenialSummary summary_;
};

void PrintDiagnostics(const Diagnostics& diags) {
  if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
}

// Maps the profile's "flags" onto install options. TSYNC is always on: every thread of the
// command must be confined (runc does the same through libseccomp's TSYNC attribute).
Result<run::InstallOptions> InstallOptionsFor(const profile::Profile& profile) {
  run::InstallOptions install;
  install.tsync = true;
  for (const auto& flag : profile.flags) {
    if (flag == "SECCOMP_FILTER_FLAG_TSYNC") {
      install.tsync = true;
    } else if (flag == "SECCOMP_FILTER_FLAG_LOG") {
      install.log = true;
    } else if (flag == "SECCOMP_FILTER_FLAG_SPEC_ALLOW") {
      install.spec_allow = true;
    } else if (flag == "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") {
      install.wait_killable_recv = true;
    } else {
      return Fail(ErrorCode::kInvalidArgument, "unknown seccomp flag '" + flag + "'");
    }
  }
  return install;
}

// "syscall mkdir (83, x86_64)" for a SIGSYS report, from the syscall tables.
std::string DescribeSigsys(const run::SigsysReport& report) {
  auto arch = arch::ArchFromAudit(report.audit_arch);
  std::string name = "?";
  std::string arch_name = "unknown arch";
  if (arch) {
    arch::Arch a = *arch;
    // x32 calls arrive with x86_64's audit value and the x32 bit in nr.
    if (a == arch::Arch::kX86_64 && (static_cast<uint32_t>(report.nr) & arch::kX32SyscallBit))
      a = arch::Arch::kX32;
    arch_name = std::string(arch::Info(a).name);
    if (auto n = syscalls::NameOf(a, static_cast<uint32_t>(report.nr))) name = std::string(*n);
  }
  return "syscall " + name + " (" + std::to_string(report.nr) + ", " + arch_name + ")";
}

Result<run::RunSpec> BuildSpec(std::vector<std::string> argv) {
  run::RunSpec spec;
  spec.argv = std::move(argv);
  spec.report_sigsys = !g_opts.no_report;
  spec.denials = DenialModeFromFlags();
  if (g_opts.profile == profile::kBuiltinUnconfined) return spec;

  ASSIGN_OR_RETURN(auto load_opts, g_opts.container.ToLoadOptions());
  Diagnostics diags;
  auto loaded = profile::LoadProfile(g_opts.profile, load_opts, diags);
  PrintDiagnostics(diags);
  if (!loaded) return Fail(loaded.error());
  if (profile::IsUnconfined(*loaded)) return spec;

  bpf::CompileOptions compile_opts;
  compile_opts.ignore_unknown = g_opts.ignore_unknown;
  Diagnostics compile_diags;
  auto compiled = bpf::Pipeline::Compile(*loaded, compile_opts, compile_diags);
  PrintDiagnostics(compile_diags);
  if (!compiled) return Fail(compiled.error());

  ASSIGN_OR_RETURN(spec.install, InstallOptionsFor(*loaded));
  spec.program = std::move(compiled->program);
  spec.listener_path = loaded->listener_path;
  spec.listener_metadata = loaded->listener_metadata;
  return spec;
}

}  // namespace

void RegisterRun(CLI::App& sub) {
  g_opts.sub = &sub;
  sub.add_option("-p,--profile", g_opts.profile,
                 "profile file (OCI JSON or SPO YAML), 'default' (Docker's) or 'unconfined'")
      ->capture_default_str();
  g_opts.container.Register(sub);
  sub.add_flag("--ignore-unknown", g_opts.ignore_unknown,
               "skip syscall names no architecture knows (as runc), with a warning");
  sub.add_flag("--no-report", g_opts.no_report,
               "do not trace the command to name the syscall behind a SIGSYS");
  auto* report = sub.add_flag(
      "--report", g_opts.report,
      "enforce the profile and report every denied call on stderr as it happens (syscall, "
      "number, arch, pid, action, arguments), with a summary at exit; JSON lines with --json");
  auto* complain = sub.add_flag(
      "--complain", g_opts.complain,
      "allow every call the profile would deny, and report it as --report does (one run lists "
      "everything a profile is missing, like SCMP_ACT_LOG or AppArmor's complain mode)");
  report->excludes(complain);
  complain->excludes(report);
  sub.prefix_command();
  sub.footer(
      "The command and its arguments follow the options, after an optional '--'.\n"
      "--report and --complain trace the command and every process it starts (ptrace, as "
      "strace -f)\nand wait for all of them; they need ptrace and fail before running the command "
      "without it.\nIf syscage dies, the command is killed (a denied call never runs "
      "unsupervised).");
}

int RunRun(const GlobalOptions& global) {
  std::vector<std::string> argv = CommandLine(*g_opts.sub, global);
  if (argv.empty()) {
    std::fprintf(stderr,
                 "syscage: error: run: no command given (syscage run [--profile P] -- CMD)\n");
    return kExitUsage;
  }
  auto spec = BuildSpec(std::move(argv));
  if (!spec) {
    std::fprintf(stderr, "syscage: error: %s\n", spec.error().ToString().c_str());
    return kExitUsage;
  }
  std::optional<DenialPrinter> printer;
  if (spec->denials != run::DenialMode::kEnforce && !spec->program.empty()) {
    printer.emplace(spec->denials, global.json, spec->program);
    spec->on_denied = [&printer](const run::DeniedCall& call) { printer->OnDenied(call); };
  }
  auto outcome = run::RunConfined(*spec);
  if (!outcome) {
    std::fprintf(stderr, "syscage: error: %s\n", outcome.error().ToString().c_str());
    return kExitUsage;
  }
  if (outcome->killed_by_seccomp) {
    std::fprintf(stderr, "syscage: %s: killed by seccomp at %s\n", spec->argv.front().c_str(),
                 DescribeSigsys(*outcome->killed_by_seccomp).c_str());
  } else if (!outcome->exited) {
    std::fprintf(stderr, "syscage: %s: %s\n", spec->argv.front().c_str(),
                 outcome->Describe().c_str());
    if (outcome->sigsys)
      std::fprintf(stderr, "syscage: last seccomp trap at %s\n",
                   DescribeSigsys(*outcome->sigsys).c_str());
  }
  if (printer) printer->PrintSummary();
  return outcome->ShellStatus();
}

}  // namespace syscage::cli
