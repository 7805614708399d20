// SPDX-License-Identifier: Apache-2.0
// `syscage merge A B... [-o OUT]`: profile::MergeAllowlists over the resolved inputs (as when
// combining recordings of several runs), written as OCI JSON (or SPO YAML with --to spo).
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/base/files.h"
#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/builder.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output = "-";
  std::string to = "oci";
  ContainerFlags container;
} g_opts;

}  // namespace

void RegisterMerge(CLI::App& sub) {
  sub.description("the union of allowlist profiles: whatever any input allows is allowed");
  sub.add_option("inputs", g_opts.inputs, "profiles to merge")->required();
  sub.add_option("-o,--output", g_opts.output, "output file (default: stdout)");
  sub.add_option("--to", g_opts.to, "output format")->check(CLI::IsMember({"oci", "spo"}));
  g_opts.container.Register(sub);
}

int RunMerge(const GlobalOptions&) {
  auto load = g_opts.container.ToLoadOptions();
  if (!load) {
    std::fprintf(stderr, "syscage: error: %s\n", load.error().message.c_str());
    return kExitUsage;
  }
  std::vector<profile::Profile> inputs;
  for (const auto& file : g_opts.inputs) {
    Diagnostics diags;
    auto p = profile::LoadProfile(file, *load, diags);
    if (!p) {
      if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
      std::fprintf(stderr, "syscage: error: %s\n", p.error().ToString().c_str());
      return kExitUsage;
    }
    inputs.push_back(std::move(*p));
  }
  auto merged = profile::MergeAllowlists(inputs);
  if (!merged) {
    std::fprintf(stderr, "syscage: error: %s\n", merged.error().ToString().c_str());
    return kExitUsage;
  }
  if (g_opts.to == "spo" && merged->spo) merged->spo->api_version.clear();
  const std::string text =
      g_opts.to == "spo" ? profile::EmitSpoYaml(*merged) : profile::EmitOciJson(*merged);
  if (auto w = WriteFileAtomic(g_opts.output, text); !w) {
    std::fprintf(stderr, "syscage: error: %s\n", w.error().ToString().c_str());
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace syscage::cli
