// SPDX-License-Identifier: Apache-2.0
// `syscage new --allow ... | --deny ... [--default errno|kill|log|allow] [--arch A] [-o OUT]`:
// profile::NewProfile, the allowlist and denylist shapes people write by hand, names checked
// and %classes/@sets expanded.
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/base/files.h"
#include "syscage/cli/commands.h"
#include "syscage/profile/builder.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct NewOptions {
  profile::NewProfileOptions profile;
  uint32_t errno_value = 38;
  std::string output = "-";
  std::string to = "oci";
  std::string name;
} g_opts;

CLI::Option* g_errno_flag = nullptr;

}  // namespace

void RegisterNew(CLI::App& sub) {
  sub.description(
      "write a new profile: an allowlist (--allow, default ERRNO(ENOSYS)) or a denylist (--deny "
      "only, default ALLOW); names, %classes and @sets");
  sub.add_option("--allow", g_opts.profile.allow, "syscalls to allow (comma separated)");
  sub.add_option("--deny", g_opts.profile.deny, "syscalls to deny with --deny-errno");
  sub.add_option("--default", g_opts.profile.default_action, "default action")
      ->check(CLI::IsMember({"errno", "kill", "log", "allow"}));
  g_errno_flag = sub.add_option("--errno", g_opts.errno_value,
                                "errno of the default action (default 38, ENOSYS)");
  sub.add_option("--deny-errno", g_opts.profile.deny_errno, "errno of --deny rules (default 1)");
  sub.add_option("--arch", g_opts.profile.arches,
                 "architectures (default: host and its 32-bit/x32 companions)");
  sub.add_option("-o,--output", g_opts.output, "output file (default: stdout)");
  sub.add_option("--to", g_opts.to, "output format")->check(CLI::IsMember({"oci", "spo"}));
  sub.add_option("--name", g_opts.name, "metadata.name with --to spo");
}

int RunNew(const GlobalOptions&) {
  if (g_opts.profile.allow.empty() && g_opts.profile.deny.empty()) {
    std::fprintf(stderr, "syscage: error: new needs --allow or --deny\n");
    return kExitUsage;
  }
  if (g_errno_flag->count() > 0) g_opts.profile.default_errno = g_opts.errno_value;
  auto p = profile::NewProfile(g_opts.profile);
  if (!p) {
    std::fprintf(stderr, "syscage: error: %s\n", p.error().ToString().c_str());
    return kExitUsage;
  }
  const std::string text =
      g_opts.to == "spo" ? profile::EmitSpoYaml(*p, g_opts.name) : profile::EmitOciJson(*p);
  if (auto w = WriteFileAtomic(g_opts.output, text); !w) {
    std::fprintf(stderr, "syscage: error: %s\n", w.error().ToString().c_str());
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace syscage::cli
