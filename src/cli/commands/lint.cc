// SPDX-License-Identifier: Apache-2.0
// `syscage lint PROFILE... [--strict] [--json]`: profile::LintProfile on each file, for the
// container given by --arch/--caps/--kernel (Docker's defaults). Exit 0 clean or warnings only,
// 1 when a finding is an error (or any finding with --strict), 2 when a file cannot be read.
#include "syscage/profile/lint.h"

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct LintOptions {
  std::vector<std::string> profiles;
  bool strict = false;
  bool list_rules = false;
  ContainerFlags container;
} g_opts;

nlohmann::json ToJson(const Diagnostic& d) {
  return {{"file", d.loc.file},
          {"line", d.loc.line},
          {"col", d.loc.col},
          {"path", d.loc.path},
          {"severity", SeverityName(d.severity)},
          {"rule", d.rule.empty() ? "parse" : d.rule},
          {"message", d.message},
          {"hints", d.hints}};
}

}  // namespace

void RegisterLint(CLI::App& sub) {
  sub.description(
      "check profiles for mistakes runc would silently accept: unknown names, inert rules, "
      "dangerous allows, i386/x32 gaps, EPERM defaults... Exit 1 on errors (--strict: also on "
      "warnings), 2 on unreadable input");
  sub.add_option("profiles", g_opts.profiles, "profile files, or 'default'");
  sub.add_flag("--strict", g_opts.strict, "warnings also make the exit status 1");
  sub.add_flag("--list-rules", g_opts.list_rules, "list the rules and exit");
  g_opts.container.Register(sub);
}

int RunLint(const GlobalOptions& global) {
  if (g_opts.list_rules) {
    for (const auto& r : profile::LintRules()) {
      std::printf("%-24s %-8s %s\n", std::string(r.id).c_str(), SeverityName(r.severity),
                  std::string(r.summary).c_str());
    }
    return kExitOk;
  }
  if (g_opts.profiles.empty()) {
    std::fprintf(stderr, "syscage: error: lint needs at least one profile\n");
    return kExitUsage;
  }
  auto load = g_opts.container.ToLoadOptions();
  if (!load) {
    std::fprintf(stderr, "syscage: error: %s\n", load.error().message.c_str());
    return kExitUsage;
  }
  Diagnostics all;
  bool bad_input = false;
  for (const auto& file : g_opts.profiles) {
    Diagnostics diags;
    profile::LoadOptions raw_opts = *load;
    raw_opts.resolve = false;
    auto raw = profile::LoadProfile(file, raw_opts, diags);
    if (!raw) {
      if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
      std::fprintf(stderr, "syscage: error: %s\n", raw.error().ToString().c_str());
      bad_input = true;
      continue;
    }
    profile::Profile to_resolve = *raw;
    // Docker refuses both; lint says so (arch-and-archmap) and goes on with `architectures`.
    if (!to_resolve.architectures.empty()) to_resolve.arch_map.clear();
    Diagnostics ignored;
    auto resolved = profile::ResolveConditions(to_resolve, *load, ignored);
    if (!resolved) {
      std::fprintf(stderr, "%s\nsyscage: error: %s\n", ignored.ToString().c_str(),
                   resolved.error().ToString().c_str());
      bad_input = true;
      continue;
    }
    profile::EffectiveOptions eff;
    eff.native = load->arch;
    profile::LintProfile(*resolved, &*raw, eff, diags);
    all.Append(diags);
  }
  size_t errors = all.Count(Severity::kError);
  size_t warnings = all.Count(Severity::kWarning);
  if (global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& d : all.all()) list.push_back(ToJson(d));
    std::printf("%s\n", list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else if (!all.empty()) {
    std::printf("%s\n", all.ToString().c_str());
    std::fprintf(stderr, "%zu error(s), %zu warning(s)\n", errors, warnings);
  }
  if (bad_input) return kExitUsage;
  if (errors > 0 || (g_opts.strict && warnings > 0)) return kExitFindings;
  return kExitOk;
}

}  // namespace syscage::cli
