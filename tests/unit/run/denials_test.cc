// SPDX-License-Identifier: Apache-2.0
// The --report / --complain program rewrite and the report lines. Numbers come from the host's
// UAPI headers (<linux/seccomp.h>, <asm/unistd_64.h>, <linux/audit.h>) and the kernel's
// arch/x86/entry/syscalls/syscall_32.tbl, not syscage's tables.
#include "syscage/run/denials.h"

#include <asm/unistd_64.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "syscage/run/denial_report.h"

namespace syscage::run {
namespace {

// arch check, then: personality -> ERRNO(EPERM), mkdir -> KILL_PROCESS, getpid -> TRAP(5),
// uname -> ERRNO(EPERM) again, ptrace -> TRACE(9), umask -> LOG, ioctl -> NOTIFY, else ALLOW.
std::vector<sock_filter> Sample() {
  return {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),  // 0
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),      // 1
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),               // 2
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),    // 3
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_personality, 0, 1),       // 4
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),              // 5
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mkdir, 0, 1),             // 6
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),               // 7
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getpid, 0, 1),            // 8
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 5),                   // 9
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),             // 10
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),              // 11
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 0, 1),            // 12
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 9),                  // 13
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_umask, 0, 1),             // 14
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),                        // 15
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 1),             // 16
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),                 // 17
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),                      // 18
  };
}

TEST(RewriteForSupervisionTest, EnforceKeepsTheProgram) {
  auto out = RewriteForSupervision(Sample(), DenialMode::kEnforce);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->program.size(), Sample().size());
  for (size_t i = 0; i < out->program.size(); ++i) EXPECT_EQ(out->program[i].k, Sample()[i].k);
  EXPECT_TRUE(out->original_actions.empty());
}

TEST(RewriteForSupervisionTest, ReportRoutesOnlyErrnoAndTrace) {
  auto out = RewriteForSupervision(Sample(), DenialMode::kReport);
  ASSERT_TRUE(out);
  const auto& p = out->program;
  // ERRNO(EPERM) appears twice and shares index 0; TRACE(9) is index 1.
  ASSERT_EQ(out->original_actions.size(), 2u);
  EXPECT_EQ(out->original_actions[0], SECCOMP_RET_ERRNO | EPERM);
  EXPECT_EQ(out->original_actions[1], SECCOMP_RET_TRACE | 9u);
  EXPECT_EQ(p[5].k, SECCOMP_RET_TRACE | 0u);
  EXPECT_EQ(p[11].k, SECCOMP_RET_TRACE | 0u);
  EXPECT_EQ(p[13].k, SECCOMP_RET_TRACE | 1u);
  // Kills and traps stay with the kernel; allow, log and notify are untouched.
  EXPECT_EQ(p[2].k, SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(p[7].k, SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(p[9].k, SECCOMP_RET_TRAP | 5u);
  EXPECT_EQ(p[15].k, SECCOMP_RET_LOG);
  EXPECT_EQ(p[17].k, SECCOMP_RET_USER_NOTIF);
  EXPECT_EQ(p[18].k, SECCOMP_RET_ALLOW);
  // Non-RET instructions are the same.
  for (size_t i : {0u, 1u, 3u, 4u, 6u}) {
    EXPECT_EQ(p[i].code, Sample()[i].code);
    EXPECT_EQ(p[i].k, Sample()[i].k);
  }
}

TEST(RewriteForSupervisionTest, ComplainRoutesEveryDenyingAction) {
  auto out = RewriteForSupervision(Sample(), DenialMode::kComplain);
  ASSERT_TRUE(out);
  const auto& p = out->program;
  // Order of first appearance: KILL_PROCESS (bad arch), ERRNO, TRAP, TRACE.
  ASSERT_EQ(out->original_actions.size(), 4u);
  EXPECT_EQ(out->original_actions[0], SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(out->original_actions[1], SECCOMP_RET_ERRNO | EPERM);
  EXPECT_EQ(out->original_actions[2], SECCOMP_RET_TRAP | 5u);
  EXPECT_EQ(out->original_actions[3], SECCOMP_RET_TRACE | 9u);
  EXPECT_EQ(p[2].k, SECCOMP_RET_TRACE | 0u);
  EXPECT_EQ(p[7].k, SECCOMP_RET_TRACE | 0u);
  EXPECT_EQ(p[5].k, SECCOMP_RET_TRACE | 1u);
  EXPECT_EQ(p[9].k, SECCOMP_RET_TRACE | 2u);
  EXPECT_EQ(p[13].k, SECCOMP_RET_TRACE | 3u);
  EXPECT_EQ(p[15].k, SECCOMP_RET_LOG);
  EXPECT_EQ(p[17].k, SECCOMP_RET_USER_NOTIF);
  EXPECT_EQ(p[18].k, SECCOMP_RET_ALLOW);
}

TEST(RewriteForSupervisionTest, AccumulatorReturnIsRefused) {
  std::vector<sock_filter> program = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_STMT(BPF_RET | BPF_A, 0),
  };
  auto out = RewriteForSupervision(program, DenialMode::kComplain);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
}

TEST(ErrnoOfActionTest, KernelSemantics) {
  EXPECT_EQ(ErrnoOfAction(SECCOMP_RET_ERRNO | EPERM), EPERM);
  EXPECT_EQ(ErrnoOfAction(SECCOMP_RET_ERRNO | 0xffff), 4095);  // MAX_ERRNO
  EXPECT_EQ(ErrnoOfAction(SECCOMP_RET_TRACE | 3), ENOSYS);
  EXPECT_EQ(ErrnoOfAction(SECCOMP_RET_KILL_PROCESS), 0);
}

// i386 mkdir is 39 in syscall_32.tbl (39 on x86_64 is getpid); x32 calls carry bit 30.
constexpr int64_t kI386Mkdir = 39;
constexpr int64_t kX32Bit = 0x40000000;

TEST(DenialReportTest, NamesCallsPerAbi) {
  EXPECT_EQ(CallArchName(AUDIT_ARCH_X86_64, __NR_mkdir), "x86_64");
  EXPECT_EQ(CallSyscallName(AUDIT_ARCH_X86_64, __NR_mkdir), "mkdir");
  EXPECT_EQ(CallArchName(AUDIT_ARCH_I386, kI386Mkdir), "x86");
  EXPECT_EQ(CallSyscallName(AUDIT_ARCH_I386, kI386Mkdir), "mkdir");
  EXPECT_EQ(CallArchName(AUDIT_ARCH_X86_64, kX32Bit | __NR_mkdir), "x32");
  EXPECT_EQ(CallSyscallName(AUDIT_ARCH_X86_64, kX32Bit | __NR_mkdir), "mkdir");
  EXPECT_EQ(CallSyscallName(AUDIT_ARCH_X86_64, 100000), "syscall_100000");
}

DeniedCall MkdirCall() {
  DeniedCall c;
  c.pid = 42;
  c.tid = 42;
  c.audit_arch = AUDIT_ARCH_X86_64;
  c.nr = __NR_mkdir;
  c.args = {0x1000, 0755, 0, 0, 0, 0};
  c.args_known = true;
  c.action = SECCOMP_RET_ERRNO | EPERM;
  c.action_known = true;
  c.outcome = DeniedCall::Outcome::kErrno;
  c.errno_returned = EPERM;
  return c;
}

TEST(DenialReportTest, TextLineNamesEverything) {
  std::string line = FormatDenial(MkdirCall(), DenialMode::kReport, "mkdir(\"x\", 0755)");
  EXPECT_EQ(line, "syscage: report: mkdir(\"x\", 0755) [x86_64 nr " + std::to_string(__NR_mkdir) +
                      "] pid 42: SCMP_ACT_ERRNO(EPERM), returned EPERM");
  DeniedCall allowed = MkdirCall();
  allowed.outcome = DeniedCall::Outcome::kAllowed;
  allowed.tid = 43;
  std::string raw = FormatDenial(allowed, DenialMode::kComplain, "");
  EXPECT_NE(raw.find("mkdir(0x1000, 0x1ed, 0x0"), std::string::npos) << raw;
  EXPECT_NE(raw.find("pid 42 tid 43"), std::string::npos) << raw;
  EXPECT_NE(raw.find(", allowed"), std::string::npos) << raw;
}

TEST(DenialReportTest, JsonLine) {
  auto j = nlohmann::json::parse(FormatDenialJson(MkdirCall(), DenialMode::kReport, ""));
  EXPECT_EQ(j["syscall"], "mkdir");
  EXPECT_EQ(j["nr"], __NR_mkdir);
  EXPECT_EQ(j["arch"], "x86_64");
  EXPECT_EQ(j["action"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(j["errno"], "EPERM");
  EXPECT_EQ(j["outcome"], "errno");
  EXPECT_EQ(j["args"][1], "0x1ed");
}

TEST(DenialReportTest, UnknownKillAction) {
  DeniedCall c = MkdirCall();
  c.action_known = false;
  c.outcome = DeniedCall::Outcome::kKilled;
  EXPECT_EQ(ActionText(c), "seccomp kill");
  c.action = SECCOMP_RET_KILL_THREAD;  // 0: only action_known tells it from "unknown"
  c.action_known = true;
  EXPECT_EQ(ActionText(c), "SCMP_ACT_KILL_THREAD");
}

TEST(DenialReportTest, SummaryCountsPerSyscallMostFrequentFirst) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the expected text names x86_64 as the host arch";
#endif
  DenialSummary summary;
  EXPECT_EQ(summary.Text(DenialMode::kReport), "syscage: report: no denied calls");
  DeniedCall mkdir = MkdirCall();
  DeniedCall i386 = MkdirCall();
  i386.audit_arch = AUDIT_ARCH_I386;
  i386.nr = kI386Mkdir;
  summary.Add(i386);
  summary.Add(mkdir);
  summary.Add(mkdir);
  EXPECT_EQ(summary.total(), 3u);
  EXPECT_EQ(summary.Text(DenialMode::kReport),
            "syscage: report: 3 denied calls: mkdir x2, mkdir (x86) x1");
  auto j = nlohmann::json::parse(summary.Json(DenialMode::kComplain));
  EXPECT_EQ(j["denied"], 3);
  EXPECT_EQ(j["syscalls"][0]["count"], 2);
  EXPECT_EQ(j["syscalls"][1]["arch"], "x86");
}

}  // namespace
}  // namespace syscage::run
