// SPDX-License-Identifier: Apache-2.0
// lint: every rule fires on the small bad profiles in tests/data/profiles/, at the right place,
// and nothing fires on the clean one.
#include "syscage/profile/lint.h"

#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "syscage/profile/load.h"

namespace syscage::profile {
namespace {

const std::string kData = SYSCAGE_SOURCE_DIR "/tests/data/profiles/";

// Lints like the CLI: the raw file for structure, the resolved one (x86_64, kernel 6.18) for
// meaning; a file with both architectures and archMap is resolved without the archMap.
Diagnostics Lint(const std::string& file) {
  Diagnostics parse;
  LoadOptions raw_opts;
  raw_opts.resolve = false;
  auto raw = LoadProfile(kData + file, raw_opts, parse);
  EXPECT_TRUE(raw.has_value()) << parse.ToString();
  Profile to_resolve = *raw;
  if (!to_resolve.architectures.empty()) to_resolve.arch_map.clear();
  LoadOptions opts;
  opts.arch = arch::Arch::kX86_64;
  opts.kernel_version = "6.18";
  auto resolved = ResolveConditions(to_resolve, opts, parse);
  EXPECT_TRUE(resolved.has_value()) << parse.ToString();
  Diagnostics findings;
  EffectiveOptions eff;
  eff.native = arch::Arch::kX86_64;
  LintProfile(*resolved, &*raw, eff, findings);
  return findings;
}

std::multimap<std::string, Diagnostic> ByRule(const Diagnostics& d) {
  std::multimap<std::string, Diagnostic> out;
  for (const auto& x : d.all()) out.emplace(x.rule, x);
  return out;
}

TEST(LintTest, EveryRuleFiresOnTheBadProfiles) {
  auto bad = ByRule(Lint("lint-bad.json"));
  auto deny = ByRule(Lint("lint-bad-denylist.json"));
  std::set<std::string> fired;
  for (const auto& [rule, d] : bad) fired.insert(rule);
  for (const auto& [rule, d] : deny) fired.insert(rule);
  for (const auto& info : LintRules()) {
    EXPECT_TRUE(fired.count(std::string(info.id))) << "rule never fired: " << info.id;
  }
}

TEST(LintTest, FindingsPointAtTheRightLines) {
  auto bad = ByRule(Lint("lint-bad.json"));
  auto line_of = [&](const std::string& rule) {
    auto it = bad.find(rule);
    return it == bad.end() ? 0u : it->second.loc.line;
  };
  // Lines of tests/data/profiles/lint-bad.json, counted by hand.
  EXPECT_EQ(line_of("unknown-syscall"), 6u);
  EXPECT_EQ(bad.find("unknown-syscall")->second.loc.path, "/syscalls/0/names/2");
  EXPECT_NE(bad.find("unknown-syscall")->second.message.find("did you mean 'mkdir'"),
            std::string::npos);
  EXPECT_EQ(line_of("dangerous-syscall"), 7u);
  EXPECT_EQ(line_of("errnoret-ignored"), 8u);
  EXPECT_EQ(line_of("duplicate-rule"), 9u);
  EXPECT_EQ(line_of("same-arg-conditions"), 17u);
  EXPECT_EQ(line_of("pointer-argument"), 19u);
  EXPECT_EQ(line_of("socketcall-args"), 20u);
  EXPECT_EQ(line_of("io-uring"), 22u);
  EXPECT_EQ(line_of("kill-thread"), 27u);
  EXPECT_EQ(bad.find("conflicting-rules")->second.severity, Severity::kError);
  // inert: write after its unconditional ALLOW (10), mkdir = default (11), personality's
  // conditional rule replaced by the unconditional TRAP (12).
  std::set<uint32_t> inert_lines;
  for (auto [it, end] = bad.equal_range("inert-rule"); it != end; ++it) {
    inert_lines.insert(it->second.loc.line);
  }
  EXPECT_EQ(inert_lines, (std::set<uint32_t>{10, 11, 12}));
  EXPECT_EQ(line_of("arch-and-archmap"), 1u);
  EXPECT_EQ(bad.count("clone3"), 1u);  // clone3 gets the default ERRNO(EPERM)
}

TEST(LintTest, CleanProfileIsSilent) {
  auto d = Lint("lint-clean.json");
  EXPECT_TRUE(d.empty()) << d.ToString();
}

// Docker's default keeps EPERM as its default errno and, from Linux 4.8 on, allows ptrace and
// process_vm_writev for every container: those are the only findings.
TEST(LintTest, DockersDefaultFindings) {
  Diagnostics parse;
  LoadOptions opts;
  opts.arch = arch::Arch::kX86_64;
  opts.kernel_version = "6.18";
  auto p = LoadProfile("default", opts, parse);
  ASSERT_TRUE(p.has_value());
  Diagnostics findings;
  EffectiveOptions eff;
  eff.native = arch::Arch::kX86_64;
  LintProfile(*p, nullptr, eff, findings);
  std::multiset<std::string> rules;
  for (const auto& f : findings.all()) rules.insert(f.rule);
  EXPECT_FALSE(findings.HasErrors()) << findings.ToString();
  EXPECT_EQ(rules,
            (std::multiset<std::string>{"default-eperm", "dangerous-syscall", "dangerous-syscall"}))
      << findings.ToString();
}

}  // namespace
}  // namespace syscage::profile
