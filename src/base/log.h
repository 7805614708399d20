// SPDX-License-Identifier: Apache-2.0
// Four log levels to stderr, plus PLOG variants that append strerror(errno) (nsjail LOG_E/PLOG_E).
// Debug is off unless SetLogLevel(LogLevel::kDebug) (the CLI's -v).
#pragma once

#include <string_view>

#include <fmt/core.h>

namespace syscage {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Writes "syscage: <level>: message[: strerror(err)]" to stderr when level is enabled.
void LogMessage(LogLevel level, std::string_view message, int err = 0);

template <class... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (level < GetLogLevel()) return;
  LogMessage(level, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace syscage

#define LOG_D(...) ::syscage::Log(::syscage::LogLevel::kDebug, __VA_ARGS__)
#define LOG_I(...) ::syscage::Log(::syscage::LogLevel::kInfo, __VA_ARGS__)
#define LOG_W(...) ::syscage::Log(::syscage::LogLevel::kWarning, __VA_ARGS__)
#define LOG_E(...) ::syscage::Log(::syscage::LogLevel::kError, __VA_ARGS__)
#define PLOG_W(...) \
  ::syscage::LogMessage(::syscage::LogLevel::kWarning, fmt::format(__VA_ARGS__), errno)
#define PLOG_E(...) \
  ::syscage::LogMessage(::syscage::LogLevel::kError, fmt::format(__VA_ARGS__), errno)
