// SPDX-License-Identifier: Apache-2.0
// `syscage convert IN --to oci|spo [-o OUT]`: read any profile (Docker JSON with includes and
// archMap, OCI JSON, SPO YAML with baseProfileName), resolve it for --arch/--caps/--kernel, and
// write plain OCI JSON or an SPO v1 SeccompProfile.
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/base/files.h"
#include "syscage/cli/commands.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct ConvertOptions {
  std::string input;
  std::string to;
  std::string output = "-";
  std::string name;
  std::string arch;
  std::vector<std::string> caps;
  std::string kernel;
} g_opts;

CLI::Option* g_caps_flag = nullptr;

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
  sub.add_option("--arch", g_opts.arch, "architecture the container runs on (default: host)");
  g_caps_flag = sub.add_option("--caps", g_opts.caps,
                               "container capabilities, comma separated (default: Docker's)");
  sub.add_option("--kernel", g_opts.kernel, "kernel version for minKernel (default: host)");
}

int RunConvert(const GlobalOptions&) {
  auto load = profile::MakeLoadOptions(g_opts.arch, g_opts.caps,
                                       g_caps_flag && g_caps_flag->count() > 0, g_opts.kernel);
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
