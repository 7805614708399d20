// SPDX-License-Identifier: Apache-2.0
#include "seccomp_ref.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "syscage/bpf/interpreter.h"

// libseccomp 2.5.4 leaks tree nodes on some rule sets it merges (and on those it refuses); the
// leak is the library's, not syscage's, so LeakSanitizer is told to ignore it.
extern "C" const char* __lsan_default_suppressions() { return "leak:libseccomp.so\n"; }

namespace syscage::oracle {
namespace {

// runc's getAction (libcontainer/seccomp/seccomp_linux.go).
uint32_t RuncAction(profile::ActionKind kind, std::optional<uint32_t> errno_ret) {
  using profile::ActionKind;
  switch (kind) {
    case ActionKind::kKill:
    case ActionKind::kKillThread:
      return SCMP_ACT_KILL_THREAD;
    case ActionKind::kKillProcess:
      return SCMP_ACT_KILL_PROCESS;
    case ActionKind::kTrap:
      return SCMP_ACT_TRAP;
    case ActionKind::kErrno:
      return SCMP_ACT_ERRNO(errno_ret.value_or(EPERM));
    case ActionKind::kTrace:
      return SCMP_ACT_TRACE(errno_ret.value_or(EPERM));
    case ActionKind::kLog:
      return SCMP_ACT_LOG;
    case ActionKind::kAllow:
      return SCMP_ACT_ALLOW;
    case ActionKind::kNotify:
      return SCMP_ACT_NOTIFY;
  }
  return SCMP_ACT_KILL_PROCESS;
}

scmp_compare ScmpOp(profile::CmpOp op) {
  switch (op) {
    case profile::CmpOp::kNe:
      return SCMP_CMP_NE;
    case profile::CmpOp::kLt:
      return SCMP_CMP_LT;
    case profile::CmpOp::kLe:
      return SCMP_CMP_LE;
    case profile::CmpOp::kEq:
      return SCMP_CMP_EQ;
    case profile::CmpOp::kGe:
      return SCMP_CMP_GE;
    case profile::CmpOp::kGt:
      return SCMP_CMP_GT;
    case profile::CmpOp::kMaskedEq:
      return SCMP_CMP_MASKED_EQ;
  }
  return _SCMP_CMP_MIN;
}

std::optional<std::vector<sock_filter>> Export(scmp_filter_ctx ctx, std::string* error) {
  const int fd = memfd_create("seccomp_ref", 0);
  if (fd < 0) {
    *error = "memfd_create failed";
    return std::nullopt;
  }
  const int rc = seccomp_export_bpf(ctx, fd);
  if (rc != 0) {
    close(fd);
    *error = "seccomp_export_bpf: " + std::string(strerror(-rc));
    return std::nullopt;
  }
  const off_t size = lseek(fd, 0, SEEK_END);
  std::vector<sock_filter> prog(static_cast<size_t>(size) / sizeof(sock_filter));
  if (pread(fd, prog.data(), static_cast<size_t>(size), 0) != size) {
    close(fd);
    *error = "reading the exported filter failed";
    return std::nullopt;
  }
  close(fd);
  return prog;
}

}  // namespace

uint32_t ScmpArch(arch::Arch a) {
  switch (a) {
    case arch::Arch::kX86_64:
      return SCMP_ARCH_X86_64;
    case arch::Arch::kX86:
      return SCMP_ARCH_X86;
    case arch::Arch::kX32:
      return SCMP_ARCH_X32;
    case arch::Arch::kAarch64:
      return SCMP_ARCH_AARCH64;
    case arch::Arch::kArm:
      return SCMP_ARCH_ARM;
    case arch::Arch::kRiscv64:
      return SCMP_ARCH_RISCV64;
    case arch::Arch::kS390x:
      return SCMP_ARCH_S390X;
    case arch::Arch::kPpc64le:
      return SCMP_ARCH_PPC64LE;
    default:
      return 0;
  }
}

bool LibseccompKnows(arch::Arch a, uint32_t nr) {
  char* name = seccomp_syscall_resolve_num_arch(ScmpArch(a), static_cast<int>(nr));
  const bool known = name != nullptr;
  free(name);
  return known;
}

bool LibseccompPseudo(arch::Arch a, const std::string& name) {
  const int nr = seccomp_syscall_resolve_name_arch(ScmpArch(a), name.c_str());
  return nr < 0 && nr != __NR_SCMP_ERROR;
}

uint32_t LibseccompMaxNamed(arch::Arch a, const std::vector<std::string>& names) {
  int32_t largest = 0;
  for (const auto& n : names) {
    const int nr = seccomp_syscall_resolve_name_arch(ScmpArch(a), n.c_str());
    if (nr == __NR_SCMP_ERROR) continue;
    if (nr > largest) largest = nr;
  }
  return static_cast<uint32_t>(largest);
}

bool HasNrLoadBug(const RefFilter& ref) {
  const auto& p = ref.program;
  // The arch dispatch: ld [4]; jeq AUDIT_x jt <section> jf <next jeq or ret>; ...
  if (p.empty() || p[0].code != (BPF_LD | BPF_W | BPF_ABS) || p[0].k != 4) return false;
  size_t pc = 1;
  while (pc < p.size() && p[pc].code == (BPF_JMP | BPF_JEQ | BPF_K)) {
    const size_t section = pc + 1 + p[pc].jt;
    if (section >= p.size()) return false;
    const sock_filter& first = p[section];
    const bool loads_nr = first.code == (BPF_LD | BPF_W | BPF_ABS) && first.k == 0;
    const bool returns = BPF_CLASS(first.code) == BPF_RET;
    if (!loads_nr && !returns) return true;
    pc = pc + 1 + p[pc].jf;
  }
  return false;
}

uint32_t RefFilter::Evaluate(const seccomp_data& data) const {
  const bool x32_half =
      (static_cast<uint32_t>(data.nr) & 0x40000000u) != 0 && data.arch == (AUDIT_ARCH_X86_64);
  auto it = enosys_above.find({data.arch, data.arch == AUDIT_ARCH_X86_64 ? x32_half : false});
  // runc's stub compares with jgt, so the number is unsigned.
  if (it != enosys_above.end() && static_cast<uint32_t>(data.nr) > it->second) {
    return SCMP_ACT_ERRNO(ENOSYS);
  }
  auto r = bpf::Evaluate(program, data);
  return r ? *r : 0xdeadbeefu;
}

std::optional<RefFilter> BuildReference(const profile::Profile& profile,
                                        const std::vector<arch::Arch>& arches, std::string* error,
                                        int optimize) {
  const uint32_t def = RuncAction(profile.default_action, profile.default_errno_ret);
  scmp_filter_ctx ctx = seccomp_init(def);
  if (ctx == nullptr) {
    *error = "seccomp_init refused the default action";
    return std::nullopt;
  }
  struct Release {
    scmp_filter_ctx c;
    ~Release() { seccomp_release(c); }
  } release{ctx};
  seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  if (optimize != 1) seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, optimize);
  bool native_wanted = false;
  const uint32_t native = seccomp_arch_native();
  for (arch::Arch a : arches) {
    const uint32_t token = ScmpArch(a);
    if (token == native) {
      native_wanted = true;
      continue;
    }
    if (seccomp_arch_add(ctx, token) != 0) {
      *error = "seccomp_arch_add failed";
      return std::nullopt;
    }
  }
  if (!native_wanted) seccomp_arch_remove(ctx, native);

  std::vector<std::string> all_names;
  for (const auto& rule : profile.syscalls) {
    const uint32_t action = RuncAction(rule.action, rule.errno_ret);
    std::array<int, 6> counts{};
    std::vector<scmp_arg_cmp> conds;
    for (const auto& c : rule.args) {
      if (c.index >= 6) {
        *error = "argument index out of range";
        return std::nullopt;
      }
      ++counts[c.index];
      const scmp_compare op = ScmpOp(c.op);
      conds.push_back(op == SCMP_CMP_MASKED_EQ ? scmp_arg_cmp{c.index, op, c.value, c.value_two}
                                               : scmp_arg_cmp{c.index, op, c.value, c.value_two});
    }
    bool repeated = false;
    for (int n : counts) repeated = repeated || n > 1;
    for (const auto& name : rule.names) {
      all_names.push_back(name);
      if (action == def) continue;
      const int nr = seccomp_syscall_resolve_name(name.c_str());
      if (nr == __NR_SCMP_ERROR) continue;  // runc: unknown to libseccomp, skipped
      int rc = 0;
      if (conds.empty()) {
        rc = seccomp_rule_add(ctx, action, nr, 0);
      } else if (repeated) {
        for (const auto& c : conds) {
          rc = seccomp_rule_add_array(ctx, action, nr, 1, &c);
          if (rc != 0) break;
        }
      } else {
        rc = seccomp_rule_add_array(ctx, action, nr, static_cast<unsigned>(conds.size()),
                                    conds.data());
      }
      if (rc != 0) {
        *error = "seccomp_rule_add(" + name + "): " + strerror(-rc);
        return std::nullopt;
      }
    }
  }
  RefFilter ref;
  auto prog = Export(ctx, error);
  if (!prog) return std::nullopt;
  ref.program = std::move(*prog);

  // runc's stub: not for permissive defaults, nor when the default already is ENOSYS; for the
  // profile's arches and the implied native one, i.e. the filter's arches.
  const bool permissive = profile.default_action == profile::ActionKind::kAllow ||
                          profile.default_action == profile::ActionKind::kLog ||
                          profile.default_action == profile::ActionKind::kTrace;
  if (!permissive && def != SCMP_ACT_ERRNO(ENOSYS)) {
    for (arch::Arch a : arches) {
      const uint32_t max = LibseccompMaxNamed(a, all_names);
      if (max == 0) continue;
      const arch::ArchInfo& info = arch::Info(a);
      ref.enosys_above[{info.audit_arch, a == arch::Arch::kX32}] = max;
    }
  }
  return ref;
}

}  // namespace syscage::oracle
