// SPDX-License-Identifier: Apache-2.0
// Decoder against strace's own output for the same calls (strings from strace 6.1 runs of ls,
// echo and sh on Debian 12), using FakeMemory for the tracee's memory.
#include "syscage/trace/decode/decoder.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cstring>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"
#include "syscage/trace/decode/signatures.h"
#include "syscage/trace/fake/fake_backend.h"

namespace syscage::trace::decode {
namespace {

constexpr uint64_t kStr = 0x10000;
constexpr uint64_t kBuf = 0x20000;

Event Entry(std::string_view name, std::array<uint64_t, 6> args) {
  Event e;
  e.kind = EventKind::kSyscallEntry;
  e.tid = e.pid = 100;
  e.arch = arch::Arch::kX86_64;
  e.nr = *syscalls::Resolve(arch::Arch::kX86_64, name);
  e.args = args;
  return e;
}

Event Exit(Event e, int64_t ret, bool error = false) {
  e.kind = EventKind::kSyscallExit;
  e.retval = ret;
  e.is_error = error;
  return e;
}

// The whole line the printer would build, without column padding.
std::string Line(Decoder& d, const Event& entry, int64_t ret, bool error = false) {
  std::string name(*syscalls::NameOf(entry.arch, entry.nr));
  Event exit = Exit(entry, ret, error);
  return d.Entry(entry, name) + d.Exit(exit, name) + " = " + d.Return(exit, name);
}

class DecoderTest : public ::testing::Test {
 protected:
  FakeMemory mem_;
  Decoder d_{mem_, DecodeOptions{}};
};

TEST_F(DecoderTest, QuoteEscapesLikeStrace) {
  // strace: read(3, "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0"..., 832)
  const std::string elf("\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0\0\0", 34);
  EXPECT_EQ(d_.Quote(elf, false),
            "\"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0"
            "\\0\\0\"...");
  // A digit after a non-printable byte forces three octal digits.
  EXPECT_EQ(d_.Quote(std::string("\0"
                                 "1",
                                 2),
                     false),
            "\"\\0001\"");
  EXPECT_EQ(d_.Quote("a\"b\\c\t\n", false), "\"a\\\"b\\\\c\\t\\n\"");
  EXPECT_EQ(d_.Quote("\x7b\xe9", false, true), "\"\\x7b\\xe9\"");
}

TEST_F(DecoderTest, OpenatWithoutCreatHasNoMode) {
  mem_.PutString(kStr, "/etc/ld.so.cache");
  Event e = Entry("openat", {static_cast<uint64_t>(AT_FDCWD), kStr, O_RDONLY | O_CLOEXEC, 0, 0, 0});
  EXPECT_EQ(Line(d_, e, 3), "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3");
}

TEST_F(DecoderTest, OpenatCreatShowsOctalModeAndErrno) {
  mem_.PutString(kStr, "/tmp/x");
  Event e = Entry("openat", {static_cast<uint64_t>(AT_FDCWD), kStr,
                             O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0666, 0, 0});
  EXPECT_EQ(Line(d_, e, -ENOENT, true),
            "openat(AT_FDCWD, \"/tmp/x\", O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK, 0666) = -1 ENOENT "
            "(No such file or directory)");
}

TEST_F(DecoderTest, MmapFlagsAndHexReturn) {
  Event e = Entry("mmap", {0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                           static_cast<uint64_t>(-1), 0});
  EXPECT_EQ(Line(d_, e, 0x7f40e1de2000),
            "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
            "0x7f40e1de2000");
  Event f = Entry("mmap", {0x7f0000001000, 1363968, PROT_READ | PROT_EXEC,
                           MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE, 3, 0x28000});
  EXPECT_EQ(
      Line(d_, f, 0x7f0000001000),
      "mmap(0x7f0000001000, 1363968, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, "
      "3, 0x28000) = 0x7f0000001000");
}

TEST_F(DecoderTest, ReadSplitsAtTheOutputBuffer) {
  mem_.Put(kBuf, "# Locale name alias data base.\n#-more-than-32-bytes");
  Event e = Entry("read", {3, kBuf, 4096, 0, 0, 0});
  EXPECT_EQ(d_.Entry(e, "read"), "read(3, ");
  EXPECT_EQ(d_.Exit(Exit(e, 2996), "read"), "\"# Locale name alias data base.\\n#\"..., 4096)");
  // A failed read shows the buffer's address.
  EXPECT_EQ(d_.Exit(Exit(e, -EBADF, true), "read"), "0x20000, 4096)");
}

TEST_F(DecoderTest, WriteShowsWholeShortString) {
  mem_.Put(kBuf, "Hello, World!\n");
  EXPECT_EQ(Line(d_, Entry("write", {1, kBuf, 14, 0, 0, 0}), 14),
            "write(1, \"Hello, World!\\n\", 14) = 14");
}

TEST_F(DecoderTest, StatBrief) {
  struct stat st {};
  st.st_mode = S_IFREG | 0644;
  st.st_size = 42271;
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(&st), sizeof(st)));
  mem_.PutString(kStr, "");
  Event e = Entry("newfstatat", {3, kStr, kBuf, AT_EMPTY_PATH, 0, 0});
  EXPECT_EQ(Line(d_, e, 0),
            "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=42271, ...}, AT_EMPTY_PATH) = 0");
}

// strace 6.1: statfs("/proc", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0,
// f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x14, 0]}, f_namelen=255, f_frsize=4096,
// f_flags=ST_VALID|ST_RELATIME}) = 0
TEST_F(DecoderTest, StatfsNative) {
  struct statfs sfs {};
  sfs.f_type = 0x9fa0;
  sfs.f_bsize = 4096;
  std::memcpy(&sfs.f_fsid, "\x14\0\0\0\0\0\0\0", 8);
  sfs.f_namelen = 255;
  sfs.f_frsize = 4096;
  sfs.f_flags = 0x20 | 0x1000;
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(&sfs), sizeof(sfs)));
  mem_.PutString(kStr, "/proc");
  EXPECT_EQ(Line(d_, Entry("statfs", {kStr, kBuf}), 0),
            "statfs(\"/proc\", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, "
            "f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x14, 0]}, f_namelen=255, "
            "f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0");
  EXPECT_EQ(Line(d_, Entry("fstatfs", {3, kBuf}), -2, true),
            "fstatfs(3, 0x20000) = -1 ENOENT (No such file or directory)");
}

// i386 statfs64(path, 84, buf): struct compat_statfs64 (arch/x86/include/asm/compat.h), packed
// to 4 bytes: f_type, f_bsize, then u64 blocks/bfree/bavail/files/ffree, fsid, namelen, frsize,
// flags. Values hand-placed word by word.
TEST_F(DecoderTest, StatfsOfI386Statfs64) {
  uint32_t w[21] = {0xef53, 4096, 10, 0, 9, 0, 8, 0, 0x0, 1, 6, 0, 0xabc, 0x1, 255, 4096, 0x21};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(w), sizeof(w)));
  mem_.PutString(kStr, "/");
  Event e;
  e.kind = EventKind::kSyscallEntry;
  e.tid = e.pid = 100;
  e.arch = arch::Arch::kX86;
  e.nr = *syscalls::Resolve(arch::Arch::kX86, "statfs64");
  e.args = {kStr, 84, kBuf, 0, 0, 0};
  EXPECT_EQ(Line(d_, e, 0),
            "statfs64(\"/\", 84, {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=10, f_bfree=9, "
            "f_bavail=8, f_files=4294967296, f_ffree=6, f_fsid={val=[0xabc, 0x1]}, "
            "f_namelen=255, f_frsize=4096, f_flags=ST_RDONLY|ST_VALID}) = 0");
}

Event I386Entry(std::string_view name, std::array<uint64_t, 6> args) {
  Event e;
  e.kind = EventKind::kSyscallEntry;
  e.tid = e.pid = 100;
  e.arch = arch::Arch::kX86;
  e.nr = *syscalls::Resolve(arch::Arch::kX86, name);
  e.args = args;
  return e;
}

// An i386 clock_nanosleep takes struct old_timespec32 (two 32-bit words,
// include/vdso/time32.h); clock_nanosleep_time64 the 64-bit struct __kernel_timespec.
TEST_F(DecoderTest, I386TimespecLayouts) {
  const int32_t old32[4] = {1, 500, 7, 7};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(old32), sizeof(old32)));
  EXPECT_EQ(Line(d_, I386Entry("clock_nanosleep", {0, 0, kBuf, 0, 0, 0}), 0),
            "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500}, NULL) = 0");
  const int64_t ts64[2] = {3, 4};
  mem_.Put(kBuf + 0x100, std::string(reinterpret_cast<const char*>(ts64), sizeof(ts64)));
  EXPECT_EQ(Line(d_, I386Entry("clock_nanosleep_time64", {0, 0, kBuf + 0x100, 0, 0, 0}), 0),
            "clock_nanosleep_time64(CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=4}, NULL) = 0");
}

// i386 struct stat64 (arch/x86/include/uapi/asm/stat.h), 4-byte aligned: st_mode at offset 16,
// st_rdev at 32, st_size at 44. Bytes hand-placed.
TEST_F(DecoderTest, StatOfI386Stat64) {
  unsigned char b[96] = {};
  const uint32_t mode = 0100644;  // S_IFREG|0644
  const int64_t size = 5000000000;
  std::memcpy(b + 16, &mode, 4);
  std::memcpy(b + 44, &size, 8);
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(b), sizeof(b)));
  mem_.PutString(kStr, "/big");
  EXPECT_EQ(Line(d_, I386Entry("stat64", {kStr, kBuf, 0, 0, 0, 0}), 0),
            "stat64(\"/big\", {st_mode=S_IFREG|0644, st_size=5000000000, ...}) = 0");
  const uint32_t chr = 020620;             // S_IFCHR|0620
  const uint64_t rdev = (136u << 8) | 3u;  // new_encode_dev(makedev(136, 3))
  std::memcpy(b + 16, &chr, 4);
  std::memcpy(b + 32, &rdev, 8);
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(b), sizeof(b)));
  EXPECT_EQ(Line(d_, I386Entry("fstat64", {1, kBuf, 0, 0, 0, 0}), 0),
            "fstat64(1, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x3), ...}) = 0");
}

// i386 stat/fstat fill struct compat_stat (arch/x86/include/asm/compat.h): u32 st_dev, u32
// st_ino, u16 st_mode at 8, u16 nlink/uid/gid, u32 st_rdev at 16, u32 st_size at 20.
TEST_F(DecoderTest, StatOfI386OldStat) {
  unsigned char b[64] = {};
  const uint16_t mode = 040755;  // S_IFDIR|0755
  const uint32_t size = 4096;
  std::memcpy(b + 8, &mode, 2);
  std::memcpy(b + 20, &size, 4);
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(b), sizeof(b)));
  mem_.PutString(kStr, "/etc");
  EXPECT_EQ(Line(d_, I386Entry("stat", {kStr, kBuf, 0, 0, 0, 0}), 0),
            "stat(\"/etc\", {st_mode=S_IFDIR|0755, st_size=4096, ...}) = 0");
}

// An i386 futex's timeout is struct old_timespec32; futex_time64's is 64-bit.
TEST_F(DecoderTest, I386FutexTimeoutLayouts) {
  const int32_t old32[2] = {2, 300};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(old32), sizeof(old32)));
  EXPECT_EQ(Line(d_, I386Entry("futex", {0x1000, FUTEX_WAIT_PRIVATE, 5, kBuf, 0, 0}), 0),
            "futex(0x1000, FUTEX_WAIT_PRIVATE, 5, {tv_sec=2, tv_nsec=300}) = 0");
  const int64_t ts64[2] = {9, 8};
  mem_.Put(kBuf + 0x100, std::string(reinterpret_cast<const char*>(ts64), sizeof(ts64)));
  EXPECT_EQ(
      Line(d_, I386Entry("futex_time64", {0x1000, FUTEX_WAIT_PRIVATE, 5, kBuf + 0x100, 0, 0}), 0),
      "futex_time64(0x1000, FUTEX_WAIT_PRIVATE, 5, {tv_sec=9, tv_nsec=8}) = 0");
}

// struct compat_rlimit: two 32-bit words, 0xffffffff being COMPAT_RLIM_INFINITY.
TEST_F(DecoderTest, I386RlimitIs32BitWords) {
  const uint32_t lim[2] = {8192 * 1024, 0xffffffffu};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(lim), sizeof(lim)));
  EXPECT_EQ(Line(d_, I386Entry("ugetrlimit", {RLIMIT_STACK, kBuf, 0, 0, 0, 0}), 0),
            "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}) = 0");
}

TEST_F(DecoderTest, RlimitUsesKilobyteMultiplesAndInfinity) {
  uint64_t lim[2] = {8192 * 1024, ~0ULL};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(lim), sizeof(lim)));
  Event e = Entry("prlimit64", {0, 3 /* RLIMIT_STACK */, 0, kBuf, 0, 0});
  EXPECT_EQ(Line(d_, e, 0),
            "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
}

TEST_F(DecoderTest, SigsetPrintsComplementWhenMostlyFull) {
  uint8_t all_but_32_33[8];
  std::memset(all_but_32_33, 0xff, sizeof(all_but_32_33));
  all_but_32_33[3] &= 0x7f;  // bit 31 = signal 32
  all_but_32_33[4] &= 0xfe;  // bit 32 = signal 33
  EXPECT_EQ(Decoder::FormatSigset(all_but_32_33, 8), "~[RTMIN RT_1]");
  uint8_t chld[8] = {0, 0, 1, 0, 0, 0, 0, 0};  // bit 16 = signal 17
  EXPECT_EQ(Decoder::FormatSigset(chld, 8), "[CHLD]");
}

TEST_F(DecoderTest, ExecveArgvAndEnvCount) {
  mem_.PutString(kStr, "/usr/bin/ls");
  mem_.PutString(kStr + 0x100, "ls");
  mem_.PutString(kStr + 0x200, "/etc");
  uint64_t argv[3] = {kStr + 0x100, kStr + 0x200, 0};
  uint64_t envp[3] = {kStr + 0x100, kStr + 0x200, 0};
  mem_.Put(kBuf, std::string(reinterpret_cast<const char*>(argv), sizeof(argv)));
  mem_.Put(kBuf + 0x100, std::string(reinterpret_cast<const char*>(envp), sizeof(envp)));
  Event e = Entry("execve", {kStr, kBuf, kBuf + 0x100, 0, 0, 0});
  EXPECT_EQ(Line(d_, e, 0),
            "execve(\"/usr/bin/ls\", [\"ls\", \"/etc\"], 0x20100 /* 2 vars */) = 0");
}

TEST_F(DecoderTest, CloneFlagsWithExitSignal) {
  Event e = Entry("clone", {0x01200011, 0, 0, 0x7f6b69127a10, 0, 0});
  EXPECT_EQ(Line(d_, e, 6731),
            "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
            "child_tidptr=0x7f6b69127a10) = 6731");
}

TEST_F(DecoderTest, FutexWakePrivate) {
  Event e = Entry("futex", {0x7f40e1d9ba4c, 129 /* FUTEX_WAKE|PRIVATE */, 2147483647, 0, 0, 0});
  EXPECT_EQ(Line(d_, e, 0), "futex(0x7f40e1d9ba4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0");
}

TEST_F(DecoderTest, ExitGroupNeverReturns) {
  Event e = Entry("exit_group", {0, 0, 0, 0, 0, 0});
  EXPECT_EQ(d_.Entry(e, "exit_group"), "exit_group(0");
  EXPECT_EQ(d_.Return(Exit(e, 0), "exit_group"), "?");
}

TEST_F(DecoderTest, FdPathsWithDashY) {
  Decoder d(mem_, DecodeOptions{32, true});
  mem_.SetFdPath(100, 3, "/etc/passwd");
  EXPECT_EQ(Line(d, Entry("close", {3, 0, 0, 0, 0, 0}), 0), "close(3</etc/passwd>) = 0");
}

TEST_F(DecoderTest, RestartCodesUseQuestionMark) {
  Event e = Entry("wait4", {static_cast<uint64_t>(-1), kBuf, 0, 0, 0, 0});
  EXPECT_EQ(d_.Return(Exit(e, -512, true), "wait4"),
            "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
}

TEST(SignatureTableTest, CoversAtLeast120SyscallsThatExistOnX8664) {
  int known = 0;
  for (const auto& s : AllSignatures()) {
    if (syscalls::Resolve(arch::Arch::kX86_64, s.name)) ++known;
  }
  EXPECT_GE(known, 120);
}

}  // namespace
}  // namespace syscage::trace::decode
