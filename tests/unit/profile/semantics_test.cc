// SPDX-License-Identifier: Apache-2.0
// runc's semantics (effective.h) and what is built on them: diff, fmt's canonical form, merge,
// the builder, and the embedded default against Docker's own default.json.
#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "syscage/base/files.h"
#include "syscage/profile/builder.h"
#include "syscage/profile/diff.h"
#include "syscage/profile/effective.h"
#include "syscage/profile/load.h"
#include "syscage/syscalls/table.h"

namespace syscage::profile {
namespace {

const std::string kShared = SYSCAGE_SOURCE_DIR "/../shared/data/profiles";

Profile Parse(const std::string& text) {
  Diagnostics diags;
  auto p = ParseProfileText(text, "t.json", diags);
  EXPECT_TRUE(p.has_value()) << diags.ToString();
  return p.value_or(Profile{});
}

Profile Load(const std::string& path, arch::Arch a, std::vector<std::string> caps = {},
             bool caps_set = false) {
  Diagnostics diags;
  LoadOptions opts;
  opts.arch = a;
  opts.kernel_version = "6.18";
  opts.caps = std::move(caps);
  opts.caps_set = caps_set;
  auto p = LoadProfile(path, opts, diags);
  EXPECT_TRUE(p.has_value()) << path << ": " << diags.ToString();
  return p.value_or(Profile{});
}

EffectiveOptions On(arch::Arch a) {
  EffectiveOptions o;
  o.native = a;
  return o;
}

// The runc rules of effective.h, each on a two-rule profile.
TEST(EffectiveTest, FirstUnconditionalRuleWins) {
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ALLOW"},
                 {"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"}]})");
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  const auto* s = eff.Find(arch::Arch::kX86_64)->Find("mkdir");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->unconditional.has_value());
  EXPECT_EQ(s->unconditional->kind, ActionKind::kAllow);
  ASSERT_EQ(eff.inert.size(), 1u);
  EXPECT_EQ(eff.inert[0].reason, InertReason::kAfterUnconditional);
  EXPECT_EQ(eff.inert[0].rule_index, 1u);
}

TEST(EffectiveTest, UnconditionalReplacesEarlierConditional) {
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
                 {"names": ["personality"], "action": "SCMP_ACT_LOG"}]})");
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  const auto* s = eff.Find(arch::Arch::kX86_64)->Find("personality");
  ASSERT_TRUE(s->unconditional.has_value());
  EXPECT_EQ(s->unconditional->kind, ActionKind::kLog);
  EXPECT_TRUE(s->clauses.empty());
  ASSERT_EQ(eff.inert.size(), 1u);
  EXPECT_EQ(eff.inert[0].reason, InertReason::kReplaced);
}

TEST(EffectiveTest, SameArgumentConditionsAreSplitIntoOredClauses) {
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NE"},
                           {"index": 0, "value": 2, "op": "SCMP_CMP_NE"},
                           {"index": 1, "value": 3, "op": "SCMP_CMP_EQ"}]},
                 {"names": ["kill"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GT"},
                           {"index": 1, "value": 9, "op": "SCMP_CMP_NE"}]}]})");
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  const auto* socket = eff.Find(arch::Arch::kX86_64)->Find("socket");
  ASSERT_EQ(socket->clauses.size(), 3u);  // every condition alone, index 1 too (runc)
  for (const auto& c : socket->clauses) EXPECT_EQ(c.conditions.size(), 1u);
  const auto* kill = eff.Find(arch::Arch::kX86_64)->Find("kill");
  ASSERT_EQ(kill->clauses.size(), 1u);  // distinct arguments: one ANDed clause
  EXPECT_EQ(kill->clauses[0].conditions.size(), 2u);
}

TEST(EffectiveTest, RulesWithTheDefaultActionAreSkipped) {
  // ERRNO without errnoRet is EPERM, like the default's defaultErrnoRet 1; KILL is KILL_THREAD.
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"},
                 {"names": ["rmdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]})");
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  EXPECT_EQ(eff.Find(arch::Arch::kX86_64)->Find("mkdir"), nullptr);
  ASSERT_NE(eff.Find(arch::Arch::kX86_64)->Find("rmdir"), nullptr);
  EXPECT_EQ(eff.inert[0].reason, InertReason::kSameAsDefault);
  EXPECT_EQ(MakeVerdict(ActionKind::kKill, std::nullopt),
            MakeVerdict(ActionKind::kKillThread, std::nullopt));
}

TEST(EffectiveTest, NativeArchIsAlwaysInTheFilterAndNamesApplyPerArch) {
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"],
    "syscalls": [{"names": ["arch_prctl", "socketcall"], "action": "SCMP_ACT_ALLOW"}]})");
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  ASSERT_EQ(eff.arches.size(), 2u);
  EXPECT_EQ(eff.arches[0].arch, arch::Arch::kX86_64);
  // arch_prctl: x86_64 only; socketcall: i386 only (kernel tables).
  EXPECT_NE(eff.Find(arch::Arch::kX86_64)->Find("arch_prctl"), nullptr);
  EXPECT_EQ(eff.Find(arch::Arch::kX86_64)->Find("socketcall"), nullptr);
  EXPECT_NE(eff.Find(arch::Arch::kX86)->Find("socketcall"), nullptr);
}

// The issue's acceptance test: the embedded default and Docker's own file give the same action
// for every syscall on x86_64, i386 and aarch64 for a root container with Docker's default caps.
TEST(DefaultProfileTest, SameAsDockersDefaultOnX86_64I386AndAarch64) {
  const std::string moby = kShared + "/moby-profiles-default.json";
  if (!ReadFile(moby)) GTEST_SKIP() << "../shared/data/profiles is absent";
  for (arch::Arch a : {arch::Arch::kX86_64, arch::Arch::kX86, arch::Arch::kAarch64}) {
    SCOPED_TRACE(arch::Info(a).name);
    Profile ours = Load("default", a);
    Profile docker = Load(moby, a);
    auto d = DiffProfiles(ours, docker, On(a));
    EXPECT_TRUE(d.empty()) << DiffToText(d, "default", moby);
    // Each syscall of the arch's table, one by one.
    auto e1 = ComputeEffective(ours, On(a));
    auto e2 = ComputeEffective(docker, On(a));
    ASSERT_EQ(e1.arches.size(), e2.arches.size());
    size_t compared = 0;
    for (size_t i = 0; i < e1.arches.size(); ++i) {
      for (const auto& entry : syscalls::Table(e1.arches[i].arch)) {
        const auto* x = e1.arches[i].Find(entry.name);
        const auto* y = e2.arches[i].Find(entry.name);
        ASSERT_EQ(x == nullptr, y == nullptr) << entry.name;
        if (x) {
          EXPECT_TRUE(x->SameAs(*y)) << entry.name << ": " << x->ToString();
        }
        ++compared;
      }
    }
    EXPECT_GT(compared, 300u);
  }
}

TEST(DefaultProfileTest, CapabilitiesAndFactsFromTheSeeds) {
  // The seeds: `date -s` fails with "Operation not permitted" in a default container.
  Profile p = Load("default", arch::Arch::kX86_64);
  auto eff = ComputeEffective(p, On(arch::Arch::kX86_64));
  const auto& x86_64 = *eff.Find(arch::Arch::kX86_64);
  EXPECT_EQ(x86_64.Find("settimeofday"), nullptr);
  EXPECT_EQ(x86_64.Find("clock_settime"), nullptr);
  EXPECT_EQ(eff.default_verdict.ToString(), "ERRNO(1)");
  EXPECT_EQ(x86_64.Find("clone3")->ToString(), "ERRNO(38)");
  // clone: allowed unless a namespace flag is set (CLONE_NEW* = 0x7e020000).
  EXPECT_EQ(x86_64.Find("clone")->ToString(), "(arg0 & 0x7e020000) == 0 -> ALLOW; else default");
  // With CAP_SYS_TIME (docker run --cap-add SYS_TIME) the clock can be set.
  auto caps = DockerDefaultCaps();
  caps.push_back("SYS_TIME");
  Profile with_time = Load("default", arch::Arch::kX86_64, caps, true);
  auto eff2 = ComputeEffective(with_time, On(arch::Arch::kX86_64));
  ASSERT_NE(eff2.Find(arch::Arch::kX86_64)->Find("settimeofday"), nullptr);
  EXPECT_EQ(eff2.Find(arch::Arch::kX86_64)->Find("settimeofday")->ToString(), "ALLOW");
}

TEST(DiffTest, DefaultAgainstItselfIsEmpty) {
  Profile p = Load("default", arch::Arch::kX86_64);
  auto d = DiffProfiles(p, p, On(arch::Arch::kX86_64));
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(DiffToText(d, "a", "b"), "");
}

TEST(DiffTest, RemovingOneSyscallNamesExactlyThatSyscall) {
  Profile p = Load("default", arch::Arch::kX86_64);
  Profile q = p;
  auto& names = q.syscalls[0].names;
  auto it = std::find(names.begin(), names.end(), "mkdir");
  ASSERT_NE(it, names.end());
  q.syscalls[0].name_locs.clear();
  names.erase(it);
  auto d = DiffProfiles(p, q, On(arch::Arch::kX86_64));
  ASSERT_EQ(d.syscalls.size(), 3u);  // x86_64, i386 and x32 all have mkdir
  for (const auto& s : d.syscalls) {
    EXPECT_EQ(s.name, "mkdir");
    EXPECT_EQ(s.left, "ALLOW");
    EXPECT_EQ(s.right, "default ERRNO(1)");
  }
  EXPECT_FALSE(d.DefaultDiffers());
}

TEST(DiffTest, OrderGroupingAndInertRulesDoNotMatter) {
  auto a = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]})");
  auto b = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": ["write"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["write"], "action": "SCMP_ACT_KILL"}]})");
  EXPECT_TRUE(DiffProfiles(a, b, On(arch::Arch::kX86_64)).empty());
  auto c = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
    {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]})");
  auto d = DiffProfiles(a, c, On(arch::Arch::kX86_64));
  EXPECT_TRUE(d.DefaultDiffers());
  EXPECT_TRUE(d.syscalls.empty());
}

TEST(CanonicalTest, FmtIsIdempotentAndKeepsTheMeaning) {
  std::vector<std::string> files = {"default"};
  for (const char* f :
       {"moby-default.json", "podman-seccomp.json", "runc-seccomp_syscall_test1.json",
        "runc-seccomp_syscall_test2.json", "spo-bpf-recorder.json", "k8s-fine-grained.json"}) {
    if (ReadFile(kShared + "/" + f)) files.push_back(kShared + "/" + f);
  }
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    Diagnostics diags;
    LoadOptions raw_opts;
    raw_opts.resolve = false;
    auto raw = LoadProfile(f, raw_opts, diags);
    ASSERT_TRUE(raw.has_value()) << diags.ToString();
    Profile once = Canonicalize(*raw);
    EXPECT_EQ(EmitOciJson(Canonicalize(once)), EmitOciJson(once));
    for (arch::Arch a : {arch::Arch::kX86_64, arch::Arch::kAarch64}) {
      LoadOptions opts;
      opts.arch = a;
      opts.kernel_version = "6.18";
      auto r1 = ResolveConditions(*raw, opts, diags);
      auto r2 = ResolveConditions(once, opts, diags);
      ASSERT_TRUE(r1 && r2);
      auto d = DiffProfiles(*r1, *r2, On(a));
      EXPECT_TRUE(d.empty()) << DiffToText(d, "before", "after fmt");
    }
  }
}

TEST(CanonicalTest, GroupsByActionAndSortsNames) {
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": ["write", "read"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"},
    {"names": ["close", "read"], "action": "SCMP_ACT_ALLOW"}]})");
  Profile c = Canonicalize(p);
  ASSERT_EQ(c.syscalls.size(), 2u);
  EXPECT_EQ(c.syscalls[0].names, (std::vector<std::string>{"close", "read", "write"}));
  EXPECT_EQ(c.syscalls[1].names, (std::vector<std::string>{"mkdir"}));
}

TEST(CanonicalTest, NeverReordersRulesThatShareASyscall) {
  // KILL then ALLOW for the same syscall: the KILL wins under runc, so it must stay first.
  auto p = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": ["ptrace"], "action": "SCMP_ACT_KILL_PROCESS"},
    {"names": ["ptrace", "read"], "action": "SCMP_ACT_ALLOW"}]})");
  Profile c = Canonicalize(p);
  EXPECT_EQ(c.syscalls[0].action, ActionKind::kKillProcess);
  EXPECT_TRUE(DiffProfiles(p, c, On(arch::Arch::kX86_64)).empty());
}

TEST(MergeTest, UnionOfAllowlists) {
  auto a = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]})");
  auto b = Parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"],
    "syscalls": [{"names": ["write"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5},
                 {"names": ["openat", "mkdir"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 2, "value": 0, "op": "SCMP_CMP_EQ"}]},
                 {"names": ["rmdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]})");
  auto m = MergeAllowlists({a, b});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  auto eff = ComputeEffective(*m, On(arch::Arch::kX86_64));
  const auto& x = *eff.Find(arch::Arch::kX86_64);
  EXPECT_EQ(x.Find("write")->ToString(), "ALLOW");  // allowed by a, denied by b: allowed
  EXPECT_EQ(x.Find("read")->ToString(), "ALLOW");
  EXPECT_EQ(x.Find("openat")->ToString(), "arg2 == 0 -> ALLOW; else default");
  EXPECT_EQ(x.Find("rmdir")->ToString(), "ERRNO(5)");  // no input allows it: kept
  auto deny = Parse(R"({"defaultAction": "SCMP_ACT_ALLOW"})");
  EXPECT_FALSE(MergeAllowlists({a, deny}).has_value());
}

TEST(BuilderTest, FluentAllowlist) {
  auto p = ProfileBuilder::Allowlist().Allow({"read", "write"}).DenyErrno("mkdir", EPERM).Build();
  ASSERT_TRUE(p.has_value());
  auto eff = ComputeEffective(*p, On(arch::Arch::kX86_64));
  const auto& x = *eff.Find(arch::Arch::kX86_64);
  EXPECT_EQ(x.Find("read")->ToString(), "ALLOW");
  EXPECT_EQ(x.Find("mkdir")->ToString(), "ERRNO(1)");
  EXPECT_EQ(x.Find("getpid"), nullptr);
  EXPECT_EQ(eff.default_verdict.ToString(), "ERRNO(38)");
}

TEST(BuilderTest, StickyErrorNamesTheFirstProblem) {
  auto p = ProfileBuilder::Allowlist()
               .Allow({"read", "mkdri"})
               .AllowIf("kill", {ArgCondition{7, 0, 0, CmpOp::kEq, {}}})
               .Build();
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
  EXPECT_NE(p.error().message.find("mkdri"), std::string::npos);
  EXPECT_NE(p.error().message.find("did you mean 'mkdir'"), std::string::npos);
  auto q =
      ProfileBuilder::Allowlist().AllowIf("kill", {ArgCondition{7, 0, 0, CmpOp::kEq, {}}}).Build();
  ASSERT_FALSE(q.has_value());
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
}

TEST(BuilderTest, NewDenylistAndGroups) {
  NewProfileOptions opts;
  opts.deny = {"mount,reboot", "ptrace"};
  auto p = NewProfile(opts);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->default_action, ActionKind::kAllow);
  ASSERT_EQ(p->syscalls.size(), 1u);
  EXPECT_EQ(p->syscalls[0].names, (std::vector<std::string>{"mount", "ptrace", "reboot"}));
  EXPECT_EQ(p->syscalls[0].errno_ret, 1u);
  NewProfileOptions bad;
  bad.default_action = "deny";
  EXPECT_FALSE(NewProfile(bad).has_value());
}

}  // namespace
}  // namespace syscage::profile
