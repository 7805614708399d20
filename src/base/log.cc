// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/log.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>

namespace syscage {
namespace {
std::atomic<LogLevel> g_level{LogLevel::kInfo};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}
}  // namespace

void SetLogLevel(LogLevel level) { g_level = level; }
LogLevel GetLogLevel() { return g_level; }

void LogMessage(LogLevel level, std::string_view message, int err) {
  if (level < g_level) return;
  std::string line = std::string("syscage: ") + LevelName(level) + ": " + std::string(message);
  if (err != 0) line += std::string(": ") + std::strerror(err);
  line += "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace syscage
