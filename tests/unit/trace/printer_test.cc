// SPDX-License-Identifier: Apache-2.0
// The printer's layout on scripted events: column-40 alignment, "[pid N]" once a second thread
// exists, "<unfinished ...>"/"<... name resumed>", signals, exits, -e status=. Expected lines
// follow strace 6.1's output for the same situations.
#include "syscage/trace/printer.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

// strace 6.1 on `sleep 1` stopped with SIGSTOP and continued:
//   clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, ...) = ? ERESTART_RESTARTBLOCK ...
//   restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0
TEST_F(PrinterTest, RestartSyscallNamesTheInterruptedCall) {
  filter_ = *SyscallFilter::Parse({"restart_syscall"});
  auto out = Run({Call(EventKind::kSyscallEntry, 10, "clock_nanosleep", {0, 0, 0, 0}),
                  Call(EventKind::kSyscallExit, 10, "clock_nanosleep", {0, 0, 0, 0}, -516),
                  Call(EventKind::kSyscallEntry, 10, "restart_syscall", {}),
                  Call(EventKind::kSyscallExit, 10, "restart_syscall", {}, 0)});
  EXPECT_EQ(out, "restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0\n");
}

TEST_F(PrinterTest, SignalFilterHidesOtherSignals) {
  PrinterOptions opts;
  opts.signals = *SignalFilter::Parse("!SIGCHLD");
  Event chld{.kind = EventKind::kSignal, .tid = 10, .pid = 10};
  chld.signo = chld.siginfo.si_signo = SIGCHLD;
  chld.siginfo.si_code = CLD_EXITED;
  Event usr1{.kind = EventKind::kSignal, .tid = 10, .pid = 10};
  usr1.signo = usr1.siginfo.si_signo = SIGUSR1;
  usr1.siginfo.si_code = SI_USER;
  usr1.siginfo.si_pid = 7;
  const std::string out = Run({chld, usr1}, opts);
  EXPECT_EQ(out.find("SIGCHLD"), std::string::npos) << out;
  EXPECT_EQ(out, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7, si_uid=0} ---\n");
}

// -ff: strace writes each thread's lines to FILE.TID, without a pid column and without
// <unfinished ...> when the threads interleave (each file holds one thread).
TEST_F(PrinterTest, PerThreadFilesSplitTheOutput) {
  char dir[] = "/tmp/syscage-printer-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  PrinterOptions opts;
  opts.to_file = true;
  opts.follow_forks = true;
  opts.attach_messages = false;
  opts.per_thread_path = std::string(dir) + "/out";
  Event attached{.kind = EventKind::kAttached, .tid = 11, .pid = 11};
  const std::string rest =
      Run({Call(EventKind::kSyscallEntry, 10, "wait4", {static_cast<uint64_t>(-1), 0, 0, 0}),
           attached, Call(EventKind::kSyscallEntry, 11, "close", {3}),
           Call(EventKind::kSyscallExit, 11, "close", {3}, 0),
           Event{.kind = EventKind::kExited, .tid = 11, .pid = 11},
           Call(EventKind::kSyscallExit, 10, "wait4", {static_cast<uint64_t>(-1), 0, 0, 0}, 11),
           Event{.kind = EventKind::kExited, .tid = 10, .pid = 10}},
          opts);
  EXPECT_EQ(rest, "");
  auto slurp = [&](const char* name) {
    std::string text;
    if (FILE* f = fopen((std::string(dir) + "/" + name).c_str(), "re")) {
      char buf[512];
      size_t n;
      while ((n = fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
      fclose(f);
    }
    return text;
  };
  EXPECT_EQ(slurp("out.10"),
            "wait4(-1, NULL, 0, NULL)                = 11\n"
            "+++ exited with 0 +++\n");
  EXPECT_EQ(slurp("out.11"),
            "close(3)                                = 0\n"
            "+++ exited with 0 +++\n");
  std::remove((std::string(dir) + "/out.10").c_str());
  std::remove((std::string(dir) + "/out.11").c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace syscage::trace
