// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the input bytes decode to a random profile (default action, rules over a
// pool of syscalls with actions, errno values and up to three argument conditions of any
// operator, 64-bit values included) and an arch set; syscage's compiler and libseccomp 2.5.4 as
// runc drives it (tests/oracle/seccomp_ref.cc) must both refuse it or agree on every call of the
// named syscalls for argument vectors around the rule values. Aborts on a disagreement.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "seccomp_ref.h"
#include "syscage/bpf/disasm.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/syscalls/table.h"

namespace {

using namespace syscage;

class Bytes {
 public:
  Bytes(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  uint8_t Next() { return i_ < n_ ? d_[i_++] : 0; }
  bool done() const { return i_ >= n_; }
  uint64_t Value() {
    // Interesting values: small numbers, word edges, and raw 64-bit ones.
    static constexpr uint64_t kPool[] = {0,
                                         1,
                                         2,
                                         8,
                                         9,
                                         16,
                                         38,
                                         0x7fffffff,
                                         0x80000000,
                                         0xffffffff,
                                         0x100000000ull,
                                         0x1ffffffffull,
                                         0x7e020000,
                                         0xffffffff00000000ull,
                                         ~0ull};
    const uint8_t b = Next();
    if (b < 200) return kPool[b % std::size(kPool)];
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v = (v << 8) | Next();
    return v;
  }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

constexpr const char* kNames[] = {"read",    "write",      "openat",      "close",    "socket",
                                  "connect", "accept",     "personality", "clone",    "ioctl",
                                  "mmap",    "socketcall", "semop",       "shmget",   "mseal",
                                  "open",    "getpid",     "kcmp",        "recvmmsg", "fstat64"};

profile::ActionKind ActionOf(uint8_t b) {
  static constexpr profile::ActionKind kActions[] = {
      profile::ActionKind::kAllow,      profile::ActionKind::kErrno, profile::ActionKind::kKill,
      profile::ActionKind::kTrap,       profile::ActionKind::kLog,   profile::ActionKind::kTrace,
      profile::ActionKind::kKillProcess};
  return kActions[b % std::size(kActions)];
}

// The decoded profile, for the report of a disagreement.
void PrintProfile(const profile::Profile& p, const std::vector<arch::Arch>& arches) {
  std::fprintf(stderr, "profile: default %s", profile::ActionKindName(p.default_action));
  if (p.default_errno_ret) std::fprintf(stderr, "(%u)", *p.default_errno_ret);
  std::fprintf(stderr, ", arches");
  for (auto a : arches) std::fprintf(stderr, " %s", std::string(arch::Info(a).name).c_str());
  std::fprintf(stderr, "\n");
  for (const auto& r : p.syscalls) {
    std::string names;
    for (const auto& n : r.names) names += n + " ";
    std::fprintf(stderr, "  [%s] %s", names.c_str(), profile::ActionKindName(r.action));
    if (r.errno_ret) std::fprintf(stderr, "(%u)", *r.errno_ret);
    for (const auto& c : r.args) {
      std::fprintf(stderr, " a%u %s 0x%llx/0x%llx", c.index, profile::CmpOpName(c.op),
                   (unsigned long long)c.value, (unsigned long long)c.value_two);
    }
    std::fprintf(stderr, "\n");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  profile::Profile p;
  p.default_action = ActionOf(in.Next());
  if (in.Next() & 1) p.default_errno_ret = in.Next() % 40;
  const uint8_t arch_bits = in.Next();
  std::vector<arch::Arch> arches;
  if (arch_bits & 1) arches.push_back(arch::Arch::kX86_64);
  if (arch_bits & 2) arches.push_back(arch::Arch::kX86);
  if (arch_bits & 4) arches.push_back(arch::Arch::kX32);
  if (arch_bits & 8) arches.push_back(arch::Arch::kAarch64);
  if (arches.empty()) arches.push_back(arch::Arch::kX86_64);
  const int rules = in.Next() % 8;
  for (int r = 0; r < rules && !in.done(); ++r) {
    profile::SyscallRule rule;
    const int names = 1 + in.Next() % 3;
    for (int k = 0; k < names; ++k) rule.names.push_back(kNames[in.Next() % std::size(kNames)]);
    rule.action = ActionOf(in.Next());
    if (in.Next() & 1) rule.errno_ret = in.Next() % 40;
    const int conds = in.Next() % 4;
    for (int c = 0; c < conds; ++c) {
      profile::ArgCondition cond;
      cond.index = in.Next() % 3;
      cond.op = static_cast<profile::CmpOp>(in.Next() % 7);
      cond.value = in.Value();
      cond.value_two = cond.op == profile::CmpOp::kMaskedEq ? (in.Value() & cond.value) : 0;
      rule.args.push_back(cond);
    }
    p.syscalls.push_back(std::move(rule));
  }

  // Names libseccomp 2.5.4 does not know on one of the arches where syscage does (mseal, Linux
  // 6.10): runc built with it skips them, syscage compiles them. The oracle cannot judge their
  // verdicts (checked against syscage's own table elsewhere), and as libseccomp shares argument
  // blocks across syscalls, their rules can change the code other syscalls get, or make syscage
  // refuse a rule set runc+2.5.4 never sees. So the comparison leaves them out.
  for (auto& r : p.syscalls) {
    std::erase_if(r.names, [&](const std::string& n) {
      for (arch::Arch a : arches) {
        auto nr = syscalls::Resolve(a, n);
        if (nr && !oracle::LibseccompKnows(a, *nr)) return true;
      }
      return false;
    });
  }
  std::erase_if(p.syscalls, [](const profile::SyscallRule& r) { return r.names.empty(); });

  // One libseccomp filter per audit arch value: with x86_64+x32 merged into one block, 2.5.4's
  // generator can skip reloading nr in the arch block that follows (the fuzzer found i386 rules
  // then compare the arch value instead of nr), a libseccomp bug syscage does not reproduce.
  if (std::getenv("SYSCAGE_FUZZ_PRINT") != nullptr) PrintProfile(p, arches);
  bpf::CompileOptions opts;
  opts.arches = arches;
  opts.ignore_unknown = true;
  Diagnostics diags;
  auto ours = bpf::Pipeline::Compile(p, opts, diags);
  // Rule sets on which libseccomp 2.5.4 itself never returns (syscage's model of its rule tree
  // detects the cycle and refuses the profile): nothing to compare with.
  if (!ours && ours.error().message.find("never finishes") != std::string::npos) return 0;
  std::string error;
  std::vector<std::vector<arch::Arch>> groups;
  for (arch::Arch a : arches) {
    bool placed = false;
    for (auto& g : groups) {
      if (arch::Info(g.front()).audit_arch == arch::Info(a).audit_arch) {
        g.push_back(a);
        placed = true;
      }
    }
    if (!placed) groups.push_back({a});
  }
  std::map<uint32_t, oracle::RefFilter> refs;
  bool ref_ok = true;
  for (const auto& g : groups) {
    auto r = oracle::BuildReference(p, g, &error);
    if (!r) {
      ref_ok = false;
      break;
    }
    if (oracle::HasNrLoadBug(*r)) return 0;  // libseccomp's own bug: nothing to compare with
    refs.emplace(arch::Info(g.front()).audit_arch, std::move(*r));
  }
  const oracle::RefFilter* ref = ref_ok ? &refs.begin()->second : nullptr;
  if (!ref || !ours) {
    if (static_cast<bool>(ref) != static_cast<bool>(ours)) {
      std::fprintf(stderr, "acceptance differs: libseccomp %s, syscage %s\n",
                   ref ? "accepts" : error.c_str(),
                   ours ? "accepts" : ours.error().message.c_str());
      std::abort();
    }
    return 0;
  }
  // Argument samples: every rule value, +-1, 0 and all-ones, on each argument.
  std::vector<uint64_t> samples = {0, ~0ull};
  for (const auto& r : p.syscalls) {
    for (const auto& c : r.args) {
      for (uint64_t v : {c.value, c.value + 1, c.value - 1, c.value_two}) samples.push_back(v);
    }
  }
  for (arch::Arch a : arches) {
    std::vector<std::string> all_names;
    for (const auto& r : p.syscalls)
      all_names.insert(all_names.end(), r.names.begin(), r.names.end());
    std::vector<uint32_t> nrs;
    for (const char* n : kNames) {
      if (auto nr = syscalls::Resolve(a, n)) {
        // Skip what libseccomp 2.5.4 cannot know (compared against syscage's table elsewhere).
        if (!oracle::LibseccompKnows(a, *nr)) continue;
        nrs.push_back(*nr);
      }
    }
    for (uint32_t nr : nrs) {
      if (nr > oracle::LibseccompMaxNamed(a, all_names)) continue;  // stub bounds may differ
      for (uint64_t a0 : samples) {
        for (uint64_t a1 : {uint64_t{0}, a0}) {
          for (uint64_t a2 : {uint64_t{0}, a0, ~a0}) {
            seccomp_data d{};
            d.nr = static_cast<int>(nr);
            d.arch = arch::Info(a).audit_arch;
            d.args[0] = a0;
            d.args[1] = a1;
            d.args[2] = a2;
            const uint32_t got = bpf::NormalizeAction(bpf::RunChecked(ours->program, d).ret);
            const uint32_t want = bpf::NormalizeAction(refs.at(d.arch).Evaluate(d));
            if (got != want) {
              std::fprintf(stderr, "nr %u arch %s args %llx %llx %llx: syscage %s, libseccomp %s\n",
                           nr, std::string(arch::Info(a).name).c_str(), (unsigned long long)a0,
                           (unsigned long long)a1, (unsigned long long)a2,
                           bpf::ActionName(got).c_str(), bpf::ActionName(want).c_str());
              PrintProfile(p, arches);
              if (std::getenv("SYSCAGE_FUZZ_DISASM") != nullptr) {
                std::fprintf(stderr, "syscage:\n%s\nlibseccomp:\n%s\n",
                             bpf::Disassemble(ours->program).c_str(),
                             bpf::Disassemble(refs.at(d.arch).program).c_str());
              }
              std::abort();
            }
          }
        }
      }
    }
  }
  return 0;
}
