// SPDX-License-Identifier: Apache-2.0
// `syscage help [COMMAND]`: the command list from the command table, or one command's --help.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"

namespace syscage::cli {
namespace {
struct HelpOptions {
  std::string command;
} g_opts;
}  // namespace

void RegisterHelp(CLI::App& sub) {
  sub.add_option("command", g_opts.command, "the command to describe");
}

int RunHelp(const GlobalOptions& global) {
  if (global.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : AllCommands()) out.push_back({{"name", c.name}, {"help", c.help}});
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  if (!g_opts.command.empty()) {
    for (const auto& c : AllCommands()) {
      if (g_opts.command == c.name) {
        CLI::App app{c.help, std::string("syscage ") + c.name};
        c.register_flags(app);
        std::printf("%s", app.help().c_str());
        return kExitOk;
      }
    }
    std::fprintf(stderr, "syscage: error: unknown command '%s'\n", g_opts.command.c_str());
    return kExitUsage;
  }
  std::printf("usage: syscage <command> [options]\n\ncommands:\n");
  for (const auto& c : AllCommands()) std::printf("  %-10s %s\n", c.name, c.help);
  std::printf("\nRun 'syscage <command> --help' for a command's options.\n");
  return kExitOk;
}

}  // namespace syscage::cli
