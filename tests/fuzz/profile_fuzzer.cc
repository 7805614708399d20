// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the profile readers (JSON and YAML) and the invariants behind them: what
// parses must write and re-read to the same model, fmt's canonical form must be a fixed point and
// keep the meaning, and lint/effective must not crash on anything the reader accepts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "syscage/profile/diff.h"
#include "syscage/profile/lint.h"
#include "syscage/profile/load.h"
#include "syscage/profile/tree.h"

namespace {

// An invariant failed: say which, then abort so libFuzzer and the replay driver report it.
#define Require(ok)                                                        \
  do {                                                                     \
    if (!(ok)) {                                                           \
      std::fprintf(stderr, "profile_fuzzer: invariant failed: %s\n", #ok); \
      std::abort();                                                        \
    }                                                                      \
  } while (0)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace syscage;
  using namespace syscage::profile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    Diagnostics d;
    (void)ParseJsonTree(text, "fuzz.json", d);
    Diagnostics y;
    (void)ParseYamlTrees(text, "fuzz.yaml", y);
  }
  Diagnostics diags;
  auto list = ParseProfiles(text, "fuzz", diags);
  if (!list) {
    Require(diags.HasErrors());  // every failure is explained
    return 0;
  }
  for (const Profile& p : *list) {
    Diagnostics d2;
    auto again = ParseProfileText(EmitOciJson(p), "again.json", d2);
    Require(again.has_value());
    Profile want = p;
    want.spo.reset();
    Require(*again == want);
    Diagnostics d3;
    Require(ParseProfileText(EmitSpoYaml(p), "again.yaml", d3).has_value());
    Profile canonical = Canonicalize(p);
    Require(EmitOciJson(Canonicalize(canonical)) == EmitOciJson(canonical));
    LoadOptions opts;
    opts.arch = arch::Arch::kX86_64;
    opts.kernel_version = "6.18";
    Profile plain = p;
    if (!plain.architectures.empty()) plain.arch_map.clear();
    Diagnostics d4;
    auto r1 = ResolveConditions(plain, opts, d4);
    auto r2 = ResolveConditions(Canonicalize(plain), opts, d4);
    if (r1 && r2) {
      EffectiveOptions eff;
      eff.native = arch::Arch::kX86_64;
      Require(DiffProfiles(*r1, *r2, eff).empty());
      Diagnostics findings;
      LintProfile(*r1, &p, eff, findings);
    }
  }
  return 0;
}
