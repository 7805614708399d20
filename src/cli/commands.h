// SPDX-License-Identifier: Apache-2.0
// The command table: one row per `syscage <command>`, driving dispatch, `syscage help` and the
// shell completion (ninja's kTools[]). Each command lives in commands/<name>.cc, maps its flags
// onto a library options struct, and calls one library function.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace syscage::cli {

// Exit codes, documented in README.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // the checked thing failed (lint, diff, check, pidof)
inline constexpr int kExitUsage = 2;     // usage error or bad input
inline constexpr int kExitRuntime = 3;   // the kernel refused, a tracee vanished...

// Options every command sees.
struct GlobalOptions {
  bool json = false;  // machine-readable output
  int verbose = 0;
  // What followed "--" on the command line, for commands that run a program (run, trace,
  // record). CLI11 hands "--" back to the parent app when a subcommand has no positionals, so
  // Main splits it off before parsing.
  std::vector<std::string> after_dashdash;
};

// The program a prefix command (run, trace, record) was given: the arguments CLI11 left over
// (a leading "--" dropped) followed by everything after "--".
std::vector<std::string> CommandLine(const CLI::App& sub, const GlobalOptions& global);

struct Command {
  const char* name;
  const char* help;
  // Adds the command's flags to `sub`, binding them to the command's own options struct.
  void (*register_flags)(CLI::App& sub);
  // Runs the command after parsing; returns the process exit code.
  int (*run)(const GlobalOptions& global);
};

std::span<const Command> AllCommands();

// Entry point used by main(): parses argv and runs one command.
int Main(int argc, char** argv);

}  // namespace syscage::cli
