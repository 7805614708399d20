// SPDX-License-Identifier: Apache-2.0
#include "syscage/cli/commands.h"

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

#include "syscage/base/log.h"
#include "syscage/base/suggest.h"
#include "syscage/cli/version.h"

namespace syscage::cli {

// Each command file provides Register<Name> and Run<Name>.
#define SYSCAGE_DECLARE_COMMAND(Name) \
  void Register##Name(CLI::App& sub); \
  int Run##Name(const GlobalOptions& global);
SYSCAGE_DECLARE_COMMAND(Help)
SYSCAGE_DECLARE_COMMAND(Trace)
SYSCAGE_DECLARE_COMMAND(Record)
SYSCAGE_DECLARE_COMMAND(Check)
SYSCAGE_DECLARE_COMMAND(Pidof)
SYSCAGE_DECLARE_COMMAND(Syscalls)
SYSCAGE_DECLARE_COMMAND(Compile)
SYSCAGE_DECLARE_COMMAND(Explain)
SYSCAGE_DECLARE_COMMAND(New)
SYSCAGE_DECLARE_COMMAND(Lint)
SYSCAGE_DECLARE_COMMAND(Diff)
SYSCAGE_DECLARE_COMMAND(Merge)
SYSCAGE_DECLARE_COMMAND(Fmt)
SYSCAGE_DECLARE_COMMAND(Convert)
SYSCAGE_DECLARE_COMMAND(Run)
#undef SYSCAGE_DECLARE_COMMAND

namespace {

// clang-format off
constexpr std::array kCommands = {
  Command{"help",     "list commands, or show one command's help",         &RegisterHelp, &RunHelp},
  Command{"trace",    "trace the system calls of a command or process (strace-compatible)", &RegisterTrace, &RunTrace},
  Command{"record",   "record what a command calls into an allowlist profile (eBPF or ptrace)", &RegisterRecord, &RunRecord},
  Command{"check",    "is seccomp usable here (kernel, actions, notify, tsync, ptrace)", &RegisterCheck, &RunCheck},
  Command{"pidof",    "process ids of named programs, newest first (as pidof)", &RegisterPidof, &RunPidof},
  Command{"syscalls", "resolve syscall names and numbers per arch, list tables and groups", &RegisterSyscalls, &RunSyscalls},
  Command{"run",      "run a command confined by a profile (default: Docker's)", &RegisterRun, &RunRun},
  Command{"compile",  "compile a profile to seccomp BPF (raw, asm, C, JSON)", &RegisterCompile, &RunCompile},
  Command{"explain",  "the action a profile gives one call, or every syscall (--all)", &RegisterExplain, &RunExplain},
  Command{"new",      "write a new allowlist or denylist profile",          &RegisterNew, &RunNew},
  Command{"lint",     "find mistakes in profiles (inert rules, gaps, dangerous allows)", &RegisterLint, &RunLint},
  Command{"diff",     "compare what two profiles do, per arch and syscall", &RegisterDiff, &RunDiff},
  Command{"merge",    "union of allowlist profiles",                        &RegisterMerge, &RunMerge},
  Command{"fmt",      "format profiles canonically (--check for CI)",       &RegisterFmt, &RunFmt},
  Command{"convert",  "convert between Docker/OCI JSON and SPO YAML",       &RegisterConvert, &RunConvert},
};
// clang-format on

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

std::vector<std::string> CommandLine(const CLI::App& sub, const GlobalOptions& global) {
  std::vector<std::string> out = sub.remaining();
  if (!out.empty() && out.front() == "--") out.erase(out.begin());
  out.insert(out.end(), global.after_dashdash.begin(), global.after_dashdash.end());
  return out;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "syscage: see which system calls programs make, and confine them to those with seccomp",
      "syscage"};
  app.set_version_flag("--version", std::string("syscage ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_flag("--json", global.json, "machine-readable output");
  app.add_flag("-v,--verbose", global.verbose, "more logging (repeat for debug)");

  // An unknown command gets a suggestion rather than CLI11's "arguments were not expected".
  if (argc > 1 && argv[1][0] != '-') {
    std::string_view name = argv[1];
    bool known = false;
    for (const auto& c : kCommands) known = known || name == c.name;
    if (!known) {
      std::vector<std::string> names;
      for (const auto& c : kCommands) names.emplace_back(c.name);
      std::fprintf(stderr, "syscage: error: unknown command '%s'%s (see 'syscage help')\n", argv[1],
                   SuggestionSuffix(name, names).c_str());
      return kExitUsage;
    }
  }

  std::vector<std::pair<CLI::App*, const Command*>> subs;
  for (const auto& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    c.register_flags(*sub);
    subs.emplace_back(sub, &c);
  }

  // A command that runs a program takes it after "--"; split that off (see after_dashdash).
  // The command is the first argument after the global flags (`syscage --json run ...`).
  int command_at = 1;
  while (command_at < argc && argv[command_at][0] == '-') ++command_at;
  for (const auto& [sub, command] : subs) {
    if (command_at >= argc || std::string_view(argv[command_at]) != command->name ||
        !sub->get_prefix_command())
      continue;
    sub->fallthrough(false);  // the program's arguments must not fall through to global flags
    for (int i = command_at + 1; i < argc; ++i) {
      if (std::string_view(argv[i]) == "--") {
        global.after_dashdash.assign(argv + i + 1, argv + argc);
        argc = i;
        break;
      }
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "syscage: error: %s\n", e.what());
    return kExitUsage;
  }
  if (global.verbose > 0) SetLogLevel(LogLevel::kDebug);

  for (const auto& [sub, command] : subs) {
    if (sub->parsed()) return command->run(global);
  }
  return kExitUsage;
}

}  // namespace syscage::cli
