// SPDX-License-Identifier: Apache-2.0
// Classic BPF as seccomp takes it: the sock_filter instruction, seccomp_data, the SECCOMP_RET_*
// actions, and helpers to name and normalise actions. Shared by the compiler, the interpreter and
// the disassembler.
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace syscage::bpf {

using Program = std::vector<sock_filter>;

// The kernel refuses longer programs (BPF_MAXINSNS, include/uapi/linux/bpf_common.h).
inline constexpr size_t kMaxInsns = 4096;
// Scratch memory words (BPF_MEMWORDS).
inline constexpr uint32_t kMemWords = 16;
// sizeof(struct seccomp_data): loads must stay below it.
inline constexpr uint32_t kSeccompDataSize = 64;

// Offsets of seccomp_data fields.
inline constexpr uint32_t kNrOffset = 0;
inline constexpr uint32_t kArchOffset = 4;
inline constexpr uint32_t kIpOffset = 8;
inline constexpr uint32_t kArgsOffset = 16;

// SECCOMP_RET_* (include/uapi/linux/seccomp.h), as plain constants.
inline constexpr uint32_t kRetKillProcess = 0x80000000u;
inline constexpr uint32_t kRetKillThread = 0x00000000u;
inline constexpr uint32_t kRetTrap = 0x00030000u;
inline constexpr uint32_t kRetErrno = 0x00050000u;
inline constexpr uint32_t kRetUserNotif = 0x7fc00000u;
inline constexpr uint32_t kRetTrace = 0x7ff00000u;
inline constexpr uint32_t kRetLog = 0x7ffc0000u;
inline constexpr uint32_t kRetAllow = 0x7fff0000u;
inline constexpr uint32_t kRetActionFull = 0xffff0000u;
inline constexpr uint32_t kRetData = 0x0000ffffu;

inline constexpr uint32_t RetErrno(uint32_t err) { return kRetErrno | (err & kRetData); }
inline constexpr uint32_t RetTrace(uint32_t msg) { return kRetTrace | (msg & kRetData); }

// The action the kernel takes for return value `ret` of a single filter (kernel/seccomp.c):
// unknown actions are treated as KILL_PROCESS, and ERRNO data is capped at MAX_ERRNO (4095).
uint32_t NormalizeAction(uint32_t ret);

// "ALLOW", "ERRNO(1)", "KILL_PROCESS", "TRACE(7)", "TRAP", "LOG", "USER_NOTIF", "KILL_THREAD".
std::string ActionName(uint32_t ret);

// Parses ActionName's output back (also "SCMP_ACT_ERRNO(1)" spellings, case-insensitive);
// nullopt when `text` names no action.
std::optional<uint32_t> ParseActionName(std::string_view text);

// Builds one instruction.
inline constexpr sock_filter Stmt(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
inline constexpr sock_filter Jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}

// Byte offset of the low/high 32-bit word of args[index] for an arch of `big_endian` order.
inline constexpr uint32_t ArgLoOffset(uint32_t index, bool big_endian) {
  return kArgsOffset + 8 * index + (big_endian ? 4 : 0);
}
inline constexpr uint32_t ArgHiOffset(uint32_t index, bool big_endian) {
  return kArgsOffset + 8 * index + (big_endian ? 0 : 4);
}

}  // namespace syscage::bpf
