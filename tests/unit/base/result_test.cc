// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/result.h"

#include <gtest/gtest.h>

namespace syscage {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Fail(ErrorCode::kInvalidArgument, "odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Result<> CheckEven(int x) {
  RETURN_IF_ERROR(Half(x));
  return Ok{};
}

TEST(ResultTest, AssignOrReturnPropagatesValueAndError) {
  ASSERT_TRUE(Quarter(8).has_value());
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);  // 6/2 = 3 is odd
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "odd");
}

TEST(ResultTest, ReturnIfError) {
  EXPECT_TRUE(CheckEven(4).has_value());
  EXPECT_FALSE(CheckEven(5).has_value());
}

TEST(ResultTest, ErrorToStringAppendsErrno) {
  Error e{ErrorCode::kNotFound, "cannot open x", ENOENT};
  EXPECT_EQ(e.ToString(), "cannot open x: No such file or directory");
  Error plain{ErrorCode::kInternal, "bug", 0};
  EXPECT_EQ(plain.ToString(), "bug");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kUnsupportedArch), "unsupported architecture");
}

}  // namespace
}  // namespace syscage
