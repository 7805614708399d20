// SPDX-License-Identifier: Apache-2.0
// The printer's layout on scripted events: column-40 alignment, "[pid N]" once a second thread
// exists, "<unfinished ...>"/"<... name resumed>", signals, exits, -e status=. Expected lines
// follow strace 6.1's output for the same situations.
#include "syscage/trace/printer.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"
#include "syscage/trace/fake/fake_backend.h"

namespace syscage::trace {
namespace {

Event Call(EventKind kind, pid_t tid, std::string_view name, std::array<uint64_t, 6> args,
           int64_t ret = 0) {
  Event e;
  e.kind = kind;
  e.tid = tid;
  e.pid = tid;
  e.nr = *syscalls::Resolve(arch::Arch::kX86_64, name);
  e.args = args;
  e.retval = ret;
  e.is_error = ret < 0 && ret > -4096;
  return e;
}

class PrinterTest : public ::testing::Test {
 protected:
  std::string Run(const std::vector<Event>& events, PrinterOptions opts = {}) {
    char* buf = nullptr;
    size_t len = 0;
    FILE* out = open_memstream(&buf, &len);
    {
      Printer p(out, mem_, filter_, opts);
      for (const auto& e : events) p.OnEvent(e);
      p.Finish();
    }
    fclose(out);
    std::string s(buf, len);
    free(buf);
    return s;
  }
  FakeMemory mem_;
  SyscallFilter filter_;
};

TEST_F(PrinterTest, AlignsReturnAtColumn40) {
  auto out = Run({Call(EventKind::kSyscallEntry, 10, "close", {3}),
                  Call(EventKind::kSyscallExit, 10, "close", {3}, 0)});
  EXPECT_EQ(out, "close(3)                                = 0\n");
}

TEST_F(PrinterTest, InterleavedThreadsUseUnfinishedAndResumed) {
  Event attached;
  attached.kind = EventKind::kAttached;
  attached.tid = attached.pid = 11;
  PrinterOptions opts;
  opts.attach_messages = false;
  auto out =
      Run({Call(EventKind::kSyscallEntry, 10, "getpid", {}), attached,
           Call(EventKind::kSyscallEntry, 10, "wait4", {static_cast<uint64_t>(-1), 0, 0, 0}),
           Call(EventKind::kSyscallEntry, 11, "exit_group", {0}),
           Event{.kind = EventKind::kExited, .tid = 11, .pid = 11},
           Call(EventKind::kSyscallExit, 10, "wait4", {static_cast<uint64_t>(-1), 0, 0, 0}, 11)},
          opts);
  EXPECT_EQ(out,
            "getpid( <unfinished ...>\n"
            "[pid    10] wait4(-1,  <unfinished ...>\n"
            "[pid    11] exit_group(0)               = ?\n"
            "[pid    11] +++ exited with 0 +++\n"
            "<... wait4 resumed>NULL, 0, NULL)       = 11\n");
}

TEST_F(PrinterTest, SignalAndKilledLines) {
  Event sig;
  sig.kind = EventKind::kSignal;
  sig.tid = sig.pid = 10;
  sig.signo = SIGCHLD;
  sig.siginfo.si_signo = SIGCHLD;
  sig.siginfo.si_code = CLD_EXITED;
  sig.siginfo.si_pid = 6726;
  sig.siginfo.si_uid = 0;
  sig.siginfo.si_status = 0;
  Event killed{.kind = EventKind::kKilled, .tid = 10, .pid = 10};
  killed.signo = SIGKILL;
  EXPECT_EQ(Run({sig, killed}),
            "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6726, si_uid=0, "
            "si_status=0, si_utime=0, si_stime=0} ---\n"
            "+++ killed by SIGKILL +++\n");
}

TEST_F(PrinterTest, StatusFailedShowsOnlyFailures) {
  PrinterOptions opts;
  opts.status = *StatusFilter::Parse("failed");
  auto out = Run({Call(EventKind::kSyscallEntry, 10, "close", {3}),
                  Call(EventKind::kSyscallExit, 10, "close", {3}, 0),
                  Call(EventKind::kSyscallEntry, 10, "close", {3}),
                  Call(EventKind::kSyscallExit, 10, "close", {3}, -9)},
                 opts);
  EXPECT_EQ(out, "close(3)                                = -1 EBADF (Bad file descriptor)\n");
}

TEST_F(PrinterTest, TraceFilterHidesOtherCalls) {
  filter_ = *SyscallFilter::Parse({"close"});
  auto out = Run({Call(EventKind::kSyscallEntry, 10, "getpid", {}),
                  Call(EventKind::kSyscallExit, 10, "getpid", {}, 10),
                  Call(EventKind::kSyscallEntry, 10, "close", {1}),
                  Call(EventKind::kSyscallExit, 10, "close", {1}, 0)});
  EXPECT_EQ(out, "close(1)                                = 0\n");
}

TEST_F(PrinterTest, OutputFileWithFollowPrefixesPid) {
  PrinterOptions opts;
  opts.to_file = true;
  opts.follow_forks = true;
  auto out = Run({Call(EventKind::kSyscallEntry, 4242, "close", {3}),
                  Call(EventKind::kSyscallExit, 4242, "close", {3}, 0)},
                 opts);
  EXPECT_EQ(out, "4242  close(3)                          = 0\n");
}

}  // namespace
}  // namespace syscage::trace
