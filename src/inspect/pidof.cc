// SPDX-License-Identifier: Apache-2.0
// pidof over /proc. The rules and their order are those of sysvinit's killall5.c (the pidof of
// Debian 12), checked against the installed binary by tests/live/pidof_live_test.cc; the comments
// say which quirk of the system tool each branch keeps.
#include "syscage/inspect/pidof.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "syscage/base/files.h"

namespace syscage::inspect {
namespace {

// The comm name is at most TASK_COMM_LEN - 1 = 15 characters.
constexpr size_t kCommLen = 15;
// pidof reads each argument into a PATH_MAX + 1 buffer: longer ones are cut at PATH_MAX.
constexpr size_t kArgMax = PATH_MAX;

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Reads one NUL-terminated argument from `data` at `pos` like the tool's readarg(): at most
// kArgMax bytes; returns nullopt at the end of the data when nothing was read.
std::optional<std::string> ReadArg(const std::string& data, size_t& pos) {
  if (pos >= data.size()) return std::nullopt;
  size_t start = pos;
  while (pos < data.size() && data[pos] != '\0' && pos - start < kArgMax) ++pos;
  std::string arg = data.substr(start, pos - start);
  if (pos < data.size() && data[pos] == '\0') ++pos;
  return arg;
}

// Parses /proc/PID/stat into comm and state; false when malformed (the tool skips those).
bool ParseStat(const std::string& stat, ProcessInfo& info) {
  if (stat.empty()) return false;
  size_t space = stat.find(' ');
  if (space == std::string::npos) return false;
  size_t name_start = space + 1;
  size_t rest;
  if (name_start < stat.size() && stat[name_start] == '(') {
    size_t close = stat.rfind(')');
    if (close == std::string::npos || close < name_start) return false;
    info.comm = stat.substr(name_start + 1, close - name_start - 1);
    rest = close + 1;
  } else {
    size_t end = stat.find(' ', name_start);
    if (end == std::string::npos) end = stat.size();
    info.comm = stat.substr(name_start, end - name_start);
    rest = end;
  }
  // The tool scans the state, session and start/end code: 25 fields after the name.
  std::vector<std::string> fields;
  size_t i = rest;
  while (i < stat.size()) {
    while (i < stat.size() && (stat[i] == ' ' || stat[i] == '\n')) ++i;
    size_t j = i;
    while (j < stat.size() && stat[j] != ' ' && stat[j] != '\n') ++j;
    if (j > i) fields.push_back(stat.substr(i, j - i));
    i = j;
  }
  if (fields.size() < 25) return false;
  info.state = fields[0].substr(0, 10);
  return true;
}

std::optional<std::string> ReadLink(const std::string& path) {
  std::array<char, PATH_MAX> buf;
  ssize_t n = readlink(path.c_str(), buf.data(), buf.size());
  if (n <= 0) return std::nullopt;
  return std::string(buf.data(), static_cast<size_t>(n));
}

// The tool's name rules for one process (its "fallback:" block).
bool MatchByName(const ProcessInfo& p, const std::string& prog, std::string_view base,
                 bool scripts) {
  bool has_slash = base.size() != prog.size();
  bool ok = false;
  if (p.argv0) {
    ok = *p.argv0 == prog || (has_slash && *p.argv0 == base) || Basename(*p.argv0) == prog;
  }
  // Scripts: the kernel names a #! script's process after the script, so argv[1] counts only
  // when its basename agrees with comm (compared on comm's 15 characters).
  if (scripts && p.argv1) {
    std::string_view arg1_base = Basename(*p.argv1);
    if (p.comm.compare(0, kCommLen, std::string(arg1_base.substr(0, kCommLen))) == 0) {
      ok = ok || *p.argv1 == prog || (has_slash && *p.argv1 == base) || arg1_base == prog;
    }
  }
  // No usable argv[0] (kernel thread, setproctitle with spaces): comm is all there is.
  if (base.size() <= kCommLen &&
      (!p.argv0 || p.argv0->empty() || p.argv0->find(' ') != std::string::npos)) {
    ok = ok || p.comm == base;
  }
  // A login shell ("-bash") with no argument.
  if (base.size() <= kCommLen && !p.argv1 && p.argv0 && !p.argv0->empty() && (*p.argv0)[0] == '-') {
    ok = ok || p.comm == base;
  }
  return ok;
}

}  // namespace

Result<std::vector<ProcessInfo>> ReadProcessTable(const std::string& proc_root) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(proc_root.c_str()), &closedir);
  if (!dir) {
    return Fail(ErrorCode::kNotFound, "cannot read " + proc_root, errno);
  }
  std::vector<ProcessInfo> table;
  while (dirent* d = readdir(dir.get())) {
    char* end = nullptr;
    long pid = std::strtol(d->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    ProcessInfo info;
    info.pid = static_cast<pid_t>(pid);
    std::string dirpath = proc_root + "/" + d->d_name;
    auto stat = ReadFile(dirpath + "/stat");
    if (!stat || !ParseStat(stat->substr(0, PATH_MAX), info)) continue;  // vanished or odd
    auto cmdline = ReadFile(dirpath + "/cmdline");
    if (!cmdline) continue;
    size_t pos = 0;
    auto arg0 = ReadArg(*cmdline, pos);
    if (arg0 && !arg0->empty()) info.argv0 = *arg0;
    std::optional<std::string> arg;
    while ((arg = ReadArg(*cmdline, pos))) {
      if (arg->empty() || (*arg)[0] != '-') break;
    }
    if (arg && !arg->empty() && (*arg)[0] != '-') info.argv1 = *arg;
    info.exe = ReadLink(dirpath + "/exe");
    table.push_back(std::move(info));
  }
  // /proc lists pids in increasing order and the tool prepends each to its list.
  std::sort(table.begin(), table.end(),
            [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid > b.pid; });
  return table;
}

std::vector<pid_t> MatchProgram(const std::vector<ProcessInfo>& processes, const std::string& name,
                                const PidofOptions& options,
                                const std::optional<std::string>& realpath_of_name) {
  std::vector<pid_t> out;
  std::string_view base = Basename(name);
  if (base.empty()) return out;
  bool absolute = !name.empty() && name[0] == '/';

  // First the executable: exe equals realpath(NAME).
  if (absolute && realpath_of_name) {
    for (const auto& p : processes) {
      if (p.exe && *p.exe == *realpath_of_name) out.push_back(p.pid);
    }
    if (!out.empty()) return out;
  }
  for (const auto& p : processes) {
    if (absolute) {
      if (!p.exe) {
        if (options.caller_is_root) continue;
      } else if (*p.exe == name || *p.exe == name + " (deleted)") {
        out.push_back(p.pid);
        continue;
      } else if (!options.scripts) {
        continue;
      }
    }
    if (MatchByName(p, name, base, options.scripts)) out.push_back(p.pid);
  }
  return out;
}

Result<std::vector<pid_t>> Pidof(const std::vector<std::string>& names, const PidofOptions& options,
                                 const std::string& proc_root) {
  ASSIGN_OR_RETURN(std::vector<ProcessInfo> table, ReadProcessTable(proc_root));
  if (!options.include_zombies) {
    std::erase_if(table,
                  [](const ProcessInfo& p) { return p.state.find('Z') != std::string::npos; });
  }
  std::vector<pid_t> out;
  for (const auto& name : names) {
    std::optional<std::string> real;
    if (!name.empty() && name[0] == '/') {
      std::unique_ptr<char, decltype(&free)> resolved(realpath(name.c_str(), nullptr), &free);
      if (resolved) real = resolved.get();
    }
    bool taken = false;
    for (pid_t pid : MatchProgram(table, name, options, real)) {
      if (std::find(options.omit.begin(), options.omit.end(), pid) != options.omit.end()) continue;
      if (options.single_shot && taken) continue;
      taken = true;
      out.push_back(pid);
    }
  }
  return out;
}

std::vector<pid_t> ParseOmitList(const std::string& arg, pid_t parent_pid,
                                 std::vector<std::string>* rejected) {
  std::vector<pid_t> out;
  size_t start = 0;
  while (start <= arg.size()) {
    size_t end = arg.find_first_of(",;:", start);
    if (end == std::string::npos) end = arg.size();
    std::string token = arg.substr(start, end - start);
    long pid = token == "%PPID" ? parent_pid : std::atol(token.c_str());  // atoi, as the tool
    if (pid >= 1 && pid <= INT_MAX) {
      out.push_back(static_cast<pid_t>(pid));
    } else if (rejected != nullptr) {
      rejected->push_back(token);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace syscage::inspect
