// SPDX-License-Identifier: Apache-2.0
// The argument dispatcher: walks a Signature's argument kinds and formats each the way strace
// does (strings quoted and cut at -s, flags symbolic, modes octal, NULL for null pointers).
// Struct decoders (stat, sockaddr, sigaction...) are in structs.cc.
#include "syscage/trace/decode/decoder.h"

#include <fcntl.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <optional>

#include "syscage/trace/decode/names.h"

namespace syscage::trace::decode {
namespace {

constexpr size_t kPathMax = 4096;

std::string Dec(int64_t v) { return std::to_string(v); }
std::string UDec(uint64_t v) { return std::to_string(v); }
std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%#" PRIx64, v);
  return buf;
}
std::string Oct(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%#03" PRIo64, v);
  return buf;
}
std::string NameOr(uint64_t v, std::span<const Named> table, bool hex = false) {
  if (const char* n = FindName(v, table)) return n;
  return hex ? Hex(v) : Dec(static_cast<int64_t>(v));
}

std::string OpenFlagsText(uint64_t flags) {
  std::string out = NameOr(flags & O_ACCMODE, OpenAccessModes(), true);
  const uint64_t rest = flags & ~static_cast<uint64_t>(O_ACCMODE);
  if (rest != 0) out += "|" + FormatFlags(rest, OpenFlags());
  return out;
}

}  // namespace

std::string Decoder::Pointer(uint64_t addr) const { return addr == 0 ? "NULL" : Hex(addr); }

std::string Decoder::Quote(std::string_view data, bool more, bool hex) const {
  const size_t n = std::min(data.size(), opts_.string_limit);
  std::string out = "\"";
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    char buf[8];
    if (hex) {
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c >= ' ' && c <= 0x7e) {
      out += static_cast<char>(c);
    } else if (i + 1 < n && data[i + 1] >= '0' && data[i + 1] <= '7') {
      std::snprintf(buf, sizeof(buf), "\\%03o", c);  // a digit follows: keep it unambiguous
      out += buf;
    } else {
      std::snprintf(buf, sizeof(buf), "\\%o", c);
      out += buf;
    }
  }
  out += '"';
  if (more || data.size() > opts_.string_limit) out += "...";
  return out;
}

std::string Decoder::CString(pid_t tid, uint64_t addr, size_t limit) {
  if (addr == 0) return "NULL";
  if (limit == 0) limit = opts_.string_limit;
  std::string data;
  char chunk[256];
  bool terminated = false;
  while (data.size() <= limit) {
    const size_t want = std::min(sizeof(chunk), limit + 1 - data.size());
    const size_t got = mem_.Read(tid, addr + data.size(), chunk, want);
    if (got == 0) break;
    for (size_t i = 0; i < got; ++i) {
      if (chunk[i] == '\0') {
        terminated = true;
        break;
      }
      data += chunk[i];
    }
    if (terminated || got < want) break;
  }
  if (!terminated && data.empty()) return Hex(addr);
  const bool more = !terminated && data.size() > limit;
  if (more) data.resize(limit);
  const size_t saved = opts_.string_limit;
  opts_.string_limit = limit;
  std::string out = Quote(data, more);
  opts_.string_limit = saved;
  return out;
}

std::string Decoder::Fd(pid_t pid, int64_t fd) {
  std::string out = Dec(static_cast<int32_t>(fd));
  if (opts_.fd_paths && static_cast<int32_t>(fd) >= 0) {
    std::string path = mem_.FdPath(pid, static_cast<int>(fd));
    if (!path.empty()) out += "<" + path + ">";
  }
  return out;
}

std::string Decoder::Entry(const Event& e, std::string_view name) {
  std::string out(name);
  out += '(';
  const Signature* sig = FindSignature(name);
  if (sig == nullptr) return out;
  if (name == "rt_sigreturn" && e.arch == arch::Arch::kX86_64) {
    // After the handler's ret, rsp points at the ucontext of the signal frame; its uc_sigmask
    // follows uc_flags, uc_link, uc_stack (24) and the 256-byte sigcontext: offset 296.
    uint8_t mask[8];
    if (mem_.Read(e.tid, e.stack_pointer + 296, mask, sizeof(mask)) == sizeof(mask)) {
      out += "{mask=" + FormatSigset(mask, sizeof(mask)) + "}";
    }
    return out;
  }
  bool first = true;
  for (int i = 0; i < sig->nargs; ++i) {
    if (IsOutputArg(sig->args[i])) break;
    std::string text = FormatArg(e, *sig, i);
    if (text.empty()) continue;
    out += text;
    // Another argument follows (printed now or at exit).
    bool more = false;
    for (int j = i + 1; j < sig->nargs && !more; ++j) {
      more = IsOutputArg(sig->args[j]) || !FormatArg(e, *sig, j).empty();
    }
    if (more) out += ", ";
    first = false;
  }
  (void)first;
  return out;
}

std::string Decoder::Exit(const Event& e, std::string_view name) {
  std::string out;
  const Signature* sig = FindSignature(name);
  if (sig == nullptr) {
    for (int i = 0; i < 6; ++i) out += (i > 0 ? ", " : "") + Hex(e.args[i]);
    return out + ")";
  }
  int i = 0;
  while (i < sig->nargs && !IsOutputArg(sig->args[i])) ++i;
  for (bool first = true; i < sig->nargs; ++i) {
    std::string text = FormatArg(e, *sig, i);
    if (text.empty()) continue;
    if (!first) out += ", ";
    out += text;
    first = false;
  }
  if (name == "clone3" && !e.is_error && (e.args[0] != 0)) {
    // clone3 reports the parent_tid it wrote, after the input struct (strace's "=> {...}").
    uint64_t ca[4] = {};
    if (mem_.Read(e.tid, e.args[0], ca, sizeof(ca)) == sizeof(ca) && (ca[0] & 0x00100000) != 0) {
      int32_t ptid = 0;
      if (mem_.Read(e.tid, ca[3], &ptid, sizeof(ptid)) == sizeof(ptid)) {
        out.insert(0, " => {parent_tid=[" + Dec(ptid) + "]}");
      }
    }
  }
  return out + ")";
}

std::string Decoder::Return(const Event& e, std::string_view name) {
  const Signature* sig = FindSignature(name);
  const Ret kind = sig != nullptr ? sig->ret : Ret::kInt;
  if (e.is_error) {
    const int err = static_cast<int>(-e.retval);
    std::string_view ename = ErrnoName(err);
    std::string prefix = err >= 512 && err < 530 ? "? " : "-1 ";
    if (ename.empty()) return prefix + "E??? (errno " + Dec(err) + ")";
    return prefix + std::string(ename) + " (" + ErrnoMessage(err) + ")";
  }
  switch (kind) {
    case Ret::kNone:
      return "?";
    case Ret::kHex:
      return Hex(static_cast<uint64_t>(e.retval));
    case Ret::kFd:
      return Fd(e.pid, e.retval);
    case Ret::kOct:
      return Oct(static_cast<uint64_t>(e.retval));
    case Ret::kFcntl: {
      const auto cmd = static_cast<int>(e.args[1]);
      const auto v = static_cast<uint64_t>(e.retval);
      if (cmd == F_GETFL) return Hex(v) + " (flags " + OpenFlagsText(v) + ")";
      if (cmd == F_GETFD)
        return v == 0 ? "0" : Hex(v) + " (flags " + FormatFlags(v, FdFlags()) + ")";
      if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) return Fd(e.pid, e.retval);
      return Dec(e.retval);
    }
    case Ret::kInt:
      break;
  }
  return Dec(e.retval);
}

std::string Decoder::FormatArg(const Event& e, const Signature& sig, int i) {
  const uint64_t v = e.args[i];
  const auto iv = static_cast<int32_t>(v);
  const bool at_exit = e.kind == EventKind::kSyscallExit;
  const bool failed = at_exit && e.is_error;
  switch (sig.args[i]) {
    case Arg::kInt:
      return Dec(iv);
    case Arg::kUInt:
      return UDec(static_cast<uint32_t>(v));
    case Arg::kLong:
      return Dec(static_cast<int64_t>(v));
    case Arg::kULong:
    case Arg::kSize:
      return UDec(v);
    case Arg::kHex:
      return Hex(v);
    case Arg::kPtr:
      return Pointer(v);
    case Arg::kOct:
      return Oct(v & 07777);
    case Arg::kOctRet:
      return Oct(v);
    case Arg::kUid:
      return iv == -1 ? "-1" : UDec(static_cast<uint32_t>(v));
    case Arg::kFd:
      return Fd(e.pid, static_cast<int64_t>(v));
    case Arg::kDirFd:
      if (iv != AT_FDCWD) return Fd(e.pid, iv);
      if (opts_.fd_paths) {
        // -y shows the working directory the call resolves against: AT_FDCWD</home/user>.
        std::string cwd = mem_.FdPath(e.pid, AT_FDCWD);
        if (!cwd.empty()) return "AT_FDCWD<" + cwd + ">";
      }
      return "AT_FDCWD";
    case Arg::kPath:
      return CString(e.tid, v, kPathMax);
    case Arg::kCStr:
      return CString(e.tid, v);
    case Arg::kBufIn: {
      if (v == 0) return "NULL";
      const uint64_t len = e.args[i + 1];
      std::string data(std::min<uint64_t>(len, opts_.string_limit), '\0');
      const size_t got = mem_.Read(e.tid, v, data.data(), data.size());
      if (got < data.size()) return Hex(v);
      return Quote(data, len > data.size());
    }
    case Arg::kBufOutRet:
    case Arg::kHexBufOutRet: {
      if (failed || v == 0) return Pointer(v);
      uint64_t len = static_cast<uint64_t>(e.retval);
      const bool is_getcwd = sig.name == "getcwd";
      if (is_getcwd) return CString(e.tid, v, kPathMax);
      std::string data(std::min<uint64_t>(len, opts_.string_limit), '\0');
      const size_t got = mem_.Read(e.tid, v, data.data(), data.size());
      if (got < data.size()) return Hex(v);
      return Quote(data, len > data.size(), sig.args[i] == Arg::kHexBufOutRet);
    }
    case Arg::kOpenFlags:
      if (sig.name == "dup3" || sig.name == "epoll_create1" || sig.name == "inotify_init1" ||
          sig.name == "signalfd4") {
        return FormatFlags(v, OpenFlags());
      }
      return OpenFlagsText(v);
    case Arg::kMode: {
      // open's mode only matters (and strace only shows it) with O_CREAT or O_TMPFILE.
      const uint64_t flags = e.args[i - 1];
      if ((flags & O_CREAT) == 0 && (flags & O_TMPFILE) != O_TMPFILE) return "";
      return Oct(v);
    }
    case Arg::kAccessMode:
      return v == 0 ? "F_OK" : FormatFlags(v, AccessModes());
    case Arg::kAtFlags:
      if (sig.name == "statx") {
        std::string sync = (v & 0x6000) == 0 ? "AT_STATX_SYNC_AS_STAT" : "";
        std::string rest = FormatFlags(v, AtFlags(), "");
        if (!sync.empty() && !rest.empty()) return sync + "|" + rest;
        return sync + rest;
      }
      return FormatFlags(v, AtFlags());
    case Arg::kMmapProt:
      return FormatFlags(v, MmapProt(), "PROT_NONE");
    case Arg::kMmapFlags: {
      std::string out = NameOr(v & 0xf, MmapType(), true);
      if ((v & ~0xfULL) != 0) out += "|" + FormatFlags(v & ~0xfULL, MmapFlags());
      return out;
    }
    case Arg::kSignal: {
      std::string n = SignalName(iv);
      return n.empty() ? Dec(iv) : n;
    }
    case Arg::kSigsetIn:
      return Sigset(e.tid, v, e.args[sig.nargs - 1]);
    case Arg::kSigsetOut:
      if (failed || v == 0) return Pointer(v);
      return Sigset(e.tid, v, e.args[sig.nargs - 1]);
    case Arg::kSigHow:
      return NameOr(v, SigprocmaskHow());
    case Arg::kSigactionIn:
      return Sigaction(e.tid, v);
    case Arg::kSigactionOut:
      return failed || v == 0 ? Pointer(v) : Sigaction(e.tid, v);
    case Arg::kStatOut:
      return failed ? Pointer(v) : Stat(e, v, sig.name.ends_with("64"));
    case Arg::kStatxOut:
      return failed ? Pointer(v) : Statx(e, v);
    case Arg::kStatfsOut:
      return failed ? Pointer(v) : Statfs(e, v, sig.name.ends_with("64"));
    case Arg::kTimespecIn:
      return Timespec(e.tid, v, OldTime32(e, sig.name));
    case Arg::kTimespecOut:
      // Only filled on success (clock_gettime) or on interruption (nanosleep's remainder).
      if (v == 0) return "NULL";
      if (sig.name == "nanosleep" || sig.name.starts_with("clock_nanosleep")) {
        return e.is_error ? Timespec(e.tid, v, OldTime32(e, sig.name)) : Pointer(v);
      }
      return failed ? Pointer(v) : Timespec(e.tid, v, OldTime32(e, sig.name));
    case Arg::kTimespecPair: {
      if (v == 0) return "NULL";
      std::string out = "[";
      const bool t32 = OldTime32(e, sig.name);
      out += Timespec(e.tid, v, t32) + ", " + Timespec(e.tid, v + (t32 ? 8 : 16), t32) + "]";
      return out;
    }
    case Arg::kRlimitIn:
      return Rlimit(e.tid, v, sig.name == "prlimit64", CompatWords(e, sig.name));
    case Arg::kRlimitOut:
      return failed || v == 0 ? Pointer(v)
                              : Rlimit(e.tid, v, sig.name == "prlimit64", CompatWords(e, sig.name));
    case Arg::kRlimitRes:
      return NameOr(v, RlimitResources());
    case Arg::kSockaddrIn:
      return Sockaddr(e.tid, v, e.args[i + 1]);
    case Arg::kSockaddrOut: {
      if (failed || v == 0) return Pointer(v);
      uint32_t len = 0;
      if (mem_.Read(e.tid, e.args[i + 1], &len, sizeof(len)) != sizeof(len)) return Pointer(v);
      return Sockaddr(e.tid, v, len);
    }
    case Arg::kSocklenOut:
    case Arg::kIntPtrOut: {
      // A failed call leaves the input length in place, which strace shows as well.
      if (v == 0) return "NULL";
      int32_t n = 0;
      if ((failed && sig.args[i] != Arg::kSocklenOut) ||
          mem_.Read(e.tid, v, &n, sizeof(n)) != sizeof(n)) {
        return Pointer(v);
      }
      return "[" + Dec(n) + "]";
    }
    case Arg::kGidsOut: {
      if (failed || v == 0) return Pointer(v);
      std::string out = "[";
      // With size 0 the kernel only counts: nothing was written.
      const int64_t n = std::min<int64_t>(e.retval, static_cast<int32_t>(e.args[0]));
      for (int64_t k = 0; k < n && k < 64; ++k) {
        uint32_t gid = 0;
        if (mem_.Read(e.tid, v + static_cast<uint64_t>(k) * 4, &gid, 4) != 4) return Pointer(v);
        out += (k > 0 ? ", " : "") + UDec(gid);
      }
      return out + "]";
    }
    case Arg::kSysinfoOut: {
      struct {
        int64_t uptime;
        uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        uint16_t procs, pad;
        uint32_t pad2;
        uint64_t totalhigh, freehigh;
        uint32_t mem_unit;
      } si{};
      if (failed || v == 0 || mem_.Read(e.tid, v, &si, sizeof(si)) < 108) return Pointer(v);
      return "{uptime=" + Dec(si.uptime) + ", loads=[" + UDec(si.loads[0]) + ", " +
             UDec(si.loads[1]) + ", " + UDec(si.loads[2]) + "], totalram=" + UDec(si.totalram) +
             ", freeram=" + UDec(si.freeram) + ", sharedram=" + UDec(si.sharedram) +
             ", bufferram=" + UDec(si.bufferram) + ", totalswap=" + UDec(si.totalswap) +
             ", freeswap=" + UDec(si.freeswap) + ", procs=" + UDec(si.procs) +
             ", totalhigh=" + UDec(si.totalhigh) + ", freehigh=" + UDec(si.freehigh) +
             ", mem_unit=" + UDec(si.mem_unit) + "}";
    }
    case Arg::kIntPtrIn: {
      int32_t n = 0;
      if (v == 0 || mem_.Read(e.tid, v, &n, sizeof(n)) != sizeof(n)) return Pointer(v);
      return "[" + Dec(n) + "]";
    }
    case Arg::kSockFamily:
      return NameOr(v, SocketFamilies());
    case Arg::kSockType: {
      std::string out = NameOr(v & 0xf, SocketTypes());
      if (sig.name == "accept4") out = "";
      const uint64_t fl = sig.name == "accept4" ? v : (v & ~0xfULL);
      if (fl != 0) out += (out.empty() ? "" : "|") + FormatFlags(fl, SocketTypeFlags());
      return out.empty() ? "0" : out;
    }
    case Arg::kSockProto: {
      const auto family = static_cast<int>(e.args[0]);
      if ((family == 2 || family == 10) && FindName(v, Ipprotos()) != nullptr) {
        return FindName(v, Ipprotos());
      }
      if (family == 16 && v == 0) return "NETLINK_ROUTE";
      return Dec(iv);
    }
    case Arg::kIoctlReq:
      return NameOr(static_cast<uint32_t>(v), IoctlRequests(), true);
    case Arg::kIoctlArg:
      return Ioctl(e);
    case Arg::kFcntlCmd:
      return NameOr(v, FcntlCmds());
    case Arg::kFcntlArg: {
      switch (static_cast<int>(e.args[1])) {
        case F_GETFD:
        case F_GETFL:
        case F_GETOWN:
        case F_GETSIG:
        case F_GETLEASE:
        case F_GETPIPE_SZ:
        case F_GET_SEALS:
          return "";
        case F_SETFD:
          return FormatFlags(v, FdFlags());
        case F_SETFL:
          return OpenFlagsText(v);
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
        case F_SETOWN:
        case F_SETSIG:
        case F_SETPIPE_SZ:
        case F_NOTIFY:
        case F_SETLEASE:
        case F_ADD_SEALS:
          return Dec(iv);
        default:
          return Pointer(v);
      }
    }
    case Arg::kWhence:
      return NameOr(v, Whence());
    case Arg::kCloneFlags:
      if (sig.name == "clone") return CloneCall(e);
      return FormatFlags(v, decode::CloneFlags());
    case Arg::kCloneArgs:
      return Clone3(e);
    case Arg::kWaitStatusOut:
      if (failed || v == 0 || e.retval == 0) return Pointer(v);
      return WaitStatus(e.tid, v);
    case Arg::kWaitOptions:
      return FormatFlags(v, WaitOptions());
    case Arg::kArgv:
      return StringArray(e.tid, v, false);
    case Arg::kEnvp:
      return StringArray(e.tid, v, true);
    case Arg::kFutexOp:
      return Futex(e, i, OldTime32(e, sig.name));
    case Arg::kOmit:
    case Arg::kFutexVal:
    case Arg::kFutexTimeout:
    case Arg::kFutexUaddr2:
    case Arg::kFutexVal3:
      return "";  // printed by kFutexOp, which knows which ones the operation uses
    case Arg::kPipeOut: {
      int32_t fds[2] = {0, 0};
      if (failed || mem_.Read(e.tid, v, fds, sizeof(fds)) != sizeof(fds)) return Pointer(v);
      return "[" + Fd(e.pid, fds[0]) + ", " + Fd(e.pid, fds[1]) + "]";
    }
    case Arg::kUnameOut: {
      char u[390] = {};
      if (failed || mem_.Read(e.tid, v, u, sizeof(u)) != sizeof(u)) return Pointer(v);
      u[64] = u[129] = '\0';
      return "{sysname=" + Quote(std::string_view(u, strnlen(u, 65)), false) +
             ", nodename=" + Quote(std::string_view(u + 65, strnlen(u + 65, 65)), false) + ", ...}";
    }
    case Arg::kArchPrctlCode: {
      if (const char* n = FindName(v, ArchPrctlCodes())) return n;
      return Hex(v) + " /* ARCH_??? */";
    }
    case Arg::kArchPrctlArg:
      return Hex(v);
    case Arg::kClockId:
      return NameOr(v, ClockIds());
    case Arg::kPrctlOption:
      return NameOr(v, PrctlOptions());
    case Arg::kDirentsOut:
      return failed ? Pointer(v) : Dirents(e);
    case Arg::kGrndFlags:
      return FormatFlags(v, GrndFlags());
    case Arg::kMadvise:
      return NameOr(v, MadviseAdvice());
    case Arg::kFadvise:
      return NameOr(v, FadviseAdvice());
    case Arg::kIovIn:
      return Iov(e, v, e.args[i + 1], -1);
    case Arg::kIovOut:
      return failed ? Pointer(v) : Iov(e, v, e.args[i + 1], e.retval);
    case Arg::kEpollCtlOp:
      return NameOr(v, EpollCtlOps());
    case Arg::kEpollEventIn: {
      struct {
        uint32_t events;
        uint64_t data;
      } __attribute__((packed)) ev{};
      if (v == 0 || mem_.Read(e.tid, v, &ev, sizeof(ev)) != sizeof(ev)) return Pointer(v);
      return "{events=" + FormatFlags(ev.events, EpollEvents()) +
             ", data=" + "{u32=" + UDec(static_cast<uint32_t>(ev.data)) + ", u64=" + UDec(ev.data) +
             "}}";
    }
    case Arg::kMsgFlags:
      return FormatFlags(v, MsgFlags());
    case Arg::kShutdownHow:
      return NameOr(v, ShutdownHow());
    case Arg::kStatxMask:
      return FormatFlags(v, StatxMask());
    case Arg::kFlockOp:
      return FormatFlags(v, FlockOps());
    case Arg::kRenameFlags:
      return FormatFlags(v, RenameFlags());
    case Arg::kUmountFlags:
      return FormatFlags(v, UmountFlags());
    case Arg::kMsyncFlags:
      return FormatFlags(v, MsyncFlags());
    case Arg::kItimerWhich:
      return NameOr(v, ItimerWhich());
    case Arg::kMremapFlags:
      return FormatFlags(v, MremapFlags());
    case Arg::kEventfdFlags:
      return FormatFlags(v, EventfdFlags());
    case Arg::kPipeFlags:
      return FormatFlags(v, PipeFlags());
    case Arg::kMemfdFlags:
      return FormatFlags(v, MemfdFlags());
    case Arg::kInotifyMask:
      return FormatFlags(v, InotifyMasks());
    case Arg::kTimerfdFlags:
      return FormatFlags(v, TimerfdFlags());
    case Arg::kSockLevel:
      return NameOr(v, SocketLevels());
    case Arg::kSockOpt:
      return e.args[1] == 1 /* SOL_SOCKET */ ? NameOr(v, SolSocketOptions()) : Dec(iv);
    case Arg::kPollFds: {
      const uint64_t n = std::min<uint64_t>(e.args[i + 1], 64);
      std::string out = "[";
      for (uint64_t k = 0; k < n; ++k) {
        struct {
          int32_t fd;
          int16_t events, revents;
        } p{};
        if (mem_.Read(e.tid, v + k * 8, &p, sizeof(p)) != sizeof(p)) return Pointer(v);
        if (k > 0) out += ", ";
        out += "{fd=" + Fd(e.pid, p.fd) +
               ", events=" + FormatFlags(static_cast<uint16_t>(p.events), PollEvents()) + "}";
      }
      return out + "]";
    }
    case Arg::kSchedPolicy:
      return NameOr(v, SchedPolicies());
    case Arg::kPersonality:
      return iv == -1 ? "0xffffffff" : NameOr(v, PersonalityTypes(), true);
    case Arg::kSyslogType:
      return Dec(iv);
    case Arg::kKeepPtrOut:
      return Pointer(v);
    case Arg::kTimevalOut: {
      int64_t tv[2] = {0, 0};
      if (failed || v == 0 || mem_.Read(e.tid, v, tv, sizeof(tv)) != sizeof(tv)) return Pointer(v);
      return "{tv_sec=" + Dec(tv[0]) + ", tv_usec=" + Dec(tv[1]) + "}";
    }
    case Arg::kRusageOut: {
      int64_t ru[4] = {0, 0, 0, 0};
      if (failed || v == 0 || mem_.Read(e.tid, v, ru, sizeof(ru)) != sizeof(ru)) return Pointer(v);
      return "{ru_utime={tv_sec=" + Dec(ru[0]) + ", tv_usec=" + Dec(ru[1]) +
             "}, ru_stime={tv_sec=" + Dec(ru[2]) + ", tv_usec=" + Dec(ru[3]) + "}, ...}";
    }
  }
  return Hex(v);
}

}  // namespace syscage::trace::decode
