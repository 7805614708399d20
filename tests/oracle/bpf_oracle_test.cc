// SPDX-License-Identifier: Apache-2.0
// Differential test of the compiler against libseccomp 2.5.4 as runc 1.1 drives it (label
// `oracle`). For every profile of ../shared/data/profiles, the embedded default and
// tests/oracle/corpus, on the profile's own arches and on x86_64, i386, x32 and aarch64, both
// programs run on the interpreter for every syscall number 0..1023, the x32 range, the table
// edges and foreign arches, with argument samples at and around every rule value, 0, all-ones and
// hi-only/lo-only 64-bit values. The normalised actions must agree.
//
// Explained differences (checked against syscage's own table instead, and counted):
//   - syscalls libseccomp 2.5.4 does not know (Linux > ~6.5: mseal, listmount...), which runc
//     skips but syscage compiles, and numbers between libseccomp's and syscage's highest named
//     syscall, where runc's -ENOSYS stub bound differs for the same reason;
//   - libseccomp also emits rules for its negative pseudo-syscall numbers (e.g. 0xffffd8b4 for
//     socketcall on x86_64); those numbers are not syscalls, and the sweep does not visit them.
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "seccomp_ref.h"
#include "syscage/bpf/disasm.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/load.h"
#include "syscage/syscalls/table.h"

namespace syscage {
namespace {

namespace fs = std::filesystem;
using arch::Arch;

struct NamedProfile {
  std::string name;
  profile::Profile profile;
};

std::vector<NamedProfile> LoadAll(const fs::path& dir, std::string* skipped) {
  std::vector<NamedProfile> out;
  if (!fs::exists(dir)) {
    *skipped += dir.string() + " absent; ";
    return out;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto ext = e.path().extension();
    if (ext == ".json" || ext == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    Diagnostics diags;
    auto list = profile::ParseProfiles(ss.str(), f.filename().string(), diags);
    if (!list) {
      *skipped += f.filename().string() + " (not a profile); ";
      continue;
    }
    for (size_t i = 0; i < list->size(); ++i) {
      Diagnostics d2;
      auto resolved = profile::ResolveConditions((*list)[i], profile::LoadOptions{}, d2);
      if (!resolved) {
        *skipped += f.filename().string() + " (resolve failed); ";
        continue;
      }
      std::string name = f.filename().string();
      if (list->size() > 1) name += "#" + std::to_string(i);
      out.push_back({name, std::move(*resolved)});
    }
  }
  return out;
}

// Argument values around `v`.
void Around(uint64_t v, std::set<uint64_t>& out) {
  for (uint64_t d : {0ull, 1ull, 2ull}) {
    out.insert(v + d);
    out.insert(v - d);
  }
  out.insert(v & 0xffffffffull);          // lo word only
  out.insert(v & 0xffffffff00000000ull);  // hi word only
  out.insert(v | 0xffffffff00000000ull);
  out.insert(v << 32);
  out.insert(~v);
}

// The argument vectors worth trying for calls of `names` (the profile's rules naming them).
std::vector<std::array<uint64_t, 6>> Vectors(const profile::Profile& p,
                                             const std::set<std::string>& names) {
  std::vector<std::array<uint64_t, 6>> out;
  out.push_back({});
  std::array<uint64_t, 6> ones;
  ones.fill(~0ull);
  out.push_back(ones);
  for (const auto& rule : p.syscalls) {
    if (rule.args.empty()) continue;
    if (std::none_of(rule.names.begin(), rule.names.end(),
                     [&](const std::string& n) { return names.count(n) > 0; })) {
      continue;
    }
    // A vector satisfying each condition, then each argument swept over its samples.
    std::array<uint64_t, 6> base{};
    std::map<uint32_t, std::set<uint64_t>> samples;
    for (const auto& c : rule.args) {
      if (c.index >= 6) continue;
      uint64_t v = c.value;
      switch (c.op) {
        case profile::CmpOp::kNe:
        case profile::CmpOp::kGt:
          v = c.value + 1;
          break;
        case profile::CmpOp::kLt:
          v = c.value - 1;
          break;
        case profile::CmpOp::kMaskedEq:
          v = c.value_two;
          break;
        default:
          break;
      }
      base[c.index] = v;
      auto& s = samples[c.index];
      s.insert({0, ~0ull, 0xffffffffull, 0x100000000ull});
      Around(c.value, s);
      if (c.op == profile::CmpOp::kMaskedEq) {
        Around(c.value_two, s);
        s.insert(c.value_two | ~c.value);
        s.insert(c.value_two ^ (c.value & (0 - c.value)));  // flip the lowest mask bit
      }
    }
    out.push_back(base);
    for (const auto& [index, values] : samples) {
      for (uint64_t v : values) {
        auto vec = base;
        vec[index] = v;
        out.push_back(vec);
      }
    }
  }
  return out;
}

struct Sweep {
  size_t compared = 0;
  size_t own_table = 0;
  std::set<std::string> own_table_names;
  std::vector<std::string> failures;
};

// runc's mapping of a profile action (libcontainer/seccomp/seccomp_linux.go getAction).
uint32_t Action(profile::ActionKind kind, std::optional<uint32_t> errno_ret) {
  using profile::ActionKind;
  switch (kind) {
    case ActionKind::kKill:
    case ActionKind::kKillThread:
      return bpf::kRetKillThread;
    case ActionKind::kKillProcess:
      return bpf::kRetKillProcess;
    case ActionKind::kTrap:
      return bpf::kRetTrap;
    case ActionKind::kErrno:
      return bpf::RetErrno(errno_ret.value_or(EPERM));
    case ActionKind::kTrace:
      return bpf::RetTrace(errno_ret.value_or(EPERM));
    case ActionKind::kLog:
      return bpf::kRetLog;
    case ActionKind::kAllow:
      return bpf::kRetAllow;
    case ActionKind::kNotify:
      return bpf::kRetUserNotif;
  }
  return 0;
}

// The action syscage's own reading of the profile gives an unconditional call of `name`
// (checked where libseccomp cannot be asked): the first rule naming it with no arguments and an
// action other than the default; nullopt when an argument rule names it.
std::optional<uint32_t> OwnExpectation(const profile::Profile& p, std::string_view name,
                                       uint32_t def) {
  for (const auto& rule : p.syscalls) {
    if (std::find(rule.names.begin(), rule.names.end(), name) == rule.names.end()) continue;
    const uint32_t action = Action(rule.action, rule.errno_ret);
    if (action == def) continue;
    if (!rule.args.empty()) return std::nullopt;
    return action;
  }
  return def;
}

void Compare(const NamedProfile& np, const std::vector<Arch>& arches, Sweep& sweep) {
  const profile::Profile& p = np.profile;
  std::string arch_list;
  for (Arch a : arches) arch_list += std::string(arch::Info(a).name) + " ";
  std::string ref_error;
  auto ref = oracle::BuildReference(p, arches, &ref_error);
  bpf::CompileOptions opts;
  opts.arches = arches;
  opts.ignore_unknown = true;  // runc skips names libseccomp does not know
  Diagnostics diags;
  auto ours = bpf::Pipeline::Compile(p, opts, diags);
  if (!ref || !ours) {
    if (static_cast<bool>(ref) != static_cast<bool>(ours)) {
      sweep.failures.push_back(np.name + " [" + arch_list + "]: libseccomp " +
                               (ref ? "accepts" : "refuses (" + ref_error + ")") + ", syscage " +
                               (ours ? "accepts" : "refuses (" + ours.error().message + ")"));
    }
    return;
  }
  const uint32_t def = Action(p.default_action, p.default_errno_ret);
  // Our own stub bound per arch (syscage's table), to place the libseccomp-unknown zone.
  std::vector<std::string> names;
  for (const auto& r : p.syscalls) names.insert(names.end(), r.names.begin(), r.names.end());

  std::set<uint32_t> audits;
  for (Arch a : arches) {
    const arch::ArchInfo& info = arch::Info(a);
    audits.insert(info.audit_arch);
    uint32_t our_max = 0;
    for (const auto& n : names) {
      // Names libseccomp maps to a pseudo number on this arch (i386's socketcall/ipc family)
      // never count for runc's bound.
      if (oracle::LibseccompPseudo(a, n)) continue;
      if (auto nr = syscalls::Resolve(a, n)) our_max = std::max(our_max, *nr);
    }
    const uint32_t lib_max = oracle::LibseccompMaxNamed(a, names);
    std::vector<uint32_t> nrs;
    for (uint32_t i = 0; i < 1024; ++i) nrs.push_back(info.nr_offset + i);
    for (uint32_t extra : {0x3fffffffu, 0x40000000u, 0x7fffffffu, 0xffffffffu, 0xfffffffeu,
                           lib_max + 1, our_max + 1}) {
      nrs.push_back(extra);
    }
    for (uint32_t nr : nrs) {
      std::set<std::string> call_names;
      auto name = syscalls::NameOf(a, nr);
      if (name) call_names.insert(std::string(*name));
      if (a == Arch::kX86 && (nr == 102 || nr == 117)) {
        for (const auto& n : names) call_names.insert(n);  // socketcall/ipc sub-calls
      }
      auto vectors = Vectors(p, call_names);
      if (a == Arch::kX86 && (nr == 102 || nr == 117)) {
        const size_t n = vectors.size();
        for (size_t v = 0; v < n; ++v) {
          for (uint64_t sub = 0; sub <= 25; ++sub) {
            auto vec = vectors[v];
            vec[0] = sub;
            vectors.push_back(vec);
          }
        }
      }
      // Where libseccomp 2.5.4 cannot answer for syscage's table.
      const bool in_our_domain =
          (a == Arch::kX86_64) ? nr < 0x40000000u : (a == Arch::kX32 ? nr >= 0x40000000u : true);
      const bool unknown_to_lib = in_our_domain && name && !oracle::LibseccompKnows(a, nr);
      const bool stub_gap = in_our_domain && !name && nr > lib_max && nr <= our_max;
      for (const auto& vec : vectors) {
        seccomp_data d{};
        d.nr = static_cast<int>(nr);
        d.arch = info.audit_arch;
        std::copy(vec.begin(), vec.end(), d.args);
        const uint32_t got = bpf::NormalizeAction(bpf::RunChecked(ours->program, d).ret);
        uint32_t want;
        if (unknown_to_lib || stub_gap) {
          std::optional<uint32_t> own =
              nr > our_max && ref->enosys_above.size() > 0
                  ? std::optional<uint32_t>(bpf::RetErrno(ENOSYS))
                  : (name ? OwnExpectation(p, *name, def) : std::optional<uint32_t>(def));
          if (!own) continue;
          want = bpf::NormalizeAction(*own);
          ++sweep.own_table;
          if (name) sweep.own_table_names.insert(std::string(*name));
        } else {
          want = bpf::NormalizeAction(ref->Evaluate(d));
          ++sweep.compared;
        }
        if (got != want && sweep.failures.size() < 20) {
          char buf[256];
          snprintf(buf, sizeof(buf), "nr=%u (%s) arch=0x%08x args=[%llx %llx %llx %llx %llx %llx]",
                   nr, name ? std::string(*name).c_str() : "?", d.arch, (unsigned long long)vec[0],
                   (unsigned long long)vec[1], (unsigned long long)vec[2],
                   (unsigned long long)vec[3], (unsigned long long)vec[4],
                   (unsigned long long)vec[5]);
          sweep.failures.push_back(np.name + " [" + arch_list + "] " + buf + ": syscage " +
                                   bpf::ActionName(got) + ", libseccomp " + bpf::ActionName(want) +
                                   (unknown_to_lib || stub_gap ? " (own table)" : ""));
        }
      }
    }
  }
  // A foreign arch gets the bad-arch action from both.
  for (uint32_t foreign : {0x12345678u, 0xc00000b7u, 0x40000028u}) {
    if (audits.count(foreign)) continue;
    seccomp_data d{};
    d.arch = foreign;
    d.nr = 1;
    const uint32_t got = bpf::NormalizeAction(bpf::RunChecked(ours->program, d).ret);
    const uint32_t want = bpf::NormalizeAction(ref->Evaluate(d));
    ++sweep.compared;
    if (got != want) {
      sweep.failures.push_back(np.name + " [" + arch_list + "] foreign arch: syscage " +
                               bpf::ActionName(got) + ", libseccomp " + bpf::ActionName(want));
    }
  }
}

class OracleTest : public testing::Test {
 protected:
  static std::vector<NamedProfile> Profiles(std::string* skipped) {
    std::vector<NamedProfile> all =
        LoadAll(fs::path(SYSCAGE_SOURCE_DIR) / ".." / "shared" / "data" / "profiles", skipped);
    auto corpus = LoadAll(fs::path(SYSCAGE_SOURCE_DIR) / "tests" / "oracle" / "corpus", skipped);
    all.insert(all.end(), corpus.begin(), corpus.end());
    Diagnostics diags;
    auto def = profile::LoadProfile("default", profile::LoadOptions{}, diags);
    if (def) all.push_back({"<embedded default>", std::move(*def)});
    return all;
  }

  static void Run(const std::vector<std::vector<Arch>>& arch_sets, bool own_arches) {
    std::string skipped;
    auto profiles = Profiles(&skipped);
    if (profiles.empty()) GTEST_SKIP() << "no profiles: " << skipped;
    Sweep sweep;
    for (const auto& np : profiles) {
      if (own_arches) {
        bpf::CompileOptions opts;
        auto arches = bpf::TargetArches(np.profile, opts);
        if (!arches) continue;
        bool covered = std::all_of(arches->begin(), arches->end(),
                                   [](Arch a) { return oracle::ScmpArch(a) != 0; });
        if (covered) Compare(np, *arches, sweep);
      }
      for (const auto& set : arch_sets) Compare(np, set, sweep);
    }
    std::string own;
    for (const auto& n : sweep.own_table_names) own += n + " ";
    std::printf(
        "%zu profiles, %zu comparisons with libseccomp, %zu checked against syscage's "
        "table (unknown to libseccomp 2.5.4: %s)%s%s\n",
        profiles.size(), sweep.compared, sweep.own_table, own.c_str(),
        skipped.empty() ? "" : "; skipped: ", skipped.c_str());
    EXPECT_GT(sweep.compared, 0u);
    for (const auto& f : sweep.failures) ADD_FAILURE() << f;
  }
};

TEST_F(OracleTest, ProfilesOnTheirOwnArches) { Run({}, true); }

TEST_F(OracleTest, ProfilesOnEachX86ArchAndAarch64) {
  Run({{Arch::kX86_64}, {Arch::kX86}, {Arch::kX32}, {Arch::kAarch64}}, false);
}

TEST_F(OracleTest, ProfilesOnFourArchesAtOnce) {
  Run({{Arch::kX86_64, Arch::kX86, Arch::kX32, Arch::kAarch64}}, false);
}

}  // namespace
}  // namespace syscage
