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
#define SYSCAGE_DECLARE_COMMAND(Name)  \
  void Register##Name(CLI::App& sub); \
  int Run##Name(const GlobalOptions& global);
SYSCAGE_DECLARE_COMMAND(Help)
#undef SYSCAGE_DECLARE_COMMAND

namespace {

// clang-format off
constexpr std::array kCommands = {
  Command{"help",     "list commands, or show one command's help",         &RegisterHelp, &RunHelp},
};
// clang-format on

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

int Main(int argc, char** argv) {
  CLI::App app{"syscage: see which system calls programs make, and confine them to those with seccomp",
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
      std::fprintf(stderr, "syscage: error: unknown command '%s'%s (see 'syscage help')\n",
                   argv[1], SuggestionSuffix(name, names).c_str());
      return kExitUsage;
    }
  }

  std::vector<std::pair<CLI::App*, const Command*>> subs;
  for (const auto& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    c.register_flags(*sub);
    subs.emplace_back(sub, &c);
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
