// SPDX-License-Identifier: Apache-2.0
// The --seccomp-bpf program, checked by the kernel itself: a forked child installs it (with
// no_new_privs, no privilege needed) and, having no tracer, gets ENOSYS for exactly the traced
// calls (seccomp(2): SECCOMP_RET_TRACE without a tracer fails the call with ENOSYS).
#include "syscage/trace/seccomp_filter.h"

#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"

namespace syscage::trace {
namespace {

TEST(SeccompFilterTest, KernelTracesOnlySelectedCalls) {
  const auto native = arch::NativeArch();
  std::vector<Target::SeccompSet> sets = {
      {native, {*syscalls::Resolve(native, "getppid"), *syscalls::Resolve(native, "getuid")}}};
  auto prog = BuildTraceFilter(sets);
  ASSERT_TRUE(prog) << prog.error().ToString();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (InstallFilter(*prog, true) != 0) _exit(10);
    errno = 0;
    if (syscall(SYS_getppid) != -1 || errno != ENOSYS) _exit(11);
    if (syscall(SYS_getuid) != -1 || errno != ENOSYS) _exit(12);
    if (syscall(SYS_getpid) <= 0) _exit(13);  // not traced: runs normally
    if (syscall(SYS_getgid) < 0) _exit(14);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 install, 11/12 traced call ran, 13/14 untraced failed";
}

TEST(SeccompFilterTest, RangesAndJumpsStayShort) {
  std::vector<uint32_t> many;
  for (uint32_t nr = 0; nr < 400; nr += 3) many.push_back(nr);
  auto prog = BuildTraceFilter({{arch::Arch::kX86_64, many}, {arch::Arch::kX86, {1, 2, 3}}});
  ASSERT_TRUE(prog);
  // Every conditional jump lands inside the program.
  for (size_t i = 0; i < prog->size(); ++i) {
    const auto& ins = (*prog)[i];
    if (BPF_CLASS(ins.code) == BPF_JMP && BPF_OP(ins.code) != BPF_JA) {
      EXPECT_LT(i + 1 + ins.jt, prog->size());
      EXPECT_LT(i + 1 + ins.jf, prog->size());
    }
  }
}

}  // namespace
}  // namespace syscage::trace
