// SPDX-License-Identifier: Apache-2.0
// Decoder against strace's own output for the same calls (strings from strace 6.1 runs of ls,
// echo and sh on Debian 12), using FakeMemory for the tracee's memory.
#include "syscage/trace/decode/decoder.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

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
