// SPDX-License-Identifier: Apache-2.0
// The -c table in strace's layout (header and dashes copied from strace 6.1's output), with
// counts and percentages computed by hand for the scripted events.
#include "syscage/trace/summary.h"

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"

namespace syscage::trace {
namespace {

void Call(Summary& s, std::string_view name, int64_t ret, long usecs) {
  Event e;
  e.kind = EventKind::kSyscallEntry;
  e.tid = e.pid = 5;
  e.nr = *syscalls::Resolve(arch::Arch::kX86_64, name);
  e.mono = timespec{100, 0};
  s.OnEvent(e);
  e.kind = EventKind::kSyscallExit;
  e.retval = ret;
  e.is_error = ret < 0;
  e.mono = timespec{100, usecs * 1000};
  s.OnEvent(e);
}

TEST(SummaryTest, StraceColumnsSortedByTime) {
  SyscallFilter all;
  Summary s(all, SortBy::kTime, false);
  for (int i = 0; i < 8; ++i) Call(s, "mmap", 0x1000, 10);  // 80 us
  Call(s, "access", -2, 20);                                // 20 us, 1 error
  Call(s, "close", 0, 0);
  Call(s, "close", 0, 0);
  // total 100 us: mmap 80.00 %, access 20.00 %, close 0.00 %
  EXPECT_EQ(s.RenderText(),
            "% time     seconds  usecs/call     calls    errors syscall\n"
            "------ ----------- ----------- --------- --------- ----------------\n"
            " 80.00    0.000080          10         8           mmap\n"
            " 20.00    0.000020          20         1         1 access\n"
            "  0.00    0.000000           0         2           close\n"
            "------ ----------- ----------- --------- --------- ----------------\n"
            "100.00    0.000100           9        11         1 total\n");
}

TEST(SummaryTest, SortByCallsAndFilter) {
  SyscallFilter only = *SyscallFilter::Parse({"close,mmap"});
  Summary s(only, SortBy::kCalls, false);
  Call(s, "mmap", 0, 50);
  Call(s, "close", 0, 1);
  Call(s, "close", 0, 1);
  Call(s, "getpid", 5, 1);  // not selected
  const std::string text = s.RenderText();
  EXPECT_LT(text.find(" close\n"), text.find(" mmap\n"));
  EXPECT_EQ(text.find("getpid"), std::string::npos);
  EXPECT_NE(text.find("        3           total\n"), std::string::npos);
}

TEST(SummaryTest, JsonCarriesBackendAndCounts) {
  SyscallFilter all;
  Summary s(all, SortBy::kTime, false);
  Call(s, "openat", -2, 5);
  const std::string json = s.RenderJson("ptrace");
  EXPECT_NE(json.find("\"backend\": \"ptrace\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"openat\", \"calls\": 1, \"errors\": 1"), std::string::npos);
}

TEST(SummaryTest, SortByParsing) {
  EXPECT_EQ(*ParseSortBy("calls"), SortBy::kCalls);
  EXPECT_EQ(*ParseSortBy("name"), SortBy::kName);
  EXPECT_FALSE(ParseSortBy("bogus"));
}

}  // namespace
}  // namespace syscage::trace
