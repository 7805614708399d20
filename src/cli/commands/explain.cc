// SPDX-License-Identifier: Apache-2.0
// `syscage explain PROFILE SYSCALL [ARG...] [--arch A]` and `syscage explain PROFILE --all`: the
// action the compiled filter gives one call, or a table of every syscall of the arch.
#include "syscage/bpf/explain.h"

#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {
struct ExplainFlags {
  std::string profile;
  std::string syscall;
  std::vector<std::string> args;
  std::string arch;
  bool all = false;
  bool ignore_unknown = false;
} g_opts;

Result<uint64_t> ParseArg(const std::string& text) {
  uint64_t v = 0;
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("bad argument value '{}'", text));
  }
  return negative ? 0 - v : v;
}

}  // namespace

void RegisterExplain(CLI::App& sub) {
  sub.add_option("profile", g_opts.profile, "profile file or 'default'")->required();
  sub.add_option("syscall", g_opts.syscall, "syscall name or number");
  sub.add_option("args", g_opts.args, "argument values (decimal, 0x hex, or negative)");
  sub.add_option("--arch", g_opts.arch, "architecture of the call (default: native)");
  sub.add_flag("--all", g_opts.all, "every syscall of the arch and its action");
  sub.add_flag("--ignore-unknown", g_opts.ignore_unknown, "skip syscall names no arch knows");
}

int RunExplain(const GlobalOptions& global) {
  arch::Arch a = arch::NativeArch();
  if (!g_opts.arch.empty()) {
    auto parsed = arch::ArchFromName(g_opts.arch);
    if (!parsed) {
      std::fprintf(stderr, "syscage: error: %s\n", parsed.error().message.c_str());
      return kExitUsage;
    }
    a = *parsed;
  }
  if (g_opts.all == !g_opts.syscall.empty()) {
    std::fprintf(stderr, "syscage: error: give a SYSCALL or --all\n");
    return kExitUsage;
  }
  Diagnostics diags;
  profile::LoadOptions load;
  load.arch = a;
  auto profile = profile::LoadProfile(g_opts.profile, load, diags);
  if (!profile) {
    if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    std::fprintf(stderr, "syscage: error: %s\n", profile.error().ToString().c_str());
    return kExitUsage;
  }
  bpf::CompileOptions options;
  options.ignore_unknown = g_opts.ignore_unknown;
  const char* arch_name = arch::Info(a).name.data();
  if (g_opts.all) {
    auto rows = bpf::ExplainAll(*profile, a, options, diags);
    if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    if (!rows) {
      std::fprintf(stderr, "syscage: error: %s\n", rows.error().ToString().c_str());
      return kExitUsage;
    }
    if (global.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : *rows) {
        out.push_back({{"name", r.name},
                       {"nr", r.nr},
                       {"action", bpf::ActionName(r.action)},
                       {"conditional", r.conditional},
                       {"conditions", r.conditions}});
      }
      std::printf("%s\n", out.dump(2).c_str());
      return kExitOk;
    }
    std::printf("%-10s %-26s %s\n", "NR", "SYSCALL", "ACTION");
    for (const auto& r : *rows) {
      const std::string action =
          r.conditional ? "conditional: " + r.conditions : bpf::ActionName(r.action);
      std::printf("%-10u %-26s %s\n", r.nr, r.name.c_str(), action.c_str());
    }
    return kExitOk;
  }
  auto nr = bpf::SyscallNumber(a, g_opts.syscall);
  if (!nr) {
    std::fprintf(stderr, "syscage: error: %s\n", nr.error().message.c_str());
    return kExitUsage;
  }
  std::vector<uint64_t> args;
  for (const auto& text : g_opts.args) {
    auto v = ParseArg(text);
    if (!v) {
      std::fprintf(stderr, "syscage: error: %s\n", v.error().message.c_str());
      return kExitUsage;
    }
    args.push_back(*v);
  }
  if (args.size() > 6) {
    std::fprintf(stderr, "syscage: error: at most 6 arguments\n");
    return kExitUsage;
  }
  auto verdict = bpf::ExplainCall(*profile, a, *nr, args, options, diags);
  if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
  if (!verdict) {
    std::fprintf(stderr, "syscage: error: %s\n", verdict.error().ToString().c_str());
    return kExitUsage;
  }
  std::string call = g_opts.syscall + "(";
  for (size_t i = 0; i < args.size(); ++i) call += fmt::format("{}0x{:x}", i ? ", " : "", args[i]);
  call += ")";
  if (global.json) {
    nlohmann::json out = {{"arch", arch_name},
                          {"nr", verdict->nr},
                          {"action", bpf::ActionName(verdict->action)},
                          {"depends_on_args", verdict->loaded_args},
                          {"executed", verdict->executed}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s %s [nr %u]: %s\n", arch_name, call.c_str(), verdict->nr,
              bpf::ActionName(verdict->action).c_str());
  return kExitOk;
}

}  // namespace syscage::cli
