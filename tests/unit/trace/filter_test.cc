// SPDX-License-Identifier: Apache-2.0
// -e trace= and -e status= parsing with strace's semantics (strace(1) "-e trace=").
#include "syscage/trace/filter.h"

#include <gtest/gtest.h>

#include "syscage/syscalls/table.h"

namespace syscage::trace {
namespace {

TEST(SyscallFilterTest, NamesAndUnion) {
  auto f = SyscallFilter::Parse({"open,read", "write"});
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_FALSE(f->IsAll());
  EXPECT_TRUE(f->Matches("open"));
  EXPECT_TRUE(f->Matches("write"));
  EXPECT_FALSE(f->Matches("close"));
}

TEST(SyscallFilterTest, NegationSelectsTheRest) {
  auto f = SyscallFilter::Parse({"!close"});
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->Matches("close"));
  EXPECT_TRUE(f->Matches("openat"));
}

TEST(SyscallFilterTest, ClassExpands) {
  // strace's %file: calls taking a file name. openat does, read does not.
  auto f = SyscallFilter::Parse({"%file"});
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_TRUE(f->Matches("openat"));
  EXPECT_TRUE(f->Matches("execve"));
  EXPECT_FALSE(f->Matches("read"));
}

TEST(SyscallFilterTest, RegexMatchesNames) {
  auto f = SyscallFilter::Parse({"/^(open|close)$"});
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->Matches("open"));
  EXPECT_TRUE(f->Matches("close"));
  EXPECT_FALSE(f->Matches("openat"));
}

TEST(SyscallFilterTest, UnknownNameSuggests) {
  auto f = SyscallFilter::Parse({"opne"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(f.error().message.find("invalid system call 'opne'"), std::string::npos);
  EXPECT_NE(f.error().message.find("open"), std::string::npos);
  EXPECT_TRUE(SyscallFilter::Parse({"?opne,read"}));
}

TEST(SyscallFilterTest, NumbersForNativeArch) {
  auto f = SyscallFilter::Parse({"read,write"});
  ASSERT_TRUE(f);
  // x86_64: read is 0, write is 1 (arch/x86/entry/syscalls/syscall_64.tbl).
  EXPECT_EQ(f->NumbersFor(arch::Arch::kX86_64), (std::vector<uint32_t>{0, 1}));
}

TEST(StatusFilterTest, Parse) {
  auto s = StatusFilter::Parse("failed");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->failed);
  EXPECT_FALSE(s->successful);
  auto n = StatusFilter::Parse("!failed");
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->failed);
  EXPECT_TRUE(n->successful);
  EXPECT_FALSE(StatusFilter::Parse("sucessful"));
}

// strace's -e signal=: names with or without SIG, numbers, negation, all/none (signal numbers
// from signal(7) for x86).
TEST(SignalFilterTest, Parse) {
  auto s = SignalFilter::Parse("SIGCHLD,usr1,9");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->Shows(17));
  EXPECT_TRUE(s->Shows(10));
  EXPECT_TRUE(s->Shows(9));
  EXPECT_FALSE(s->Shows(15));
  auto n = SignalFilter::Parse("!SIGCHLD");
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->Shows(17));
  EXPECT_TRUE(n->Shows(2));
  EXPECT_FALSE(SignalFilter::Parse("none")->Shows(2));
  EXPECT_TRUE(SignalFilter::Parse("all")->Shows(64));
  EXPECT_FALSE(SignalFilter::Parse("SIGBOGUS"));
  EXPECT_FALSE(SignalFilter::Parse("65"));
}

}  // namespace
}  // namespace syscage::trace
