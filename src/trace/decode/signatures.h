// SPDX-License-Identifier: Apache-2.0
// The per-syscall decoding table: for each syscall, the kind of each argument and of the return
// value, as data (one row per syscall in signatures.cc). Arguments of an "output" kind are
// printed after the call returns; everything before the first of them is printed at entry, which
// is where strace splits a line into "<unfinished ...>" and "<... resumed>".
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace syscage::trace::decode {

// Closed set of argument kinds. "O" kinds are decoded at syscall exit.
enum class Arg : uint8_t {
  kInt,
  kUInt,
  kLong,
  kULong,
  kHex,
  kPtr,
  kOct,
  kFd,
  kDirFd,
  kPath,
  kCStr,
  kBufIn,         // buffer of the next argument's length
  kBufOutRet,     // buffer filled with retval bytes (O)
  kHexBufOutRet,  // same, printed in \x hex (getrandom) (O)
  kOpenFlags,
  kMode,
  kAccessMode,
  kAtFlags,
  kMmapProt,
  kMmapFlags,
  kSignal,
  kSigsetIn,
  kSigsetOut,  // (O)
  kSigHow,
  kSigactionIn,
  kSigactionOut,  // (O)
  kStatOut,
  kStatxOut,
  kStatfsOut,  // (O)
  kTimespecIn,
  kTimespecOut,   // (O)
  kTimespecPair,  // utimensat times
  kRlimitIn,
  kRlimitOut,  // (O)
  kRlimitRes,
  kSockaddrIn,
  kSockaddrOut,
  kSocklenOut,  // last two (O)
  kSockFamily,
  kSockType,
  kSockProto,
  kIoctlReq,
  kIoctlArg,  // kIoctlArg (O)
  kFcntlCmd,
  kFcntlArg,
  kWhence,
  kCloneFlags,
  kWaitStatusOut,  // (O)
  kWaitOptions,
  kArgv,
  kEnvp,
  kFutexOp,
  kFutexVal,
  kFutexTimeout,
  kFutexUaddr2,
  kFutexVal3,
  kPipeOut,   // (O)
  kUnameOut,  // (O)
  kArchPrctlCode,
  kArchPrctlArg,
  kClockId,
  kPrctlOption,
  kDirentsOut,  // (O)
  kGrndFlags,
  kMadvise,
  kFadvise,
  kIovIn,
  kIovOut,  // (O)
  kEpollCtlOp,
  kEpollEventIn,
  kMsgFlags,
  kShutdownHow,
  kStatxMask,
  kFlockOp,
  kRenameFlags,
  kUmountFlags,
  kMsyncFlags,
  kItimerWhich,
  kMremapFlags,
  kEventfdFlags,
  kPipeFlags,
  kMemfdFlags,
  kInotifyMask,
  kTimerfdFlags,
  kUid,
  kIntPtrIn,
  kIntPtrOut,  // (O)
  kSockLevel,
  kSockOpt,
  kPollFds,
  kCloneArgs,
  kSize,
  kSchedPolicy,
  kPersonality,
  kOctRet,
  kSyslogType,
  kKeepPtrOut,  // pointer printed at exit (O)
  kTimevalOut,  // (O)
  kRusageOut,   // (O)
  kGidsOut,     // getgroups' list (O)
  kSysinfoOut,  // (O)
  kOmit,        // shown by an earlier argument's decoder (clone's flags print the whole call)
};

enum class Ret : uint8_t {
  kInt,    // decimal
  kHex,    // addresses (mmap, brk)
  kFd,     // a new descriptor (with -y, its path)
  kNone,   // never returns (exit_group): "= ?"
  kOct,    // umask
  kFcntl,  // depends on the command (F_GETFL flags)
};

struct Signature {
  std::string_view name;
  Ret ret;
  uint8_t nargs;
  std::array<Arg, 6> args;
};

// The row for `name`; nullptr when the table has none (print raw hex arguments).
const Signature* FindSignature(std::string_view name);
// Every row (for tests and `syscage trace --list-decoders`).
std::span<const Signature> AllSignatures();
// True for kinds printed after the call returns.
bool IsOutputArg(Arg kind);

}  // namespace syscage::trace::decode
