// SPDX-License-Identifier: Apache-2.0
// The command table: one row per `syscage <command>`, driving dispatch, `syscage help` and the
// shell completion (ninja's kTools[]). Each command lives in commands/<name>.cc, maps its flags
// onto a library options struct, and calls one library function.
#pragma once

#include <CLI/CLI.hpp>
#include <span>

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
};

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
