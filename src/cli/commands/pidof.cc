// SPDX-License-Identifier: Apache-2.0
// `syscage pidof [-s] [-x] [-z] [-q] [-d SEP] [-o PID]... NAME...`: like Debian's pidof,
// reading /proc directly (inspect::Pidof). Exit 0 when a pid was found, 1 when none.
#include "syscage/inspect/pidof.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"

namespace syscage::cli {
namespace {
struct PidofFlags {
  std::vector<std::string> names;
  std::vector<std::string> omit;
  std::string separator = " ";
  bool single_shot = false;
  bool scripts = false;
  bool zombies = false;
  bool quiet = false;
} g_opts;
}  // namespace

void RegisterPidof(CLI::App& sub) {
  sub.description("process ids of the named programs, newest first (as pidof)");
  sub.add_option("name", g_opts.names, "program name or path")->required();
  sub.add_flag("-s", g_opts.single_shot, "single shot: one pid per name");
  sub.add_flag("-x", g_opts.scripts, "also shells running scripts with a matching name");
  sub.add_flag("-z", g_opts.zombies, "also list zombie processes");
  sub.add_flag("-q", g_opts.quiet, "quiet: print nothing, only the exit status");
  sub.add_option("-d", g_opts.separator, "output separator (first character)");
  sub.add_option("-o", g_opts.omit,
                 "omit this pid; repeatable, comma lists, %PPID is syscage's parent")
      ->allow_extra_args(false);
}

int RunPidof(const GlobalOptions& global) {
  inspect::PidofOptions options;
  options.single_shot = g_opts.single_shot;
  options.scripts = g_opts.scripts;
  options.include_zombies = g_opts.zombies;
  options.caller_is_root = getuid() == 0;
  for (const auto& arg : g_opts.omit) {
    std::vector<std::string> rejected;
    for (pid_t pid : inspect::ParseOmitList(arg, getppid(), &rejected)) options.omit.push_back(pid);
    for (const auto& token : rejected) {
      std::fprintf(stderr, "syscage: warning: illegal omit pid value (%s)\n", token.c_str());
    }
  }
  auto pids = inspect::Pidof(g_opts.names, options);
  if (!pids) {
    std::fprintf(stderr, "syscage: error: %s\n", pids.error().ToString().c_str());
    return kExitRuntime;
  }
  if (global.json) {
    std::printf("%s\n", nlohmann::json(*pids).dump().c_str());
  } else if (!g_opts.quiet && !pids->empty()) {
    char sep = g_opts.separator.empty() ? ' ' : g_opts.separator[0];
    std::string line;
    for (size_t i = 0; i < pids->size(); ++i) {
      if (i > 0) line += sep;
      line += std::to_string((*pids)[i]);
    }
    std::printf("%s\n", line.c_str());
  }
  return pids->empty() ? kExitFindings : kExitOk;
}

}  // namespace syscage::cli
