// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/suggest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace syscage {
namespace {

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("open", "open"), 0u);
  EXPECT_EQ(EditDistance("opne", "open"), 2u);
  EXPECT_EQ(EditDistance("mkdir", "mkdirat"), 2u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, ClosestFirstAndFarOnesDropped) {
  std::vector<std::string> names = {"openat", "open", "close", "reboot"};
  EXPECT_THAT(ClosestMatches("opena", names), ::testing::ElementsAre("openat", "open"));
  EXPECT_EQ(SuggestionSuffix("rebot", names), "; did you mean 'reboot'?");
  EXPECT_EQ(SuggestionSuffix("zzzzzzzz", names), "");
}

}  // namespace
}  // namespace syscage
