// SPDX-License-Identifier: Apache-2.0
// The lint passes. Each one only adds diagnostics; the structural checks read the rules as
// written, the semantic ones read runc's view (ComputeEffective), so a finding about an "inert"
// rule is exactly a rule runc/libseccomp drops or overrides.
#include "syscage/profile/lint.h"

#include <algorithm>
#include <array>
#include <set>

#include "syscage/base/suggest.h"
#include "syscage/syscalls/table.h"

namespace syscage::profile {
namespace {

constexpr uint32_t kEnosys = 38;
constexpr uint32_t kEperm = 1;

// clang-format off
const std::vector<LintRuleInfo> kRules = {
  {"unknown-syscall", Severity::kWarning, "a syscall name no architecture has (runc skips it)"},
  {"arch-and-archmap", Severity::kError, "both 'architectures' and 'archMap' (Docker rejects it)"},
  {"denylist-default-allow", Severity::kWarning, "default action allows: syscalls added to the kernel later pass"},
  {"missing-secondary-arch", Severity::kWarning, "x86_64 without x86/x32: 32-bit and x32 calls are not filtered by these rules"},
  {"default-eperm", Severity::kWarning, "default ERRNO(EPERM): ENOSYS lets libc fall back (clone3)"},
  {"dangerous-syscall", Severity::kWarning, "a dangerous syscall is allowed without conditions"},
  {"errnoret-ignored", Severity::kWarning, "errnoRet on an action that carries no errno"},
  {"duplicate-rule", Severity::kWarning, "the same syscall and conditions twice"},
  {"conflicting-rules", Severity::kError, "the same syscall and conditions with different actions"},
  {"inert-rule", Severity::kWarning, "a rule runc drops or overrides, so it does nothing"},
  {"same-arg-conditions", Severity::kWarning, "two conditions on one argument: runc ORs them"},
  {"pointer-argument", Severity::kWarning, "a condition on a pointer: it compares the address, not the data"},
  {"socketcall-args", Severity::kWarning, "conditions on socketcall: the real arguments are behind a pointer"},
  {"io-uring", Severity::kWarning, "io_uring allowed: its operations bypass per-syscall filtering"},
  {"clone3", Severity::kWarning, "clone3 allowed (flags unreadable) or denied with an errno other than ENOSYS"},
  {"kill-thread", Severity::kWarning, "KILL/KILL_THREAD leaves the rest of the process running; use KILL_PROCESS"},
};

// Syscalls whose unconditional allow gives a container a way out or into the kernel.
constexpr std::array kDangerous = {
  "add_key", "bpf", "clone", "delete_module", "finit_module", "fsconfig", "fsmount", "fsopen",
  "fspick", "init_module", "iopl", "ioperm", "kexec_file_load", "kexec_load", "keyctl", "mount",
  "move_mount", "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root",
  "process_vm_writev", "ptrace", "reboot", "request_key", "setns", "swapoff", "swapon",
  "umount2", "unshare", "userfaultfd",
};

// Arguments that are pointers (the filter sees the address only), for syscalls people commonly
// try to filter by argument.
struct PointerArgs { const char* name; std::array<int, 6> is_ptr; };
constexpr std::array kPointerArgs = {
  PointerArgs{"access", {1, 0, 0, 0, 0, 0}},  PointerArgs{"bind", {0, 1, 0, 0, 0, 0}},
  PointerArgs{"bpf", {0, 1, 0, 0, 0, 0}},     PointerArgs{"chmod", {1, 0, 0, 0, 0, 0}},
  PointerArgs{"clone3", {1, 0, 0, 0, 0, 0}},  PointerArgs{"connect", {0, 1, 0, 0, 0, 0}},
  PointerArgs{"execve", {1, 1, 1, 0, 0, 0}},  PointerArgs{"execveat", {0, 1, 1, 1, 0, 0}},
  PointerArgs{"getsockopt", {0, 0, 0, 1, 1, 0}}, PointerArgs{"mkdir", {1, 0, 0, 0, 0, 0}},
  PointerArgs{"mount", {1, 1, 1, 0, 1, 0}},   PointerArgs{"open", {1, 0, 0, 0, 0, 0}},
  PointerArgs{"openat", {0, 1, 0, 0, 0, 0}},  PointerArgs{"openat2", {0, 1, 1, 0, 0, 0}},
  PointerArgs{"read", {0, 1, 0, 0, 0, 0}},    PointerArgs{"recvmsg", {0, 1, 0, 0, 0, 0}},
  PointerArgs{"rename", {1, 1, 0, 0, 0, 0}},  PointerArgs{"rmdir", {1, 0, 0, 0, 0, 0}},
  PointerArgs{"sendmsg", {0, 1, 0, 0, 0, 0}}, PointerArgs{"sendto", {0, 1, 0, 0, 1, 0}},
  PointerArgs{"setsockopt", {0, 0, 0, 1, 0, 0}}, PointerArgs{"stat", {1, 1, 0, 0, 0, 0}},
  PointerArgs{"unlink", {1, 0, 0, 0, 0, 0}},  PointerArgs{"unlinkat", {0, 1, 0, 0, 0, 0}},
  PointerArgs{"write", {0, 1, 0, 0, 0, 0}},
};
// clang-format on

std::vector<std::string> AllNamesList() {
  std::vector<std::string> out;
  for (auto n : syscalls::AllNames()) out.emplace_back(n);
  return out;
}

SourceLoc NameLoc(const SyscallRule& r, std::string_view name) {
  for (size_t i = 0; i < r.names.size() && i < r.name_locs.size(); ++i) {
    if (r.names[i] == name) return r.name_locs[i];
  }
  return r.loc;
}

std::string Where(const SyscallRule& r) {
  return r.loc.line ? "line " + std::to_string(r.loc.line) : "rule " + r.loc.path;
}

std::string ArchList(const std::vector<arch::Arch>& arches) {
  std::string out;
  for (auto a : arches) out += (out.empty() ? "" : ", ") + std::string(arch::Info(a).name);
  return out;
}

bool Allows(const Verdict& v) { return v.kind == ActionKind::kAllow || v.kind == ActionKind::kLog; }

class Linter {
 public:
  Linter(const Profile& p, const EffectiveProfile& eff, Diagnostics& out)
      : p_(p), eff_(eff), out_(out) {}

  void Add(std::string_view rule, SourceLoc loc, std::string message, std::string hint = "") {
    Severity sev = Severity::kWarning;
    for (const auto& r : kRules) {
      if (r.id == rule) sev = r.severity;
    }
    Diagnostic& d = out_.Add(sev, std::move(loc), std::move(message), std::string(rule));
    if (!hint.empty()) d.hints.push_back(std::move(hint));
  }

  void Run() {
    if (p_.unconfined) return;
    Structure();
    Inert();
    Defaults();
    Arches();
    Syscalls();
  }

  // Per-rule checks that need no semantics.
  void Structure() {
    for (const auto& r : p_.syscalls) {
      if (r.errno_ret && !ActionTakesErrno(r.action)) {
        Add("errnoret-ignored", r.action_loc.line ? r.action_loc : r.loc,
            std::string("errnoRet is set but ") + ActionKindName(r.action) +
                " returns no errno; it is ignored");
      }
      if (r.action == ActionKind::kKill || r.action == ActionKind::kKillThread) {
        Add("kill-thread", r.action_loc.line ? r.action_loc : r.loc,
            std::string(ActionKindName(r.action)) +
                " kills only the calling thread; the other threads keep running",
            "use SCMP_ACT_KILL_PROCESS");
      }
      std::array<int, 6> count{};
      for (const auto& a : r.args) {
        if (a.index < 6 && ++count[a.index] == 2) {
          Add("same-arg-conditions", a.loc,
              "two conditions on argument " + std::to_string(a.index) +
                  " in one rule: runc adds each condition as a separate rule, so they are ORed "
                  "(NE a + NE b matches every value)",
              "write one rule per allowed value, or use SCMP_CMP_MASKED_EQ");
        }
      }
      if (r.args.empty()) continue;
      for (const auto& name : r.names) {
        if (name == "socketcall") {
          Add("socketcall-args", NameLoc(r, name),
              "conditions on socketcall: on i386 the socket call's arguments are behind a "
              "pointer (argument 1), so only the call number (argument 0) can be checked");
          continue;
        }
        for (const auto& pa : kPointerArgs) {
          if (name != pa.name) continue;
          for (const auto& a : r.args) {
            if (a.index < 6 && pa.is_ptr[a.index]) {
              Add("pointer-argument", a.loc,
                  "argument " + std::to_string(a.index) + " of " + name +
                      " is a pointer: seccomp compares the address, not what it points to");
            }
          }
        }
      }
    }
    std::set<std::string> unknown_done;
    const auto all = AllNamesList();
    for (const auto& r : p_.syscalls) {
      for (const auto& name : r.names) {
        if (syscalls::KnownOnAnyArch(name) || !unknown_done.insert(name).second) continue;
        Add("unknown-syscall", NameLoc(r, name),
            "unknown syscall \"" + name + "\" on every architecture; runc skips it" +
                SuggestionSuffix(name, all));
      }
    }
  }

  void Inert() {
    for (const auto& in : eff_.inert) {
      const SyscallRule& r = p_.syscalls[in.rule_index];
      const SyscallRule& by = p_.syscalls[in.by_rule];
      switch (in.reason) {
        case InertReason::kSameAsDefault:
          Add("inert-rule", r.action_loc.line ? r.action_loc : r.loc,
              std::string("rule has the default action ") + eff_.default_verdict.ToString() +
                  "; runc skips it");
          break;
        case InertReason::kAfterUnconditional: {
          const bool same =
              MakeVerdict(r.action, r.errno_ret) == MakeVerdict(by.action, by.errno_ret);
          if (same && r.args.empty()) {
            Add("duplicate-rule", NameLoc(r, in.name),
                "\"" + in.name + "\" is already allowed the same way at " + Where(by));
          } else {
            Add("inert-rule", NameLoc(r, in.name),
                "rule for \"" + in.name + "\" does nothing: the unconditional rule at " +
                    Where(by) + " already decides it (" + ArchList(in.arches) + ")");
          }
          break;
        }
        case InertReason::kReplaced:
          Add("inert-rule", NameLoc(r, in.name),
              "conditional rule for \"" + in.name + "\" is replaced by the unconditional rule at " +
                  Where(by) + " (" + ArchList(in.arches) + ")");
          break;
        case InertReason::kUnknownName:
          if (syscalls::KnownOnAnyArch(in.name)) {
            // Known elsewhere, just not on this filter's arches: normal in multi-arch profiles.
          }
          break;
      }
    }
    // Same conditions with different verdicts (libseccomp refuses; runc fails to start).
    for (const auto& ea : eff_.arches) {
      for (const auto& s : ea.syscalls) {
        for (size_t i = 0; i + 1 < s.clauses.size(); ++i) {
          const Clause& a = s.clauses[i];
          const Clause& b = s.clauses[i + 1];
          if (a.conditions == b.conditions && !(a.verdict == b.verdict) &&
              conflicts_.insert(s.name).second) {
            Add("conflicting-rules", p_.syscalls[b.rule_index].loc,
                "\"" + s.name + "\" has the same conditions with " + a.verdict.ToString() +
                    " and " + b.verdict.ToString() + " (rules at " +
                    Where(p_.syscalls[a.rule_index]) + " and " + Where(p_.syscalls[b.rule_index]) +
                    ")");
          }
        }
      }
    }
    // Duplicate conditional rules: the same name, conditions and action twice.
    std::set<std::string> seen;
    for (size_t i = 0; i < p_.syscalls.size(); ++i) {
      const SyscallRule& r = p_.syscalls[i];
      if (r.args.empty()) continue;
      for (size_t j = 0; j < i; ++j) {
        const SyscallRule& q = p_.syscalls[j];
        if (q.args != r.args ||
            MakeVerdict(q.action, q.errno_ret) != MakeVerdict(r.action, r.errno_ret)) {
          continue;
        }
        for (const auto& n : r.names) {
          if (std::find(q.names.begin(), q.names.end(), n) != q.names.end() &&
              seen.insert(n + "#" + std::to_string(i)).second) {
            Add("duplicate-rule", NameLoc(r, n),
                "\"" + n + "\" with these conditions is already in the rule at " + Where(q));
          }
        }
      }
    }
  }

  void Defaults() {
    const Verdict& d = eff_.default_verdict;
    if (Allows(d)) {
      Add("denylist-default-allow", p_.default_action_loc.line ? p_.default_action_loc : p_.loc,
          std::string("default action ") + d.ToString() +
              ": every syscall not listed, including ones added to the kernel later, is allowed",
          "write an allowlist: default SCMP_ACT_ERRNO with errnoRet 38 (ENOSYS)");
    }
    if (d.kind == ActionKind::kErrno && d.data == kEperm) {
      Add("default-eperm", p_.default_action_loc.line ? p_.default_action_loc : p_.loc,
          "default action ERRNO(EPERM): programs cannot tell a blocked new syscall from a "
          "permission error, so libc does not fall back (glibc's clone3 -> clone)",
          "set defaultErrnoRet to 38 (ENOSYS)");
    }
    if (p_.default_action == ActionKind::kKill || p_.default_action == ActionKind::kKillThread) {
      Add("kill-thread", p_.default_action_loc.line ? p_.default_action_loc : p_.loc,
          std::string("default action ") + ActionKindName(p_.default_action) +
              " kills only the calling thread",
          "use SCMP_ACT_KILL_PROCESS");
    }
  }

  void Arches() {
    bool x86_64 = false, x86 = false, x32 = false;
    for (const auto& ea : eff_.arches) {
      x86_64 = x86_64 || ea.arch == arch::Arch::kX86_64;
      x86 = x86 || ea.arch == arch::Arch::kX86;
      x32 = x32 || ea.arch == arch::Arch::kX32;
    }
    if (x86_64 && (!x86 || !x32)) {
      std::string missing = !x86 && !x32 ? "SCMP_ARCH_X86 and SCMP_ARCH_X32"
                            : !x86       ? "SCMP_ARCH_X86"
                                         : "SCMP_ARCH_X32";
      Add("missing-secondary-arch", p_.loc,
          "the filter covers x86_64 but not " + missing +
              ": 32-bit (int 0x80) and x32 calls are not checked against these rules (libseccomp "
              "kills them as a bad arch; a filter without the arch check lets them through)",
          "add \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]");
    }
  }

  // Verdicts of specific syscalls, on any arch of the filter.
  void Syscalls() {
    std::set<std::string> done;
    auto once = [&](const std::string& key) { return done.insert(key).second; };
    for (const auto& ea : eff_.arches) {
      auto verdict_of = [&](std::string_view name, const EffectiveSyscall** s) {
        *s = ea.Find(name);
        if (!*s) return std::optional<Verdict>(eff_.default_verdict);
        return (*s)->unconditional;
      };
      std::string by_default;  // one finding for all the names only the default allows
      for (const char* name : kDangerous) {
        if (!syscalls::Resolve(ea.arch, name)) continue;
        const EffectiveSyscall* s;
        auto v = verdict_of(name, &s);
        if (!v || !Allows(*v) || !once(std::string("d:") + name)) continue;
        if (!s) {
          by_default += (by_default.empty() ? "" : ", ") + std::string(name);
          continue;
        }
        Add("dangerous-syscall", NameLoc(p_.syscalls[s->unconditional_rule], name),
            std::string(name) + " is allowed without conditions");
      }
      if (!by_default.empty()) {
        Add("dangerous-syscall", p_.default_action_loc.line ? p_.default_action_loc : p_.loc,
            "allowed without conditions by the default action: " + by_default);
      }
      for (const char* name : {"io_uring_setup", "io_uring_enter", "io_uring_register"}) {
        const EffectiveSyscall* s;
        auto v = verdict_of(name, &s);
        bool allowed = (v && Allows(*v)) ||
                       (s && std::any_of(s->clauses.begin(), s->clauses.end(),
                                         [](const Clause& c) { return Allows(c.verdict); }));
        if (syscalls::Resolve(ea.arch, name) && allowed && once("io_uring")) {
          Add("io-uring", s ? NameLoc(p_.syscalls[s->unconditional_rule], name) : p_.loc,
              std::string(name) +
                  " is allowed: io_uring operations (open, read, connect...) run without "
                  "passing through seccomp");
        }
      }
      if (syscalls::Resolve(ea.arch, "clone3")) {
        const EffectiveSyscall* s;
        auto v = verdict_of("clone3", &s);
        SourceLoc loc = s ? NameLoc(p_.syscalls[s->unconditional_rule], "clone3") : p_.loc;
        if (v && Allows(*v) && once("clone3")) {
          Add("clone3", loc,
              "clone3 is allowed: its flags are behind a pointer, so namespace creation cannot "
              "be filtered as it is for clone");
        } else if (v && v->kind == ActionKind::kErrno && v->data != kEnosys && once("clone3")) {
          Add("clone3", loc,
              "clone3 fails with " + v->ToString() +
                  ": glibc falls back to clone only on ENOSYS, so threads and fork break",
              "deny clone3 with SCMP_ACT_ERRNO and errnoRet 38 (ENOSYS)");
        }
      }
    }
  }

 private:
  const Profile& p_;
  const EffectiveProfile& eff_;
  Diagnostics& out_;
  std::set<std::string> conflicts_;
};

}  // namespace

const std::vector<LintRuleInfo>& LintRules() { return kRules; }

void LintProfile(const Profile& profile, const Profile* raw, const EffectiveOptions& opts,
                 Diagnostics& findings) {
  if (raw && !raw->architectures.empty() && !raw->arch_map.empty()) {
    Diagnostic& d = findings.Add(Severity::kError, raw->loc,
                                 "both 'architectures' and 'archMap' are given; Docker refuses "
                                 "the profile",
                                 "arch-and-archmap");
    d.hints.push_back("keep one of them");
  }
  EffectiveProfile eff = ComputeEffective(profile, opts);
  Linter(profile, eff, findings).Run();
}

}  // namespace syscage::profile
