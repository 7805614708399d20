// SPDX-License-Identifier: Apache-2.0
// run/ without installing anything: flags, argument checks, the OCI state, outcome text.
#include <linux/seccomp.h>
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "syscage/run/confined.h"
#include "syscage/run/install.h"

namespace syscage::run {
namespace {

std::vector<sock_filter> Returning(uint32_t action) { return {BPF_STMT(BPF_RET | BPF_K, action)}; }

TEST(InstallTest, ProgramHasNotifyLooksAtReturnValues) {
  EXPECT_FALSE(ProgramHasNotify(Returning(SECCOMP_RET_ALLOW)));
  EXPECT_TRUE(ProgramHasNotify(Returning(SECCOMP_RET_USER_NOTIF)));
  // A load of the same constant is not a return.
  std::vector<sock_filter> load = {BPF_STMT(BPF_LD | BPF_IMM, SECCOMP_RET_USER_NOTIF),
                                   BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  EXPECT_FALSE(ProgramHasNotify(load));
}

TEST(InstallTest, SeccompFlagsFollowTheKernelRules) {
  InstallOptions options;
  options.tsync = true;
  // Flag values from include/uapi/linux/seccomp.h: TSYNC 1, LOG 2, SPEC_ALLOW 4,
  // NEW_LISTENER 8, TSYNC_ESRCH 16, WAIT_KILLABLE_RECV 32.
  EXPECT_EQ(SeccompFlags(options, Returning(SECCOMP_RET_ALLOW)).value(), 1u);
  EXPECT_EQ(SeccompFlags(options, Returning(SECCOMP_RET_USER_NOTIF)).value(), 1u | 8u | 16u);
  options.tsync = false;
  options.log = true;
  options.spec_allow = true;
  EXPECT_EQ(SeccompFlags(options, Returning(SECCOMP_RET_ALLOW)).value(), 2u | 4u);
  options.new_listener = false;
  EXPECT_EQ(SeccompFlags(options, Returning(SECCOMP_RET_USER_NOTIF)).value(), 2u | 4u);
  InstallOptions killable;
  killable.wait_killable_recv = true;
  auto bad = SeccompFlags(killable, Returning(SECCOMP_RET_ALLOW));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(SeccompFlags(killable, Returning(SECCOMP_RET_USER_NOTIF)).value(), 8u | 32u);
}

TEST(InstallTest, RefusesEmptyAndOversizedProgramsBeforeTheKernel) {
  auto empty = InstallFilter({});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  std::vector<sock_filter> big(4097, BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  auto too_big = InstallFilter(big);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kLimitExceeded);
}

TEST(RunSpecTest, ContainerProcessStateHasTheOciFields) {
  RunSpec spec;
  spec.listener_metadata = "meta";
  spec.container_id = "c1";
  spec.bundle = "/b";
  auto state = nlohmann::json::parse(ContainerProcessState(spec, 42));
  EXPECT_EQ(state["fds"], nlohmann::json::array({"seccompFd"}));
  EXPECT_EQ(state["pid"], 42);
  EXPECT_EQ(state["metadata"], "meta");
  EXPECT_EQ(state["state"]["id"], "c1");
  EXPECT_EQ(state["state"]["pid"], 42);
  EXPECT_EQ(state["state"]["bundle"], "/b");
  EXPECT_EQ(state["ociVersion"], state["state"]["ociVersion"]);
}

TEST(ChildOutcomeTest, ShellStatusAndDescription) {
  ChildOutcome exited;
  exited.exited = true;
  exited.exit_status = 3;
  EXPECT_EQ(exited.ShellStatus(), 3);
  EXPECT_EQ(exited.Describe(), "exited with status 3");
  ChildOutcome killed;
  killed.term_signal = SIGSYS;
  killed.killed_by_seccomp = SigsysReport{SigsysReport::Source::kKillExit, 7, 83, 0xc000003eu, 0};
  EXPECT_EQ(killed.ShellStatus(), 128 + SIGSYS);
  EXPECT_EQ(killed.Describe(), "killed by SIGSYS (seccomp kill at syscall 83, x86_64)");
}

TEST(FindExecutableTest, SearchesPathLikeExecvp) {
  auto sh = FindExecutable("sh");
  ASSERT_TRUE(sh) << sh.error().ToString();
  EXPECT_EQ(sh->back(), 'h');
  EXPECT_EQ(FindExecutable("/no/such/file").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(FindExecutable("/").error().code, ErrorCode::kPermission);  // a directory
  EXPECT_EQ(FindExecutable("syscage-no-such-command-xyz").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace syscage::run
