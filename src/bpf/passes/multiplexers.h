// SPDX-License-Identifier: Apache-2.0
// i386's socketcall(2) and ipc(2) multiplexers: the sub-call number of each socket and SysV IPC
// syscall (include/uapi/linux/net.h SYS_*, ipc/syscall.c SEMOP..SHMCTL). libseccomp 2.5.4 turns a
// rule on such a name into a rule on the multiplexer with arg0 == sub-call (replacing any arg0
// condition) besides the rule on the direct syscall, and syscage does the same on x86.
#pragma once

#include <optional>
#include <string_view>

namespace syscage::bpf {

struct SubCall {
  std::string_view multiplexer;  // "socketcall" or "ipc"
  uint32_t number;               // the value of the multiplexer's first argument
};

// The sub-call of `name`, or nullopt when it is not multiplexed.
std::optional<SubCall> FindSubCall(std::string_view name);

}  // namespace syscage::bpf
