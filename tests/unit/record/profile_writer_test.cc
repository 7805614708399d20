// SPDX-License-Identifier: Apache-2.0
// BuildProfile and the recorder sink, in process. Expected syscall names and numbers come from
// the kernel's x86 syscall tables (arch/x86/entry/syscalls/syscall_64.tbl, syscall_32.tbl), written
// here by hand, not from syscage's own table.
#include "syscage/record/profile_writer.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "syscage/record/ptrace_recorder.h"
#include "syscage/record/recording.h"

namespace syscage::record {
namespace {

using arch::Arch;

const std::vector<std::string>& AllowedNames(const profile::Profile& p) {
  return p.syscalls.front().names;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

ProfileOptions X86Host() {
  ProfileOptions o;
  o.host_arches = {Arch::kX86_64, Arch::kX86, Arch::kX32};
  return o;
}

TEST(BuildProfileTest, AllowlistShape) {
  Recording rec;
  rec.Add(Arch::kX86_64, 0);    // read
  rec.Add(Arch::kX86_64, 1);    // write
  rec.Add(Arch::kX86_64, 231);  // exit_group
  rec.Add(Arch::kX86_64, 39);   // getpid
  profile::Profile p = BuildProfile(rec, X86Host());
  EXPECT_EQ(p.default_action, profile::ActionKind::kErrno);
  ASSERT_TRUE(p.default_errno_ret.has_value());
  EXPECT_EQ(*p.default_errno_ret, 38u);  // ENOSYS (asm-generic/errno.h)
  EXPECT_EQ(p.architectures,
            (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  ASSERT_EQ(p.syscalls.size(), 1u);
  EXPECT_EQ(p.syscalls[0].action, profile::ActionKind::kAllow);
  // Recorded plus `syscage run`'s execve; sorted and unique.
  EXPECT_EQ(AllowedNames(p),
            (std::vector<std::string>{"execve", "exit_group", "getpid", "read", "write"}));
}

TEST(BuildProfileTest, CompatAndX32NamesAreResolvedWithTheirOwnTables) {
  Recording rec;
  rec.Add(Arch::kX86, 20);                 // i386 getpid
  rec.Add(Arch::kX86, 252);                // i386 exit_group
  rec.Add(Arch::kX32, 0x40000000u | 39);   // x32 getpid
  rec.Add(Arch::kX32, 0x40000000u | 512);  // x32 rt_sigaction (x32-only number)
  profile::Profile p = BuildProfile(rec, X86Host());
  const auto& names = AllowedNames(p);
  EXPECT_TRUE(Has(names, "getpid"));
  EXPECT_TRUE(Has(names, "exit_group"));
  EXPECT_TRUE(Has(names, "rt_sigaction"));
  EXPECT_FALSE(Has(names, "read"));  // i386 20 is not x86_64 20 (writev)
  EXPECT_FALSE(Has(names, "writev"));
}

TEST(BuildProfileTest, ArchitecturesSeenBeyondTheHostAreAdded) {
  Recording rec;
  rec.Add(Arch::kX86_64, 0);
  ProfileOptions o;
  o.host_arches = {Arch::kX86_64};
  rec.Add(Arch::kX86, 3);  // i386 read
  profile::Profile p = BuildProfile(rec, o);
  EXPECT_EQ(p.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
}

TEST(BuildProfileTest, UnnamedNumbersAreReported) {
  Recording rec;
  rec.Add(Arch::kX86_64, 0);
  rec.Add(Arch::kX86_64, 1000);  // no x86_64 syscall has this number
  BuildNotes notes;
  profile::Profile p = BuildProfile(rec, X86Host(), &notes);
  ASSERT_EQ(notes.unnamed.size(), 1u);
  EXPECT_EQ(notes.unnamed[0], (SyscallKey{Arch::kX86_64, 1000}));
  EXPECT_TRUE(Has(AllowedNames(p), "read"));
}

TEST(BuildProfileTest, RuncNeedsMoreThanRun) {
  Recording rec;
  rec.Add(Arch::kX86_64, 0);
  ProfileOptions o = X86Host();
  o.runtime = ForRuntime::kRunc;
  profile::Profile runc = BuildProfile(rec, o);
  const auto& names = AllowedNames(runc);
  // runc writes the exec fifo, checks /proc/self/fd is procfs and reads it (CloseExecFrom), and
  // its Go runtime uses futex after installing the filter (runc 1.1.5, strace of runc init).
  EXPECT_TRUE(Has(names, "futex"));
  EXPECT_TRUE(Has(names, "write"));
  EXPECT_TRUE(Has(names, "fstatfs"));
  EXPECT_TRUE(Has(names, "getdents64"));
  EXPECT_TRUE(Has(names, "execve"));
  o.runtime = ForRuntime::kRun;
  profile::Profile run = BuildProfile(rec, o);
  EXPECT_FALSE(Has(AllowedNames(run), "futex"));
}

TEST(BuildProfileTest, ArgsBecomeOneRulePerValue) {
  Recording rec;
  rec.Add(Arch::kX86_64, 41);                         // socket
  rec.Add(Arch::kX86_64, 135);                        // personality
  rec.Add(Arch::kX86_64, 56);                         // clone
  rec.arg0[{Arch::kX86_64, 41}] = {{1, 2}, {10, 1}};  // AF_UNIX, AF_INET6
  rec.arg0[{Arch::kX86_64, 135}] = {{0xffffffffu, 1}};
  // CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|... as glibc's pthread_create: no
  // namespace bits.
  rec.arg0[{Arch::kX86_64, 56}] = {{0x3d0f00, 3}};
  ProfileOptions o = X86Host();
  o.args = true;
  profile::Profile p = BuildProfile(rec, o);
  EXPECT_FALSE(Has(AllowedNames(p), "socket"));
  EXPECT_FALSE(Has(AllowedNames(p), "clone"));
  std::vector<std::pair<std::string, uint64_t>> eq_rules;
  bool clone_rule = false;
  for (size_t i = 1; i < p.syscalls.size(); ++i) {
    const auto& r = p.syscalls[i];
    ASSERT_EQ(r.names.size(), 1u);
    ASSERT_EQ(r.args.size(), 1u);
    EXPECT_EQ(r.args[0].index, 0u);
    if (r.names[0] == "clone") {
      clone_rule = true;
      EXPECT_EQ(r.args[0].op, profile::CmpOp::kMaskedEq);
      EXPECT_EQ(r.args[0].value, 2114060288u);  // Docker's default.json mask
      EXPECT_EQ(r.args[0].value_two, 0u);
    } else {
      EXPECT_EQ(r.args[0].op, profile::CmpOp::kEq);
      eq_rules.emplace_back(r.names[0], r.args[0].value);
    }
  }
  EXPECT_TRUE(clone_rule);
  EXPECT_EQ(eq_rules, (std::vector<std::pair<std::string, uint64_t>>{
                          {"personality", 0xffffffffu}, {"socket", 1}, {"socket", 10}}));
}

TEST(BuildProfileTest, CloneWithNamespaceFlagsStaysUnconditional) {
  Recording rec;
  rec.Add(Arch::kX86_64, 56);
  rec.arg0[{Arch::kX86_64, 56}] = {{0x20000000 /* CLONE_NEWUSER */ | 17 /* SIGCHLD */, 1}};
  ProfileOptions o = X86Host();
  o.args = true;
  profile::Profile p = BuildProfile(rec, o);
  EXPECT_TRUE(Has(AllowedNames(p), "clone"));
  EXPECT_EQ(p.syscalls.size(), 1u);
}

TEST(BuildProfileTest, ArgsOffKeepsPlainAllow) {
  Recording rec;
  rec.Add(Arch::kX86_64, 41);
  rec.arg0[{Arch::kX86_64, 41}] = {{2, 1}};
  profile::Profile p = BuildProfile(rec, X86Host());
  EXPECT_TRUE(Has(AllowedNames(p), "socket"));
  EXPECT_EQ(p.syscalls.size(), 1u);
}

trace::Event Entry(pid_t pid, Arch a, uint32_t nr, uint64_t arg0 = 0) {
  trace::Event e;
  e.kind = trace::EventKind::kSyscallEntry;
  e.pid = pid;
  e.tid = pid;
  e.arch = a;
  e.nr = nr;
  e.args[0] = arg0;
  return e;
}

TEST(RecorderSinkTest, CountsEntriesOnlyAndCapturesArgs) {
  RecorderSink sink(/*capture_args=*/true);
  sink.OnEvent(Entry(100, Arch::kX86_64, 0));
  sink.OnEvent(Entry(100, Arch::kX86_64, 0));
  sink.OnEvent(Entry(101, Arch::kX86_64, 41, 2));                    // socket(AF_INET)
  sink.OnEvent(Entry(101, Arch::kX86, 359, 0xffffffff0000000aull));  // i386 socket, high garbage
  trace::Event exit_event = Entry(100, Arch::kX86_64, 0);
  exit_event.kind = trace::EventKind::kSyscallExit;
  sink.OnEvent(exit_event);
  const Recording& r = sink.recording();
  EXPECT_EQ(r.counts.at({Arch::kX86_64, 0}), 2u);
  EXPECT_EQ(r.counts.at({Arch::kX86_64, 41}), 1u);
  EXPECT_EQ(r.counts.at({Arch::kX86, 359}), 1u);
  EXPECT_EQ(r.arg0.at({Arch::kX86_64, 41}).count(2), 1u);
  // A 32-bit ABI's argument is its low word.
  EXPECT_EQ(r.arg0.at({Arch::kX86, 359}).count(10), 1u);
  EXPECT_EQ(r.arg0.count({Arch::kX86_64, 0}), 0u);  // read is not captured
  EXPECT_EQ(r.callers.at(100).calls, 2u);
  EXPECT_EQ(r.callers.at(101).calls, 2u);
}

}  // namespace
}  // namespace syscage::record
