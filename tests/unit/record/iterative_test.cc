// SPDX-License-Identifier: Apache-2.0
// The known set of an earlier profile and its complement (iterative ptrace recording). Syscall
// numbers are written by hand from the kernel's tables (arch/x86/entry/syscalls/syscall_64.tbl,
// syscall_32.tbl; x32 is the 64-bit number plus __X32_SYSCALL_BIT 0x40000000).
#include "syscage/record/iterative.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/trace/seccomp_filter.h"

namespace syscage::record {
namespace {

using arch::Arch;

profile::SyscallRule Allow(std::vector<std::string> names) {
  profile::SyscallRule r;
  r.names = std::move(names);
  r.action = profile::ActionKind::kAllow;
  return r;
}

profile::Profile Allowlist(std::vector<std::string> arches) {
  profile::Profile p;
  p.default_action = profile::ActionKind::kErrno;
  p.default_errno_ret = 38;
  p.architectures = std::move(arches);
  return p;
}

TEST(RecordKnownSetTest, NamesResolveWithEachArchsOwnTable) {
  profile::Profile p = Allowlist({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"});
  p.syscalls.push_back(Allow({"read", "write", "mkdir", "exit_group"}));
  auto known = KnownFromProfile(p, false);
  ASSERT_TRUE(known.has_value()) << known.error().ToString();
  EXPECT_EQ(known->names, 4u);
  EXPECT_EQ(known->by_arch.at(Arch::kX86_64), (std::set<uint32_t>{0, 1, 83, 231}));
  EXPECT_EQ(known->by_arch.at(Arch::kX86), (std::set<uint32_t>{3, 4, 39, 252}));
  EXPECT_EQ(known->by_arch.at(Arch::kX32),
            (std::set<uint32_t>{0x40000000u, 0x40000001u, 0x40000053u, 0x400000e7u}));
}

TEST(RecordKnownSetTest, AnArchTheProfileDoesNotListIsNotKnownAtAll) {
  profile::Profile p = Allowlist({"SCMP_ARCH_X86_64"});
  p.syscalls.push_back(Allow({"read"}));
  auto known = KnownFromProfile(p, false);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->by_arch.size(), 1u);
  EXPECT_EQ(known->by_arch.count(Arch::kX86), 0u);
  EXPECT_EQ(known->by_arch.count(Arch::kX32), 0u);
}

TEST(RecordKnownSetTest, ArchMapArchitecturesCount) {
  profile::Profile p = Allowlist({});
  p.arch_map.push_back({"SCMP_ARCH_X86_64", {"SCMP_ARCH_X86"}});
  p.syscalls.push_back(Allow({"getpid"}));
  auto known = KnownFromProfile(p, false);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->by_arch.at(Arch::kX86_64), (std::set<uint32_t>{39}));
  EXPECT_EQ(known->by_arch.at(Arch::kX86), (std::set<uint32_t>{20}));
}

TEST(RecordKnownSetTest, ConditionedOrDeniedNamesStayTraced) {
  profile::Profile p = Allowlist({"SCMP_ARCH_X86_64"});
  p.syscalls.push_back(Allow({"read", "socket", "kill"}));
  profile::SyscallRule socket_unix = Allow({"socket"});
  socket_unix.args.push_back({0, 1, 0, profile::CmpOp::kEq, {}});
  p.syscalls.push_back(socket_unix);
  profile::SyscallRule personality = Allow({"personality"});
  personality.args.push_back({0, 0, 0, profile::CmpOp::kEq, {}});
  p.syscalls.push_back(personality);
  profile::SyscallRule deny_kill = Allow({"kill"});
  deny_kill.action = profile::ActionKind::kErrno;
  p.syscalls.push_back(deny_kill);
  auto known = KnownFromProfile(p, false);
  ASSERT_TRUE(known.has_value());
  // read 0 only: socket (41) and kill (62) have other rules, personality (135) only a condition.
  EXPECT_EQ(known->by_arch.at(Arch::kX86_64), (std::set<uint32_t>{0}));
}

TEST(RecordKnownSetTest, ArgsModeKeepsTracingTheCapturedSyscalls) {
  profile::Profile p = Allowlist({"SCMP_ARCH_X86_64"});
  p.syscalls.push_back(Allow({"read", "clone", "socket", "personality", "prctl"}));
  auto without = KnownFromProfile(p, false);
  auto with = KnownFromProfile(p, true);
  ASSERT_TRUE(without.has_value());
  ASSERT_TRUE(with.has_value());
  EXPECT_EQ(without->by_arch.at(Arch::kX86_64), (std::set<uint32_t>{0, 41, 56, 135, 157}));
  EXPECT_EQ(with->by_arch.at(Arch::kX86_64), (std::set<uint32_t>{0}));
}

TEST(RecordKnownSetTest, ADenylistHasNoKnownSet) {
  profile::Profile p = Allowlist({"SCMP_ARCH_X86_64"});
  p.default_action = profile::ActionKind::kAllow;
  auto known = KnownFromProfile(p, false);
  ASSERT_FALSE(known.has_value());
  EXPECT_EQ(known.error().code, ErrorCode::kInvalidArgument);
}

TEST(RecordTraceComplementTest, EveryNumberButTheKnownOnesIsTracedPerArch) {
  KnownSyscalls known;
  known.by_arch[Arch::kX86_64] = {0, 1, 83};
  known.by_arch[Arch::kX32] = {0x40000000u};
  auto sets = TraceComplement(known);
  ASSERT_EQ(sets.size(), 2u);
  for (const auto& s : sets) {
    const auto& n = s.nrs;
    auto has = [&](uint32_t nr) { return std::find(n.begin(), n.end(), nr) != n.end(); };
    if (s.arch == Arch::kX86_64) {
      EXPECT_EQ(n.size(), 1024u - 3u);
      EXPECT_FALSE(has(0));
      EXPECT_FALSE(has(1));
      EXPECT_FALSE(has(83));
      EXPECT_TRUE(has(2));
      EXPECT_TRUE(has(82));
      EXPECT_TRUE(has(84));
      EXPECT_TRUE(has(1023));
      EXPECT_FALSE(has(0x40000001u));
    } else {
      ASSERT_EQ(s.arch, Arch::kX32);
      EXPECT_EQ(n.size(), 1024u - 1u);
      EXPECT_FALSE(has(0x40000000u));
      EXPECT_TRUE(has(0x40000001u));
      EXPECT_FALSE(has(1));  // x32 numbers all carry the x32 bit
    }
  }
}

#if defined(__x86_64__)
// An i386 system call from 64-bit code (int 0x80: i386 numbers and ABI). The kernel clobbers
// r8-r11 on this path.
long Int80(long nr) {
  long ret;
  asm volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory", "r8", "r9", "r10", "r11");
  return ret;
}

// Ends a filtered child at once with a raw exit_group: ASan's _exit interceptor would first run
// the leak checker, and a noreturn call first calls sigaltstack (__asan_handle_no_return), both
// refused by the filter. So this is deliberately not [[noreturn]].
void ExitNow(int code) { syscall(SYS_exit_group, code); }

// Whether int 0x80 works here: tried in a child, because without IA32 emulation it faults.
bool HaveInt80() {
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL);              // a plain crash, not a sanitizer report
    _exit(Int80(20) == getpid() ? 0 : 1);  // i386 getpid
  }
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The kernel itself checks the complement per ABI: a child installs the filter with no tracer, so
// a call that would stop the tracer fails with ENOSYS (seccomp(2), SECCOMP_RET_TRACE), and a
// known call runs. i386 getpid is 20 where x86_64 20 is writev, and x86_64 getuid is 102 where
// i386 getuid is 24: a filter that ignored the ABI would get one of them wrong.
// Runs the checks in a child under the complement filter; returns its exit status (0: all held).
int FilteredChildStatus(bool with_i386) {
  KnownSyscalls known;
  known.by_arch[Arch::kX86_64] = {39, 60, 231};  // getpid, exit, exit_group
  known.by_arch[Arch::kX86] = {24};              // getuid
  auto prog = trace::BuildTraceFilter(TraceComplement(known));
  if (!prog.has_value()) return 100;
  pid_t pid = fork();
  if (pid < 0) return 101;
  if (pid == 0) {
    if (trace::InstallFilter(*prog, true) != 0) ExitNow(10);
    if (syscall(SYS_getpid) <= 0) ExitNow(11);
    errno = 0;
    if (syscall(SYS_getuid) != -1 || errno != ENOSYS) ExitNow(12);
    if (with_i386) {
      if (Int80(24) < 0) ExitNow(13);
      if (Int80(20) != -ENOSYS) ExitNow(14);
    }
    ExitNow(0);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 102;
  return WEXITSTATUS(status);
}

constexpr char kStatusLegend[] =
    "10 install, 11 known call failed, 12 unknown ran, 13 i386 known failed, 14 i386 unknown ran, "
    "10x setup";

TEST(RecordTraceComplementTest, TheKernelStopsOnlyUnknownNativeCalls) {
  EXPECT_EQ(FilteredChildStatus(false), 0) << kStatusLegend;
}

TEST(RecordTraceComplementTest, TheKernelStopsOnlyUnknownI386Calls) {
  if (!HaveInt80()) GTEST_SKIP() << "no IA32 emulation here (int 0x80 faults)";
  EXPECT_EQ(FilteredChildStatus(true), 0) << kStatusLegend;
}
#endif

}  // namespace
}  // namespace syscage::record
