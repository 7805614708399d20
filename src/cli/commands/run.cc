// SPDX-License-Identifier: Apache-2.0
// `syscage run [--profile P] [--] CMD ARGS...`: load the profile, compile it, and run the command
// under it (run::RunConfined forks, sets no_new_privs, installs with TSYNC and the profile's
// flags, execs). Fail closed: a profile that does not load or compile, or a filter the kernel
// refuses, means the command never starts (exit 2). Otherwise the exit status is the command's.
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/load.h"
#include "syscage/run/confined.h"
#include "syscage/syscalls/table.h"

namespace syscage::cli {
namespace {

struct RunOptions {
  std::string profile = "default";
  ContainerFlags container;
  bool ignore_unknown = false;
  bool no_report = false;
  CLI::App* sub = nullptr;
} g_opts;

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
  sub.prefix_command();
  sub.footer("The command and its arguments follow the options, after an optional '--'.");
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
  return outcome->ShellStatus();
}

}  // namespace syscage::cli
