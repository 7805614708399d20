// SPDX-License-Identifier: Apache-2.0
// `syscage syscalls [NAME|NUMBER ...] [--arch A] [--group G] [--json]`: resolves names and numbers
// like scmp_sys_resolver (one answer per line, in argument order), lists the arch's whole table
// ("NR NAME", sorted by nr) when given nothing, or a group's members with their numbers.
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "syscage/cli/commands.h"
#include "syscage/syscalls/query.h"
#include "syscage/syscalls/table.h"

namespace syscage::cli {
namespace {
syscalls::QueryOptions g_opts;

nlohmann::json RowJson(const syscalls::QueryRow& row) {
  nlohmann::json j = {{"name", row.name}};
  j["nr"] = row.nr ? nlohmann::json(*row.nr) : nlohmann::json(nullptr);
  if (!row.error.empty()) j["error"] = row.error;
  return j;
}

}  // namespace

void RegisterSyscalls(CLI::App& sub) {
  sub.add_option("syscall", g_opts.items, "syscall names or numbers to resolve");
  sub.add_option("-a,--arch", g_opts.arch, "architecture (default: this machine's)");
  sub.add_option("-g,--group", g_opts.group, "list a group's members: %file, @system-service...");
}

int RunSyscalls(const GlobalOptions& global) {
  auto result = syscalls::Query(g_opts);
  if (!result) {
    std::fprintf(stderr, "syscage: error: %s\n", result.error().message.c_str());
    return kExitUsage;
  }
  const auto& info = arch::Info(result->arch);
  if (global.json) {
    nlohmann::json out = {{"arch", info.name},
                          {"audit_arch", info.audit_arch},
                          {"kernel", syscalls::TableKernelVersion()}};
    if (!g_opts.group.empty()) out["group"] = g_opts.group;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : result->rows) rows.push_back(RowJson(row));
    out["syscalls"] = rows;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    const size_t group_rows = result->rows.size() - g_opts.items.size();
    for (size_t i = 0; i < result->rows.size(); ++i) {
      const auto& row = result->rows[i];
      if (!row.error.empty()) continue;
      const bool listing = g_opts.items.empty() || i < group_rows;
      if (listing && row.nr) {
        std::printf("%u %s\n", *row.nr, row.name.c_str());
      } else if (listing) {
        std::printf("- %s (not on %s)\n", row.name.c_str(), std::string(info.name).c_str());
      } else {
        // scmp_sys_resolver style: a name gives its number, a number its name.
        const bool was_number = g_opts.items[i - group_rows] != row.name;
        if (was_number) {
          std::printf("%s\n", row.name.c_str());
        } else {
          std::printf("%u\n", *row.nr);
        }
      }
    }
  }
  for (const auto& row : result->rows) {
    if (!row.error.empty()) std::fprintf(stderr, "syscage: error: %s\n", row.error.c_str());
  }
  return result->any_error ? kExitUsage : kExitOk;
}

}  // namespace syscage::cli
