// SPDX-License-Identifier: Apache-2.0
// Struct decoders in strace's brief style: stat ({st_mode=S_IFREG|0644, st_size=.., ...}),
// timespec, rlimit (8192*1024, RLIM64_INFINITY), sockaddr (inet_addr/htons), sigaction and
// signal sets, wait statuses, argv/envp arrays, terminal ioctls, iovecs, futex and clone.
// Layouts are the x86_64 kernel ABI; i386 calls get their compat layouts for stat, statfs, timespec
// and rlimit, and the pointer printed for the other structs.
#include <linux/futex.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>

#include <bit>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "syscage/trace/decode/decoder.h"
#include "syscage/trace/decode/names.h"

namespace syscage::trace::decode {
namespace {

std::string Dec(int64_t v) { return std::to_string(v); }
std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%#" PRIx64, v);
  return buf;
}
std::string Ptr(uint64_t v) { return v == 0 ? "NULL" : Hex(v); }

std::string ModeText(uint32_t mode) {
  // "S_IFDIR|S_ISVTX|0777": type, then the special bits by name, then the permissions.
  std::string out;
  if (const char* type = FindName(mode & S_IFMT, FileTypes())) out = std::string(type) + "|";
  if (mode & S_ISUID) out += "S_ISUID|";
  if (mode & S_ISGID) out += "S_ISGID|";
  if (mode & S_ISVTX) out += "S_ISVTX|";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%#03o", mode & 0777);
  return out + buf;
}

std::string RlimValue(uint64_t v, bool is64) {
  if (v == ~0ULL) return is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY";
  if (v > 0 && v % 1024 == 0) return std::to_string(v / 1024) + "*1024";
  return std::to_string(v);
}

// Kernel struct stat on x86_64 (arch/x86/include/uapi/asm/stat.h).
struct KStat64 {
  uint64_t st_dev, st_ino, st_nlink;
  uint32_t st_mode, st_uid, st_gid, pad0;
  uint64_t st_rdev;
  int64_t st_size, st_blksize, st_blocks;
  uint64_t times[6];
  int64_t unused[3];
};

}  // namespace

std::string Decoder::Stat(const Event& e, uint64_t addr, bool is64) {
  if (addr == 0) return "NULL";
  // The fields strace shows, from the layout of the call's ABI: x86_64 and x32 share the native
  // struct stat; an i386 stat64/fstatat64 fills struct stat64 (arch/x86/include/uapi/asm/stat.h,
  // 4-byte aligned 64-bit fields: mode at 16, rdev at 32, size at 44, 96 bytes); an i386
  // stat/lstat/fstat fills struct compat_stat (arch/x86/include/asm/compat.h: 16-bit mode at 8,
  // 32-bit rdev at 16 and size at 20, 64 bytes).
  uint32_t mode = 0;
  uint64_t rdev = 0;
  int64_t size = 0;
  if (e.arch == arch::Arch::kX86_64 || e.arch == arch::Arch::kX32) {
    KStat64 st{};
    if (mem_.Read(e.tid, addr, &st, sizeof(st)) != sizeof(st)) return Hex(addr);
    mode = st.st_mode, rdev = st.st_rdev, size = st.st_size;
  } else if (e.arch == arch::Arch::kX86 && is64) {
    unsigned char b[96] = {};
    if (mem_.Read(e.tid, addr, b, sizeof(b)) != sizeof(b)) return Hex(addr);
    std::memcpy(&mode, b + 16, sizeof(mode));
    std::memcpy(&rdev, b + 32, sizeof(rdev));
    std::memcpy(&size, b + 44, sizeof(size));
  } else if (e.arch == arch::Arch::kX86) {
    unsigned char b[64] = {};
    if (mem_.Read(e.tid, addr, b, sizeof(b)) != sizeof(b)) return Hex(addr);
    uint16_t mode16 = 0;
    uint32_t rdev32 = 0, size32 = 0;
    std::memcpy(&mode16, b + 8, sizeof(mode16));
    std::memcpy(&rdev32, b + 16, sizeof(rdev32));
    std::memcpy(&size32, b + 20, sizeof(size32));
    mode = mode16, rdev = rdev32, size = size32;
  } else {
    return Hex(addr);
  }
  std::string out = "{st_mode=" + ModeText(mode);
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "makedev(%#x, %#x)", major(rdev), minor(rdev));
    out += ", st_rdev=";
    out += buf;
  } else {
    out += ", st_size=" + Dec(size);
  }
  return out + ", ...}";
}

std::string Decoder::Statfs(const Event& e, uint64_t addr, bool is64) {
  if (addr == 0) return "NULL";
  // One layout in 64-bit fields: x86_64 and x32 use the native struct statfs; an i386 statfs64
  // (struct compat_statfs64, packed to 4 bytes) has 32-bit words around 64-bit counts; an i386
  // statfs (struct compat_statfs) is all 32-bit words.
  uint64_t type = 0, bsize = 0, blocks = 0, bfree = 0, bavail = 0, files = 0, ffree = 0;
  uint32_t fsid[2] = {0, 0};
  uint64_t namelen = 0, frsize = 0, flags = 0;
  if (arch::Info(e.arch).bits == 64 || e.arch == arch::Arch::kX32) {
    struct {
      int64_t type, bsize;
      uint64_t blocks, bfree, bavail, files, ffree;
      uint32_t fsid[2];
      int64_t namelen, frsize, flags, spare[4];
    } k{};
    if (mem_.Read(e.tid, addr, &k, sizeof(k)) != sizeof(k)) return Hex(addr);
    type = static_cast<uint64_t>(k.type);
    bsize = static_cast<uint64_t>(k.bsize);
    blocks = k.blocks, bfree = k.bfree, bavail = k.bavail, files = k.files, ffree = k.ffree;
    std::memcpy(fsid, k.fsid, sizeof(fsid));
    namelen = static_cast<uint64_t>(k.namelen);
    frsize = static_cast<uint64_t>(k.frsize);
    flags = static_cast<uint64_t>(k.flags);
  } else if (is64) {
    uint32_t w[21] = {};  // 84 bytes: type, bsize, 5 x u64, fsid[2], namelen, frsize, flags, 4
    if (mem_.Read(e.tid, addr, w, sizeof(w)) != sizeof(w)) return Hex(addr);
    auto u64 = [&w](int i) { return uint64_t{w[i]} | (uint64_t{w[i + 1]} << 32); };
    type = w[0], bsize = w[1];
    blocks = u64(2), bfree = u64(4), bavail = u64(6), files = u64(8), ffree = u64(10);
    fsid[0] = w[12], fsid[1] = w[13];
    namelen = w[14], frsize = w[15], flags = w[16];
  } else {
    uint32_t w[16] = {};  // 64 bytes
    if (mem_.Read(e.tid, addr, w, sizeof(w)) != sizeof(w)) return Hex(addr);
    type = w[0], bsize = w[1], blocks = w[2], bfree = w[3], bavail = w[4], files = w[5];
    ffree = w[6], fsid[0] = w[7], fsid[1] = w[8], namelen = w[9], frsize = w[10], flags = w[11];
  }
  const char* magic = FindName(type, FsMagics());
  auto fsid_text = [](uint32_t v) { return v == 0 ? std::string("0") : Hex(v); };
  return "{f_type=" + (magic != nullptr ? std::string(magic) : Hex(type)) +
         ", f_bsize=" + std::to_string(bsize) + ", f_blocks=" + std::to_string(blocks) +
         ", f_bfree=" + std::to_string(bfree) + ", f_bavail=" + std::to_string(bavail) +
         ", f_files=" + std::to_string(files) + ", f_ffree=" + std::to_string(ffree) +
         ", f_fsid={val=[" + fsid_text(fsid[0]) + ", " + fsid_text(fsid[1]) +
         "]}, f_namelen=" + std::to_string(namelen) + ", f_frsize=" + std::to_string(frsize) +
         ", f_flags=" + FormatFlags(flags, StatfsFlags()) + "}";
}

std::string Decoder::Statx(const Event& e, uint64_t addr) {
  if (addr == 0) return "NULL";
  struct statx sx {};
  if (mem_.Read(e.tid, addr, &sx, sizeof(sx)) != sizeof(sx)) return Hex(addr);
  std::string out = "{stx_mask=" + FormatFlags(sx.stx_mask, StatxMask());
  static constexpr Named kAttrs[] = {
      {0x4, "STATX_ATTR_COMPRESSED"},    {0x10, "STATX_ATTR_IMMUTABLE"},
      {0x20, "STATX_ATTR_APPEND"},       {0x40, "STATX_ATTR_NODUMP"},
      {0x800, "STATX_ATTR_ENCRYPTED"},   {0x1000, "STATX_ATTR_AUTOMOUNT"},
      {0x2000, "STATX_ATTR_MOUNT_ROOT"}, {0x100000, "STATX_ATTR_VERITY"},
      {0x200000, "STATX_ATTR_DAX"}};
  out += ", stx_attributes=" + FormatFlags(sx.stx_attributes, kAttrs);
  out += ", stx_mode=" + ModeText(sx.stx_mode);
  out += ", stx_size=" + std::to_string(sx.stx_size) + ", ...}";
  return out;
}

bool Decoder::OldTime32(const Event& e, std::string_view name) {
  return e.arch == arch::Arch::kX86 && !name.ends_with("time64");
}

bool Decoder::CompatWords(const Event& e, std::string_view name) {
  return e.arch == arch::Arch::kX86 && name != "prlimit64";
}

std::string Decoder::Timespec(pid_t tid, uint64_t addr, bool old32) {
  if (addr == 0) return "NULL";
  int64_t ts[2] = {0, 0};
  if (old32) {
    int32_t t32[2] = {0, 0};
    if (mem_.Read(tid, addr, t32, sizeof(t32)) != sizeof(t32)) return Hex(addr);
    ts[0] = t32[0];
    ts[1] = t32[1];
  } else if (mem_.Read(tid, addr, ts, sizeof(ts)) != sizeof(ts)) {
    return Hex(addr);
  }
  if (ts[1] == UTIME_NOW) return "{tv_sec=" + Dec(ts[0]) + ", tv_nsec=UTIME_NOW}";
  if (ts[1] == UTIME_OMIT) return "{tv_sec=" + Dec(ts[0]) + ", tv_nsec=UTIME_OMIT}";
  return "{tv_sec=" + Dec(ts[0]) + ", tv_nsec=" + Dec(ts[1]) + "}";
}

std::string Decoder::Rlimit(pid_t tid, uint64_t addr, bool is64, bool words32) {
  if (addr == 0) return "NULL";
  uint64_t r[2] = {0, 0};
  if (words32) {
    // COMPAT_RLIM_INFINITY (0xffffffff) is RLIM_INFINITY for a 32-bit program.
    uint32_t w[2] = {0, 0};
    if (mem_.Read(tid, addr, w, sizeof(w)) != sizeof(w)) return Hex(addr);
    for (int i = 0; i < 2; ++i) r[i] = w[i] == 0xffffffffu ? ~0ULL : w[i];
  } else if (mem_.Read(tid, addr, r, sizeof(r)) != sizeof(r)) {
    return Hex(addr);
  }
  return "{rlim_cur=" + RlimValue(r[0], is64) + ", rlim_max=" + RlimValue(r[1], is64) + "}";
}

std::string Decoder::Sockaddr(pid_t tid, uint64_t addr, uint64_t len) {
  if (addr == 0) return "NULL";
  sockaddr_storage ss{};
  len = std::min<uint64_t>(len, sizeof(ss));
  if (len < 2 || mem_.Read(tid, addr, &ss, len) != len) return Hex(addr);
  const int family = ss.ss_family;
  const char* fname = FindName(static_cast<uint64_t>(family), SocketFamilies());
  std::string out = "{sa_family=" + (fname != nullptr ? std::string(fname) : Dec(family));
  if (family == AF_UNIX) {
    const auto* un = reinterpret_cast<const sockaddr_un*>(&ss);
    const size_t n = len - offsetof(sockaddr_un, sun_path);
    if (n > 0 && un->sun_path[0] == '\0') {
      out += ", sun_path=@" + Quote(std::string_view(un->sun_path + 1, n - 1), false);
    } else if (n > 0) {
      out += ", sun_path=" + Quote(std::string_view(un->sun_path, strnlen(un->sun_path, n)), false);
    }
  } else if (family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
    out += ", sin_port=htons(" + Dec(ntohs(in->sin_port)) + "), sin_addr=inet_addr(\"" + ip + "\")";
  } else if (family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    char ip[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
    out += ", sin6_port=htons(" + Dec(ntohs(in6->sin6_port)) + "), sin6_flowinfo=htonl(" +
           Dec(ntohl(in6->sin6_flowinfo)) + "), inet_pton(AF_INET6, \"" + ip +
           "\", &sin6_addr), sin6_scope_id=" + Dec(in6->sin6_scope_id);
  } else if (family == AF_NETLINK) {
    uint32_t pidgroups[2] = {0, 0};
    std::memcpy(pidgroups, reinterpret_cast<const char*>(&ss) + 4, sizeof(pidgroups));
    char groups[16];
    std::snprintf(groups, sizeof(groups), "%08x", pidgroups[1]);
    out += ", nl_pid=" + Dec(pidgroups[0]) + ", nl_groups=" + groups;
  } else {
    out += ", sa_data=" +
           Quote(std::string_view(reinterpret_cast<const char*>(&ss) + 2, len > 2 ? len - 2 : 0),
                 false);
  }
  return out + "}";
}

std::string Decoder::FormatSigset(const uint8_t* set, size_t bytes) {
  const size_t nsig = bytes * 8;
  int count = 0;
  for (size_t i = 0; i < bytes; ++i) count += std::popcount(set[i]);
  // strace prints the complement when more than half of the signals are set.
  const bool invert = static_cast<size_t>(count) > nsig / 2;
  std::string out = invert ? "~[" : "[";
  bool first = true;
  for (size_t bit = 0; bit < nsig; ++bit) {
    bool on = (set[bit / 8] >> (bit % 8)) & 1;
    if (on == invert) continue;
    std::string name = SignalName(static_cast<int>(bit + 1));
    if (name.rfind("SIG", 0) == 0) name = name.substr(3);
    if (name.empty()) name = std::to_string(bit + 1);
    if (!first) out += ' ';
    out += name;
    first = false;
  }
  return out + "]";
}

std::string Decoder::Sigset(pid_t tid, uint64_t addr, uint64_t size) {
  if (addr == 0) return "NULL";
  uint8_t set[16] = {};
  if (size == 0 || size > sizeof(set) || mem_.Read(tid, addr, set, size) != size) return Hex(addr);
  return FormatSigset(set, size);
}

std::string Decoder::Sigaction(pid_t tid, uint64_t addr) {
  if (addr == 0) return "NULL";
  // struct kernel_sigaction on x86_64: handler, flags, restorer, mask.
  uint64_t sa[4] = {};
  if (mem_.Read(tid, addr, sa, sizeof(sa)) != sizeof(sa)) return Hex(addr);
  std::string handler = sa[0] == 0 ? "SIG_DFL" : sa[0] == 1 ? "SIG_IGN" : Hex(sa[0]);
  uint8_t mask[8];
  std::memcpy(mask, &sa[3], sizeof(mask));
  std::string out = "{sa_handler=" + handler + ", sa_mask=" + FormatSigset(mask, sizeof(mask)) +
                    ", sa_flags=" + FormatFlags(sa[1], SaFlags());
  if ((sa[1] & 0x04000000) != 0) out += ", sa_restorer=" + Hex(sa[2]);
  return out + "}";
}

std::string Decoder::WaitStatus(pid_t tid, uint64_t addr) {
  int status = 0;
  if (mem_.Read(tid, addr, &status, sizeof(status)) != sizeof(status)) return Hex(addr);
  std::string s;
  if (WIFEXITED(status)) {
    s = "WIFEXITED(s) && WEXITSTATUS(s) == " + Dec(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    s = "WIFSIGNALED(s) && WTERMSIG(s) == " + SignalName(WTERMSIG(status));
    if (WCOREDUMP(status)) s += " && WCOREDUMP(s)";
  } else if (WIFSTOPPED(status)) {
    s = "WIFSTOPPED(s) && WSTOPSIG(s) == " + SignalName(WSTOPSIG(status));
  } else if (WIFCONTINUED(status)) {
    s = "WIFCONTINUED(s)";
  } else {
    s = Hex(static_cast<uint32_t>(status));
    return "[" + s + "]";
  }
  return "[{" + s + "}]";
}

std::string Decoder::StringArray(pid_t tid, uint64_t addr, bool is_env) {
  if (addr == 0) return "NULL";
  const size_t word = 8;
  std::vector<uint64_t> ptrs;
  for (size_t i = 0; i < 4096; ++i) {
    uint64_t p = 0;
    if (mem_.Read(tid, addr + i * word, &p, word) != word) return Hex(addr);
    if (p == 0) break;
    ptrs.push_back(p);
  }
  // Like strace without -v: the environment as a count, argv in full (up to -s elements).
  if (is_env) return Hex(addr) + " /* " + Dec(static_cast<int64_t>(ptrs.size())) + " vars */";
  std::string out = "[";
  for (size_t i = 0; i < ptrs.size(); ++i) {
    if (i > 0) out += ", ";
    if (i >= opts_.string_limit) {
      out += "...";
      break;
    }
    out += CString(tid, ptrs[i]);
  }
  return out + "]";
}

std::string Decoder::Ioctl(const Event& e) {
  const auto req = static_cast<uint32_t>(e.args[1]);
  const uint64_t arg = e.args[2];
  const bool ok = !e.is_error;
  switch (req) {
    case TCGETS:
      if (ok) {
        termios t{};
        if (mem_.Read(e.tid, arg, &t, sizeof(t)) == sizeof(t)) {
          static constexpr std::pair<unsigned, const char*> kBauds[] = {
              {B0, "B0"},         {B300, "B300"},       {B1200, "B1200"},    {B2400, "B2400"},
              {B4800, "B4800"},   {B9600, "B9600"},     {B19200, "B19200"},  {B38400, "B38400"},
              {B57600, "B57600"}, {B115200, "B115200"}, {B230400, "B230400"}};
          std::string baud = Hex(t.c_cflag & CBAUD);
          for (const auto& [b, n] : kBauds) {
            if ((t.c_cflag & CBAUD) == b) baud = n;
          }
          auto bit = [](bool on, const char* name) { return std::string(on ? " " : " -") + name; };
          return "{" + baud + bit(t.c_oflag & OPOST, "opost") + bit(t.c_lflag & ISIG, "isig") +
                 bit(t.c_lflag & ICANON, "icanon") + bit(t.c_lflag & ECHO, "echo") + " ...}";
        }
      }
      break;
    case TIOCGWINSZ:
    case TIOCSWINSZ:
      if (ok || req == TIOCSWINSZ) {
        winsize w{};
        if (mem_.Read(e.tid, arg, &w, sizeof(w)) == sizeof(w)) {
          return "{ws_row=" + Dec(w.ws_row) + ", ws_col=" + Dec(w.ws_col) +
                 ", ws_xpixel=" + Dec(w.ws_xpixel) + ", ws_ypixel=" + Dec(w.ws_ypixel) + "}";
        }
      }
      break;
    case TIOCGPGRP:
    case TIOCSPGRP:
    case FIONREAD:
    case FIONBIO:
    case TIOCGPTN:
    case TIOCSPTLCK:
      if (ok || req == TIOCSPGRP || req == FIONBIO || req == TIOCSPTLCK) {
        int32_t v = 0;
        if (mem_.Read(e.tid, arg, &v, sizeof(v)) == sizeof(v)) return "[" + Dec(v) + "]";
      }
      break;
    case FIOCLEX:
    case FIONCLEX:
    case TIOCNOTTY:
    case TIOCEXCL:
    case TIOCNXCL:
      return "";
    case TIOCSCTTY:
    case TCSBRK:
    case TCXONC:
    case TCFLSH:
      return Dec(static_cast<int32_t>(arg));
    default:
      break;
  }
  return Ptr(arg);
}

std::string Decoder::Iov(const Event& e, uint64_t addr, uint64_t count, int64_t total) {
  if (addr == 0) return "NULL";
  std::string out = "[";
  int64_t left = total;  // bytes the call transferred (-1: input, the buffers are whole)
  for (uint64_t i = 0; i < std::min<uint64_t>(count, opts_.string_limit); ++i) {
    uint64_t iov[2] = {0, 0};
    if (mem_.Read(e.tid, addr + i * 16, iov, sizeof(iov)) != sizeof(iov)) return Hex(addr);
    uint64_t shown = iov[1];
    if (total >= 0)
      shown = std::min<uint64_t>(shown, static_cast<uint64_t>(std::max<int64_t>(left, 0)));
    std::string data(std::min<uint64_t>(shown, opts_.string_limit), '\0');
    const size_t got = mem_.Read(e.tid, iov[0], data.data(), data.size());
    if (i > 0) out += ", ";
    out += "{iov_base=" + (got == data.size() ? Quote(data, shown > data.size()) : Ptr(iov[0])) +
           ", iov_len=" + std::to_string(iov[1]) + "}";
    if (total >= 0) left -= static_cast<int64_t>(iov[1]);
  }
  if (count > opts_.string_limit) out += ", ...";
  return out + "]";
}

std::string Decoder::Futex(const Event& e, int i, bool old32) {
  const auto op = static_cast<uint32_t>(e.args[i]);
  const uint32_t cmd = op & FUTEX_CMD_MASK;
  std::string name;
  if (const char* n = FindName(cmd, FutexOps())) {
    name = n;
    if (op & FUTEX_PRIVATE_FLAG) name += "_PRIVATE";
  } else {
    name = Hex(op);
  }
  if (op & FUTEX_CLOCK_REALTIME) name += "|FUTEX_CLOCK_REALTIME";
  const auto val = static_cast<int32_t>(e.args[2]);
  const uint64_t timeout = e.args[3], uaddr2 = e.args[4];
  const auto val3 = static_cast<uint32_t>(e.args[5]);
  auto bitset = [](uint32_t b) {
    return b == FUTEX_BITSET_MATCH_ANY ? std::string("FUTEX_BITSET_MATCH_ANY") : Hex(b);
  };
  switch (cmd) {
    case FUTEX_WAIT:
      return name + ", " + Dec(val) + ", " + Timespec(e.tid, timeout, old32);
    case FUTEX_WAKE:
      return name + ", " + Dec(val);
    case FUTEX_WAIT_BITSET:
      return name + ", " + Dec(val) + ", " + Timespec(e.tid, timeout, old32) + ", " + bitset(val3);
    case FUTEX_WAKE_BITSET:
      return name + ", " + Dec(val) + ", " + bitset(val3);
    case FUTEX_REQUEUE:
      return name + ", " + Dec(val) + ", " + Dec(static_cast<int32_t>(timeout)) + ", " +
             Ptr(uaddr2);
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI:
      return name + ", " + Dec(val) + ", " + Dec(static_cast<int32_t>(timeout)) + ", " +
             Ptr(uaddr2) + ", " + Dec(static_cast<int32_t>(val3));
    case FUTEX_WAKE_OP:
      return name + ", " + Dec(val) + ", " + Dec(static_cast<int32_t>(timeout)) + ", " +
             Ptr(uaddr2) + ", " + Hex(val3);
    case FUTEX_LOCK_PI:
    case FUTEX_TRYLOCK_PI:
      return name + ", " + Timespec(e.tid, timeout, old32);
    case FUTEX_UNLOCK_PI:
      return name;
    default:
      return name + ", " + Dec(val) + ", " + Ptr(timeout) + ", " + Ptr(uaddr2) + ", " + Hex(val3);
  }
}

std::string Decoder::CloneCall(const Event& e) {
  // x86_64 argument order: flags, stack, parent_tid, child_tid, tls; the low byte of flags is
  // the signal sent to the parent when the child ends.
  const uint64_t flags = e.args[0];
  std::string f = FormatFlags(flags & ~0xffULL, decode::CloneFlags(), "");
  if ((flags & 0xff) != 0) {
    std::string sig = SignalName(static_cast<int>(flags & 0xff));
    f += (f.empty() ? "" : "|") + (sig.empty() ? Dec(static_cast<int64_t>(flags & 0xff)) : sig);
  }
  if (f.empty()) f = "0";
  std::string out = "child_stack=" + Ptr(e.args[1]) + ", flags=" + f;
  if (flags & CLONE_PARENT_SETTID) out += ", parent_tid=" + Ptr(e.args[2]);
  if (flags & CLONE_SETTLS) out += ", tls=" + Hex(e.args[4]);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
    out += ", child_tidptr=" + Ptr(e.args[3]);
  return out;
}

std::string Decoder::Clone3(const Event& e) {
  uint64_t ca[8] = {};  // flags pidfd child_tid parent_tid exit_signal stack stack_size tls
  if (e.args[0] == 0 || mem_.Read(e.tid, e.args[0], ca, sizeof(ca)) != sizeof(ca)) {
    return Ptr(e.args[0]);
  }
  std::string out = "{flags=" + FormatFlags(ca[0], decode::CloneFlags());
  if (ca[0] & CLONE_PIDFD) out += ", pidfd=" + Hex(ca[1]);
  if (ca[0] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) out += ", child_tid=" + Hex(ca[2]);
  if (ca[0] & CLONE_PARENT_SETTID) out += ", parent_tid=" + Hex(ca[3]);
  std::string sig = SignalName(static_cast<int>(ca[4]));
  out += ", exit_signal=" + (sig.empty() ? Dec(static_cast<int64_t>(ca[4])) : sig);
  out += ", stack=" + Ptr(ca[5]) + ", stack_size=" + Hex(ca[6]);
  if (ca[0] & CLONE_SETTLS) out += ", tls=" + Hex(ca[7]);
  return out + "}";
}

std::string Decoder::Dirents(const Event& e) {
  const uint64_t addr = e.args[1];
  const int64_t len = e.retval;
  if (addr == 0) return "NULL";
  std::string buf(static_cast<size_t>(std::max<int64_t>(len, 0)), '\0');
  if (mem_.Read(e.tid, addr, buf.data(), buf.size()) != buf.size()) return Hex(addr);
  int count = 0;
  // linux_dirent64: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name[]; getdents has the same
  // reclen position.
  for (size_t off = 0; off + 18 < buf.size() || off + 18 == buf.size();) {
    uint16_t reclen = 0;
    std::memcpy(&reclen, buf.data() + off + 16, sizeof(reclen));
    if (reclen == 0) break;
    ++count;
    off += reclen;
    if (off >= buf.size()) break;
  }
  return Hex(addr) + " /* " + std::to_string(count) + " entries */";
}

}  // namespace syscage::trace::decode
