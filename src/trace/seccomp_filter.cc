// SPDX-License-Identifier: Apache-2.0
// Layout of the program, per arch in `sets` (jumps stay short by using JA between blocks):
//   ld arch; jeq AUDIT_ARCH, +1, +0; ja next_arch
//   ld nr; [x86_64 only: jge X32_BIT, +0, +1; ja x32_block]
//   per range [a,b]: jeq a / (jge a, jgt b) -> ret TRACE
//   ret ALLOW
// and a final ret TRACE for any other arch.
#include "syscage/trace/seccomp_filter.h"

#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

namespace syscage::trace {
namespace {

constexpr size_t kMaxInsns = 4096;  // BPF_MAXINSNS, include/uapi/linux/bpf_common.h

sock_filter Stmt(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
sock_filter Jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}

// Appends checks for `nrs` (any order) that return TRACE on a match, then RET ALLOW.
void EmitNrChecks(std::vector<uint32_t> nrs, std::vector<sock_filter>& out) {
  std::sort(nrs.begin(), nrs.end());
  nrs.erase(std::unique(nrs.begin(), nrs.end()), nrs.end());
  size_t i = 0;
  while (i < nrs.size()) {
    size_t j = i;
    while (j + 1 < nrs.size() && nrs[j + 1] == nrs[j] + 1) ++j;
    if (i == j) {
      out.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], 0, 1));
    } else {
      out.push_back(Jump(BPF_JMP | BPF_JGE | BPF_K, nrs[i], 0, 2));
      out.push_back(Jump(BPF_JMP | BPF_JGT | BPF_K, nrs[j], 1, 0));
    }
    out.push_back(Stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    i = j + 1;
  }
  out.push_back(Stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

}  // namespace

Result<std::vector<sock_filter>> BuildTraceFilter(const std::vector<Target::SeccompSet>& sets) {
  // x32 shares x86_64's audit arch; group the sets by audit arch.
  std::map<uint32_t, std::vector<const Target::SeccompSet*>> by_audit;
  for (const auto& s : sets) by_audit[arch::Info(s.arch).audit_arch].push_back(&s);

  std::vector<sock_filter> out;
  for (const auto& [audit, group] : by_audit) {
    const Target::SeccompSet* main_set = nullptr;
    const Target::SeccompSet* x32_set = nullptr;
    for (const auto* s : group) (s->arch == arch::Arch::kX32 ? x32_set : main_set) = s;
    std::vector<sock_filter> block;
    block.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
    const bool split_x32 = audit == arch::Info(arch::Arch::kX86_64).audit_arch;
    std::vector<sock_filter> x32_block;
    if (split_x32) {
      if (x32_set != nullptr) {
        EmitNrChecks(x32_set->nrs, x32_block);
      } else {
        x32_block.push_back(Stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
      }
    }
    std::vector<sock_filter> main_block;
    if (main_set != nullptr) {
      EmitNrChecks(main_set->nrs, main_block);
    } else {
      main_block.push_back(Stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    }
    if (split_x32) {
      // nr >= X32_BIT falls through to "ja over main_block" and lands on x32_block; a native
      // nr skips the ja and enters main_block.
      block.push_back(Jump(BPF_JMP | BPF_JGE | BPF_K, arch::kX32SyscallBit, 0, 1));
      block.push_back(Stmt(BPF_JMP | BPF_JA, static_cast<uint32_t>(main_block.size())));
      block.insert(block.end(), main_block.begin(), main_block.end());
      block.insert(block.end(), x32_block.begin(), x32_block.end());
    } else {
      block.insert(block.end(), main_block.begin(), main_block.end());
    }
    out.push_back(Stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    out.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, audit, 1, 0));
    out.push_back(Stmt(BPF_JMP | BPF_JA, static_cast<uint32_t>(block.size())));
    out.insert(out.end(), block.begin(), block.end());
  }
  out.push_back(Stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
  if (out.size() > kMaxInsns) {
    return Fail(ErrorCode::kLimitExceeded, "the --seccomp-bpf filter needs " +
                                               std::to_string(out.size()) +
                                               " instructions, more than BPF_MAXINSNS (4096)");
  }
  return out;
}

int InstallFilter(const std::vector<sock_filter>& program, bool no_new_privs) {
  if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  sock_fprog prog{static_cast<unsigned short>(program.size()),
                  const_cast<sock_filter*>(program.data())};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) return errno;
  return 0;
}

}  // namespace syscage::trace
