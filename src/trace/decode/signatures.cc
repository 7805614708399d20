// SPDX-License-Identifier: Apache-2.0
// The decoding table: one row per syscall (name, return kind, argument kinds), following the
// Linux prototypes (include/linux/syscalls.h) and strace's way of showing each argument.
#include "syscage/trace/decode/signatures.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_map>

namespace syscage::trace::decode {
namespace {

using enum Arg;
using R = Ret;

constexpr Signature S(std::string_view name, Ret ret, std::initializer_list<Arg> args) {
  Signature s{name, ret, static_cast<uint8_t>(args.size()), {}};
  size_t i = 0;
  for (Arg a : args) s.args[i++] = a;
  return s;
}

// clang-format off
constexpr Signature kTable[] = {
  S("read", R::kInt, {kFd, kBufOutRet, kSize}),
  S("write", R::kInt, {kFd, kBufIn, kSize}),
  S("pread64", R::kInt, {kFd, kBufOutRet, kSize, kLong}),
  S("pwrite64", R::kInt, {kFd, kBufIn, kSize, kLong}),
  S("readv", R::kInt, {kFd, kIovOut, kInt}),
  S("writev", R::kInt, {kFd, kIovIn, kInt}),
  S("preadv", R::kInt, {kFd, kIovOut, kInt, kLong}),
  S("pwritev", R::kInt, {kFd, kIovIn, kInt, kLong}),
  S("open", R::kFd, {kPath, kOpenFlags, kMode}),
  S("openat", R::kFd, {kDirFd, kPath, kOpenFlags, kMode}),
  S("creat", R::kFd, {kPath, kOct}),
  S("close", R::kInt, {kFd}),
  S("close_range", R::kInt, {kUInt, kUInt, kUInt}),
  S("stat", R::kInt, {kPath, kStatOut}),
  S("lstat", R::kInt, {kPath, kStatOut}),
  S("fstat", R::kInt, {kFd, kStatOut}),
  S("newfstatat", R::kInt, {kDirFd, kPath, kStatOut, kAtFlags}),
  S("stat64", R::kInt, {kPath, kStatOut}),  // i386: struct stat64
  S("lstat64", R::kInt, {kPath, kStatOut}),
  S("fstat64", R::kInt, {kFd, kStatOut}),
  S("fstatat64", R::kInt, {kDirFd, kPath, kStatOut, kAtFlags}),
  S("statx", R::kInt, {kDirFd, kPath, kAtFlags, kStatxMask, kStatxOut}),
  S("statfs", R::kInt, {kPath, kStatfsOut}),
  S("fstatfs", R::kInt, {kFd, kStatfsOut}),
  S("statfs64", R::kInt, {kPath, kULong, kStatfsOut}),  // i386: (path, sizeof, buf)
  S("fstatfs64", R::kInt, {kFd, kULong, kStatfsOut}),
  S("lseek", R::kInt, {kFd, kLong, kWhence}),
  S("mmap", R::kHex, {kPtr, kSize, kMmapProt, kMmapFlags, kFd, kHex}),
  S("mprotect", R::kInt, {kPtr, kSize, kMmapProt}),
  S("munmap", R::kInt, {kPtr, kSize}),
  S("mremap", R::kHex, {kPtr, kSize, kSize, kMremapFlags, kPtr}),
  S("madvise", R::kInt, {kPtr, kSize, kMadvise}),
  S("msync", R::kInt, {kPtr, kSize, kMsyncFlags}),
  S("mlock", R::kInt, {kPtr, kSize}),
  S("munlock", R::kInt, {kPtr, kSize}),
  S("brk", R::kHex, {kPtr}),
  S("rt_sigaction", R::kInt, {kSignal, kSigactionIn, kSigactionOut, kSize}),
  S("rt_sigprocmask", R::kInt, {kSigHow, kSigsetIn, kSigsetOut, kSize}),
  S("rt_sigpending", R::kInt, {kSigsetOut, kSize}),
  S("rt_sigsuspend", R::kInt, {kSigsetIn, kSize}),
  S("rt_sigreturn", R::kInt, {}),
  S("rt_sigtimedwait", R::kInt, {kSigsetIn, kKeepPtrOut, kTimespecIn, kSize}),
  S("rt_sigqueueinfo", R::kInt, {kInt, kSignal, kPtr}),
  S("sigaltstack", R::kInt, {kPtr, kKeepPtrOut}),
  S("ioctl", R::kInt, {kFd, kIoctlReq, kIoctlArg}),
  S("access", R::kInt, {kPath, kAccessMode}),
  S("faccessat", R::kInt, {kDirFd, kPath, kAccessMode}),
  S("faccessat2", R::kInt, {kDirFd, kPath, kAccessMode, kAtFlags}),
  S("pipe", R::kInt, {kPipeOut}),
  S("pipe2", R::kInt, {kPipeOut, kPipeFlags}),
  S("select", R::kInt, {kInt, kPtr, kPtr, kPtr, kPtr}),
  S("pselect6", R::kInt, {kInt, kPtr, kPtr, kPtr, kTimespecIn, kPtr}),
  S("poll", R::kInt, {kPollFds, kUInt, kInt}),
  S("ppoll", R::kInt, {kPollFds, kUInt, kTimespecIn, kSigsetIn, kSize}),
  S("sched_yield", R::kInt, {}),
  S("dup", R::kFd, {kFd}),
  S("dup2", R::kFd, {kFd, kInt}),
  S("dup3", R::kFd, {kFd, kInt, kOpenFlags}),
  S("pause", R::kInt, {}),
  S("nanosleep", R::kInt, {kTimespecIn, kTimespecOut}),
  S("clock_nanosleep", R::kInt, {kClockId, kInt, kTimespecIn, kTimespecOut}),
  S("clock_gettime", R::kInt, {kClockId, kTimespecOut}),
  S("clock_getres", R::kInt, {kClockId, kTimespecOut}),
  // i386's 64-bit-time variants (the plain names take struct old_timespec32 there).
  S("clock_nanosleep_time64", R::kInt, {kClockId, kInt, kTimespecIn, kTimespecOut}),
  S("clock_gettime64", R::kInt, {kClockId, kTimespecOut}),
  S("clock_getres_time64", R::kInt, {kClockId, kTimespecOut}),
  S("gettimeofday", R::kInt, {kTimevalOut, kPtr}),
  S("getitimer", R::kInt, {kItimerWhich, kKeepPtrOut}),
  S("setitimer", R::kInt, {kItimerWhich, kPtr, kKeepPtrOut}),
  S("alarm", R::kInt, {kUInt}),
  S("getpid", R::kInt, {}),
  S("getppid", R::kInt, {}),
  S("gettid", R::kInt, {}),
  S("getuid", R::kInt, {}),
  S("geteuid", R::kInt, {}),
  S("getgid", R::kInt, {}),
  S("getegid", R::kInt, {}),
  S("getpgrp", R::kInt, {}),
  S("getpgid", R::kInt, {kInt}),
  S("getsid", R::kInt, {kInt}),
  S("setsid", R::kInt, {}),
  S("setpgid", R::kInt, {kInt, kInt}),
  S("setuid", R::kInt, {kUid}),
  S("setgid", R::kInt, {kUid}),
  S("setreuid", R::kInt, {kUid, kUid}),
  S("setregid", R::kInt, {kUid, kUid}),
  S("setresuid", R::kInt, {kUid, kUid, kUid}),
  S("setresgid", R::kInt, {kUid, kUid, kUid}),
  S("getgroups", R::kInt, {kInt, kGidsOut}),
  S("setgroups", R::kInt, {kInt, kPtr}),
  S("sendfile", R::kInt, {kFd, kFd, kPtr, kSize}),
  S("socket", R::kFd, {kSockFamily, kSockType, kSockProto}),
  S("socketpair", R::kInt, {kSockFamily, kSockType, kSockProto, kPipeOut}),
  S("connect", R::kInt, {kFd, kSockaddrIn, kUInt}),
  S("bind", R::kInt, {kFd, kSockaddrIn, kUInt}),
  S("listen", R::kInt, {kFd, kInt}),
  S("accept", R::kFd, {kFd, kSockaddrOut, kSocklenOut}),
  S("accept4", R::kFd, {kFd, kSockaddrOut, kSocklenOut, kSockType}),
  S("getsockname", R::kInt, {kFd, kSockaddrOut, kSocklenOut}),
  S("getpeername", R::kInt, {kFd, kSockaddrOut, kSocklenOut}),
  S("sendto", R::kInt, {kFd, kBufIn, kSize, kMsgFlags, kSockaddrIn, kUInt}),
  S("recvfrom", R::kInt, {kFd, kBufOutRet, kSize, kMsgFlags, kSockaddrOut, kSocklenOut}),
  S("sendmsg", R::kInt, {kFd, kPtr, kMsgFlags}),
  S("recvmsg", R::kInt, {kFd, kKeepPtrOut, kMsgFlags}),
  S("shutdown", R::kInt, {kFd, kShutdownHow}),
  S("setsockopt", R::kInt, {kFd, kSockLevel, kSockOpt, kPtr, kUInt}),
  S("getsockopt", R::kInt, {kFd, kSockLevel, kSockOpt, kKeepPtrOut, kPtr}),
  S("clone", R::kInt, {kCloneFlags, kOmit, kOmit, kOmit, kOmit}),
  S("clone3", R::kInt, {kCloneArgs, kSize}),
  S("fork", R::kInt, {}),
  S("vfork", R::kInt, {}),
  S("execve", R::kInt, {kPath, kArgv, kEnvp}),
  S("execveat", R::kInt, {kDirFd, kPath, kArgv, kEnvp, kAtFlags}),
  S("exit", R::kNone, {kInt}),
  S("exit_group", R::kNone, {kInt}),
  S("wait4", R::kInt, {kInt, kWaitStatusOut, kWaitOptions, kRusageOut}),
  S("waitid", R::kInt, {kInt, kInt, kKeepPtrOut, kWaitOptions, kPtr}),
  S("kill", R::kInt, {kInt, kSignal}),
  S("tkill", R::kInt, {kInt, kSignal}),
  S("tgkill", R::kInt, {kInt, kInt, kSignal}),
  S("uname", R::kInt, {kUnameOut}),
  S("fcntl", R::kFcntl, {kFd, kFcntlCmd, kFcntlArg}),
  S("flock", R::kInt, {kFd, kFlockOp}),
  S("fsync", R::kInt, {kFd}),
  S("fdatasync", R::kInt, {kFd}),
  S("truncate", R::kInt, {kPath, kLong}),
  S("ftruncate", R::kInt, {kFd, kLong}),
  S("getdents64", R::kInt, {kFd, kDirentsOut, kSize}),
  S("getdents", R::kInt, {kFd, kDirentsOut, kSize}),
  S("getcwd", R::kInt, {kBufOutRet, kSize}),
  S("chdir", R::kInt, {kPath}),
  S("fchdir", R::kInt, {kFd}),
  S("rename", R::kInt, {kPath, kPath}),
  S("renameat", R::kInt, {kDirFd, kPath, kDirFd, kPath}),
  S("renameat2", R::kInt, {kDirFd, kPath, kDirFd, kPath, kRenameFlags}),
  S("mkdir", R::kInt, {kPath, kOct}),
  S("mkdirat", R::kInt, {kDirFd, kPath, kOct}),
  S("rmdir", R::kInt, {kPath}),
  S("link", R::kInt, {kPath, kPath}),
  S("linkat", R::kInt, {kDirFd, kPath, kDirFd, kPath, kAtFlags}),
  S("unlink", R::kInt, {kPath}),
  S("unlinkat", R::kInt, {kDirFd, kPath, kAtFlags}),
  S("symlink", R::kInt, {kPath, kPath}),
  S("symlinkat", R::kInt, {kPath, kDirFd, kPath}),
  S("readlink", R::kInt, {kPath, kBufOutRet, kSize}),
  S("readlinkat", R::kInt, {kDirFd, kPath, kBufOutRet, kSize}),
  S("chmod", R::kInt, {kPath, kOct}),
  S("fchmod", R::kInt, {kFd, kOct}),
  S("fchmodat", R::kInt, {kDirFd, kPath, kOct}),
  S("chown", R::kInt, {kPath, kUid, kUid}),
  S("fchown", R::kInt, {kFd, kUid, kUid}),
  S("lchown", R::kInt, {kPath, kUid, kUid}),
  S("fchownat", R::kInt, {kDirFd, kPath, kUid, kUid, kAtFlags}),
  S("umask", R::kOct, {kOct}),
  S("utimensat", R::kInt, {kDirFd, kPath, kTimespecPair, kAtFlags}),
  S("getrlimit", R::kInt, {kRlimitRes, kRlimitOut}),
  S("setrlimit", R::kInt, {kRlimitRes, kRlimitIn}),
  S("ugetrlimit", R::kInt, {kRlimitRes, kRlimitOut}),  // i386
  S("prlimit64", R::kInt, {kInt, kRlimitRes, kRlimitIn, kRlimitOut}),
  S("getrusage", R::kInt, {kInt, kRusageOut}),
  S("sysinfo", R::kInt, {kSysinfoOut}),
  S("times", R::kInt, {kKeepPtrOut}),
  S("ptrace", R::kInt, {kInt, kInt, kPtr, kPtr}),
  S("syslog", R::kInt, {kSyslogType, kPtr, kInt}),
  S("getpriority", R::kInt, {kInt, kInt}),
  S("setpriority", R::kInt, {kInt, kInt, kInt}),
  S("sched_getaffinity", R::kInt, {kInt, kSize, kKeepPtrOut}),
  S("sched_setaffinity", R::kInt, {kInt, kSize, kPtr}),
  S("sched_getscheduler", R::kInt, {kInt}),
  S("sched_setscheduler", R::kInt, {kInt, kSchedPolicy, kPtr}),
  S("personality", R::kHex, {kPersonality}),
  S("prctl", R::kInt, {kPrctlOption, kHex, kHex, kHex, kHex}),
  S("arch_prctl", R::kInt, {kArchPrctlCode, kArchPrctlArg}),
  S("chroot", R::kInt, {kPath}),
  S("sync", R::kInt, {}),
  S("mount", R::kInt, {kPath, kPath, kCStr, kHex, kPtr}),
  S("umount2", R::kInt, {kPath, kUmountFlags}),
  S("sethostname", R::kInt, {kBufIn, kSize}),
  S("futex", R::kInt, {kPtr, kFutexOp, kFutexVal, kFutexTimeout, kFutexUaddr2, kFutexVal3}),
  S("futex_time64", R::kInt, {kPtr, kFutexOp, kFutexVal, kFutexTimeout, kFutexUaddr2, kFutexVal3}),
  S("set_tid_address", R::kInt, {kPtr}),
  S("set_robust_list", R::kInt, {kPtr, kSize}),
  S("get_robust_list", R::kInt, {kInt, kKeepPtrOut, kKeepPtrOut}),
  S("rseq", R::kInt, {kPtr, kHex, kInt, kHex}),
  S("getrandom", R::kInt, {kHexBufOutRet, kSize, kGrndFlags}),
  S("epoll_create", R::kFd, {kInt}),
  S("epoll_create1", R::kFd, {kOpenFlags}),
  S("epoll_ctl", R::kInt, {kFd, kEpollCtlOp, kFd, kEpollEventIn}),
  S("epoll_wait", R::kInt, {kFd, kKeepPtrOut, kInt, kInt}),
  S("epoll_pwait", R::kInt, {kFd, kKeepPtrOut, kInt, kInt, kSigsetIn, kSize}),
  S("eventfd2", R::kFd, {kUInt, kEventfdFlags}),
  S("signalfd4", R::kFd, {kFd, kSigsetIn, kSize, kOpenFlags}),
  S("timerfd_create", R::kFd, {kClockId, kTimerfdFlags}),
  S("inotify_init1", R::kFd, {kOpenFlags}),
  S("inotify_add_watch", R::kInt, {kFd, kPath, kInotifyMask}),
  S("inotify_rm_watch", R::kInt, {kFd, kInt}),
  S("memfd_create", R::kFd, {kCStr, kMemfdFlags}),
  S("fadvise64", R::kInt, {kFd, kLong, kLong, kFadvise}),
  S("fallocate", R::kInt, {kFd, kInt, kLong, kLong}),
  S("copy_file_range", R::kInt, {kFd, kPtr, kFd, kPtr, kSize, kUInt}),
  S("splice", R::kInt, {kFd, kPtr, kFd, kPtr, kSize, kUInt}),
  S("getxattr", R::kInt, {kPath, kCStr, kKeepPtrOut, kSize}),
  S("lgetxattr", R::kInt, {kPath, kCStr, kKeepPtrOut, kSize}),
  S("fgetxattr", R::kInt, {kFd, kCStr, kKeepPtrOut, kSize}),
  S("setxattr", R::kInt, {kPath, kCStr, kBufIn, kSize, kInt}),
  S("listxattr", R::kInt, {kPath, kKeepPtrOut, kSize}),
  S("capget", R::kInt, {kPtr, kKeepPtrOut}),
  S("capset", R::kInt, {kPtr, kPtr}),
  S("seccomp", R::kInt, {kUInt, kUInt, kPtr}),
  S("pidfd_open", R::kFd, {kInt, kUInt}),
  S("pidfd_send_signal", R::kInt, {kFd, kSignal, kPtr, kUInt}),
  S("unshare", R::kInt, {kCloneFlags}),
  S("setns", R::kInt, {kFd, kCloneFlags}),
  S("mincore", R::kInt, {kPtr, kSize, kKeepPtrOut}),
  S("membarrier", R::kInt, {kInt, kUInt, kInt}),
  S("restart_syscall", R::kInt, {}),
  S("getcpu", R::kInt, {kKeepPtrOut, kKeepPtrOut, kPtr}),
  S("sched_getparam", R::kInt, {kInt, kKeepPtrOut}),
  S("io_uring_setup", R::kFd, {kUInt, kPtr}),
  S("landlock_create_ruleset", R::kFd, {kPtr, kSize, kUInt}),
};
// clang-format on

}  // namespace

const Signature* FindSignature(std::string_view name) {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const Signature*>();
    for (const auto& s : kTable) m->emplace(s.name, &s);
    return m;
  }();
  auto it = index->find(name);
  return it == index->end() ? nullptr : it->second;
}

std::span<const Signature> AllSignatures() { return kTable; }

bool IsOutputArg(Arg kind) {
  switch (kind) {
    case kBufOutRet:
    case kHexBufOutRet:
    case kSigsetOut:
    case kSigactionOut:
    case kStatOut:
    case kStatxOut:
    case kStatfsOut:
    case kTimespecOut:
    case kRlimitOut:
    case kSockaddrOut:
    case kSocklenOut:
    case kIoctlArg:
    case kWaitStatusOut:
    case kPipeOut:
    case kUnameOut:
    case kDirentsOut:
    case kIovOut:
    case kIntPtrOut:
    case kKeepPtrOut:
    case kTimevalOut:
    case kRusageOut:
    case kGidsOut:
    case kSysinfoOut:
      return true;
    default:
      return false;
  }
}

}  // namespace syscage::trace::decode
