// SPDX-License-Identifier: Apache-2.0
// `syscage diff A B [--json]`: profile::DiffProfiles, the per-arch, per-syscall meaning of two
// profiles under runc (not a text diff). Exit 0 when they mean the same, 1 when not, 2 on bad
// input.
#include "syscage/profile/diff.h"

#include <cstdio>
#include <string>
#include <vector>

#include "syscage/cli/commands.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct DiffOptions {
  std::string left;
  std::string right;
  std::string arch;
  std::vector<std::string> caps;
  std::string kernel;
} g_opts;

CLI::Option* g_caps_flag = nullptr;

}  // namespace

void RegisterDiff(CLI::App& sub) {
  sub.description(
      "compare what two profiles do, per architecture and syscall, as runc installs them; exit 1 "
      "when they differ");
  sub.add_option("left", g_opts.left, "profile file, 'default' or 'unconfined'")->required();
  sub.add_option("right", g_opts.right, "profile file, 'default' or 'unconfined'")->required();
  sub.add_option("--arch", g_opts.arch, "architecture the container runs on (default: host)");
  g_caps_flag = sub.add_option("--caps", g_opts.caps,
                               "container capabilities, comma separated (default: Docker's)");
  sub.add_option("--kernel", g_opts.kernel, "kernel version for minKernel (default: host)");
}

int RunDiff(const GlobalOptions& global) {
  auto load = profile::MakeLoadOptions(g_opts.arch, g_opts.caps,
                                       g_caps_flag && g_caps_flag->count() > 0, g_opts.kernel);
  if (!load) {
    std::fprintf(stderr, "syscage: error: %s\n", load.error().message.c_str());
    return kExitUsage;
  }
  profile::Profile sides[2];
  const std::string* names[2] = {&g_opts.left, &g_opts.right};
  for (int i = 0; i < 2; ++i) {
    Diagnostics diags;
    auto p = profile::LoadProfile(*names[i], *load, diags);
    if (!p) {
      if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
      std::fprintf(stderr, "syscage: error: %s\n", p.error().ToString().c_str());
      return kExitUsage;
    }
    sides[i] = std::move(*p);
  }
  profile::EffectiveOptions eff;
  eff.native = load->arch;
  auto d = profile::DiffProfiles(sides[0], sides[1], eff);
  if (global.json) {
    std::printf("%s", profile::DiffToJson(d).c_str());
  } else {
    std::printf("%s", profile::DiffToText(d, g_opts.left, g_opts.right).c_str());
  }
  return d.empty() ? kExitOk : kExitFindings;
}

}  // namespace syscage::cli
