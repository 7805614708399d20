// SPDX-License-Identifier: Apache-2.0
// `syscage pidof`: the process ids of named programs, read from /proc with the matching rules
// of Debian's pidof (sysvinit-utils 3.06; procps' pidof keeps the same contract):
//   - an absolute NAME matches a process whose /proc/PID/exe equals realpath(NAME), or, when
//     none does, whose exe equals NAME or "NAME (deleted)";
//   - otherwise argv[0] equals NAME, argv[0] equals basename(NAME), or basename(argv[0])
//     equals NAME (so /aaa/foo never matches /bbb/foo);
//   - the comm name (/proc/PID/stat, 15 characters) is used for kernel threads and processes
//     whose argv[0] is empty or contains a space (setproctitle), and for login shells ("-sh");
//   - with scripts, argv[1] (the first argument not starting with '-') is matched the same way
//     when its basename starts the comm name (the kernel names a #! script's process after
//     the script);
//   - zombies are left out unless asked for.
// Output order is that of the system tool: reverse /proc order, i.e. newest (highest) pid first.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "syscage/base/result.h"

namespace syscage::inspect {

// What pidof needs to know about one process.
struct ProcessInfo {
  pid_t pid = 0;
  std::string comm;                  // the name in /proc/PID/stat, without the parentheses
  std::string state;                 // the state field ("S", "Z"...)
  std::optional<std::string> argv0;  // nullopt when cmdline is empty (kernel threads, zombies)
  std::optional<std::string> argv1;  // first later argument not starting with '-', if any
  std::optional<std::string> exe;    // readlink of /proc/PID/exe; nullopt when unreadable
};

// Reads every process under `proc_root`, in the order pidof reports them (newest first).
// Processes that vanish while being read are skipped. kNotFound when proc_root is unreadable.
Result<std::vector<ProcessInfo>> ReadProcessTable(const std::string& proc_root = "/proc");

struct PidofOptions {
  bool single_shot = false;      // -s: at most one pid per NAME
  bool scripts = false;          // -x: also shells running scripts named NAME
  bool include_zombies = false;  // -z: also zombie processes
  std::vector<pid_t> omit;       // -o: pids never reported
  // Whether the caller is root: an absolute NAME skips processes whose exe cannot be read
  // only when root (for others the exe of foreign processes is unreadable, so the name rules
  // apply), as the system tool does.
  bool caller_is_root = false;
};

// The pids matching `name` among `processes` (already filtered for zombies), in table order,
// before omit and single_shot. `realpath_of` resolves an absolute NAME (nullopt: no such file).
std::vector<pid_t> MatchProgram(const std::vector<ProcessInfo>& processes, const std::string& name,
                                const PidofOptions& options,
                                const std::optional<std::string>& realpath_of_name);

// The whole command: for each NAME in order, its matches minus omitted pids, one if
// single_shot. A pid matching two NAMEs is listed twice, as the system tool does.
Result<std::vector<pid_t>> Pidof(const std::vector<std::string>& names, const PidofOptions& options,
                                 const std::string& proc_root = "/proc");

// Parses one -o argument: pids separated by ',', ';' or ':', where "%PPID" is `parent_pid`.
// Tokens that are not a positive number are returned in `rejected` (the tool warns and goes on).
std::vector<pid_t> ParseOmitList(const std::string& arg, pid_t parent_pid,
                                 std::vector<std::string>* rejected);

}  // namespace syscage::inspect
