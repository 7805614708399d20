// SPDX-License-Identifier: Apache-2.0
// The --report / --complain program rewrite (see denials.h for why TRACE).
#include "syscage/run/denials.h"

#include <errno.h>
#include <linux/seccomp.h>

#include <map>
#include <string>

namespace syscage::run {
namespace {
// The kernel caps SECCOMP_RET_ERRNO data at MAX_ERRNO (include/linux/err.h).
constexpr uint32_t kMaxErrno = 4095;
}  // namespace

bool IsSupervised(DenialMode mode, uint32_t action) {
  uint32_t kind = action & SECCOMP_RET_ACTION_FULL;
  switch (mode) {
    case DenialMode::kEnforce:
      return false;
    case DenialMode::kReport:
      // KILL and TRAP stay with the kernel, which delivers them exactly (see denials.h).
      return kind == SECCOMP_RET_ERRNO || kind == SECCOMP_RET_TRACE;
    case DenialMode::kComplain:
      // Everything that is not let through as is (unknown action values are kills to the
      // kernel, so they are supervised too).
      return kind != SECCOMP_RET_ALLOW && kind != SECCOMP_RET_LOG && kind != SECCOMP_RET_USER_NOTIF;
  }
  return false;
}

Result<SupervisedProgram> RewriteForSupervision(std::span<const sock_filter> program,
                                                DenialMode mode) {
  SupervisedProgram out;
  out.program.assign(program.begin(), program.end());
  if (mode == DenialMode::kEnforce) return out;
  std::map<uint32_t, uint32_t> index_of;
  for (sock_filter& insn : out.program) {
    if (BPF_CLASS(insn.code) != BPF_RET) continue;
    if (BPF_RVAL(insn.code) != BPF_K) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the filter returns a computed action (BPF_RET|BPF_A); --report and --complain "
                  "need every action to be a constant");
    }
    if (!IsSupervised(mode, insn.k)) continue;
    auto [it, added] = index_of.try_emplace(insn.k, static_cast<uint32_t>(index_of.size()));
    if (added) out.original_actions.push_back(insn.k);
    if (it->second > SECCOMP_RET_DATA) {
      return Fail(ErrorCode::kInvalidArgument, "the filter has more than " +
                                                   std::to_string(SECCOMP_RET_DATA + 1) +
                                                   " distinct denying actions");
    }
    insn.k = SECCOMP_RET_TRACE | it->second;
  }
  return out;
}

int ErrnoOfAction(uint32_t action) {
  switch (action & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_ERRNO: {
      uint32_t data = action & SECCOMP_RET_DATA;
      return static_cast<int>(data > kMaxErrno ? kMaxErrno : data);
    }
    case SECCOMP_RET_TRACE:
      return ENOSYS;
    default:
      return 0;
  }
}

}  // namespace syscage::run
