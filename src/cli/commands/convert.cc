// SPDX-License-Identifier: Apache-2.0
// `syscage convert IN --to oci|spo [-o OUT]`: read any profile (Docker JSON with includes and
// archMap, OCI JSON, SPO YAML with baseProfileName), resolve it for --arch/--caps/--kernel, and
// write plain OCI JSON or an SPO v1 SeccompProfile.
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/base/files.h"
#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct ConvertOptions {
  std::string input;
  std::string to;
  std::string output = "-";
  std::string name;
  ContainerFlags container;
} g_opts;

}  // namespace

void RegisterConvert(CLI::App& sub) {
  sub.description(
      "convert between Docker/OCI JSON and Security Profiles Operator YAML, resolving Docker's "
      "includes/excludes and archMap for the given container");
  sub.add_option("input", g_opts.input, "profile file (FILE#NAME picks one SPO object), 'default'")
      ->required();
  sub.add_option("--to", g_opts.to, "output format")
      ->required()
      ->check(CLI::IsMember({"oci", "spo"}));
  sub.add_option("-o,--output", g_opts.output, "output file (default: stdout)");
  sub.add_option("--name", g_opts.name, "metadata.name of the SPO object");
  g_opts.container.Register(sub);
}

int RunConvert(const GlobalOptions&) {
  auto load = g_opts.container.ToLoadOptions();
  if (!load) {
    std::fprintf(stderr, "syscage: error: %s\n", load.error().message.c_str());
    return kExitUsage;
  }
  Diagnostics diags;
  auto p = profile::LoadProfile(g_opts.input, *load, diags);
  if (!p) {
    if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    std::fprintf(stderr, "syscage: error: %s\n", p.error().ToString().c_str());
    return kExitUsage;
  }
  if (p->unconfined) {
    std::fprintf(stderr, "syscage: error: 'unconfined' is the absence of a profile\n");
    return kExitUsage;
  }
  std::string text;
  if (g_opts.to == "spo") {
    if (p->spo) p->spo->api_version.clear();  // write v1
    text = profile::EmitSpoYaml(*p, g_opts.name);
  } else {
    text = profile::EmitOciJson(*p);
  }
  if (auto w = WriteFileAtomic(g_opts.output, text); !w) {
    std::fprintf(stderr, "syscage: error: %s\n", w.error().ToString().c_str());
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace syscage::cli
