// SPDX-License-Identifier: Apache-2.0
// `syscage diff A B [--json]`: profile::DiffProfiles, the per-arch, per-syscall meaning of two
// profiles under runc (not a text diff). Exit 0 when they mean the same, 1 when not, 2 on bad
// input.
#include "syscage/profile/diff.h"

#include <cstdio>
#include <string>
#include <vector>

#include "syscage/cli/commands.h"
#include "syscage/cli/container_flags.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct DiffOptions {
  std::string left;
  std::string right;
  ContainerFlags container;
} g_opts;

}  // namespace

void RegisterDiff(CLI::App& sub) {
  sub.description(
      "compare what two profiles do, per architecture and syscall, as runc installs them; exit 1 "
      "when they differ");
  sub.add_option("left", g_opts.left, "profile file, 'default' or 'unconfined'")->required();
  sub.add_option("right", g_opts.right, "profile file, 'default' or 'unconfined'")->required();
  g_opts.container.Register(sub);
}

int RunDiff(const GlobalOptions& global) {
  auto load = g_opts.container.ToLoadOptions();
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
