// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/diagnostics.h"

#include <gtest/gtest.h>

namespace syscage {
namespace {

TEST(DiagnosticsTest, FormatsLocationSeverityRuleAndHints) {
  Diagnostics diags;
  auto& d = diags.Add(Severity::kWarning, SourceLoc{"p.json", 3, 7, ""}, "unknown syscall 'opne'",
                      "unknown-syscall");
  d.hints.push_back("did you mean 'open'?");
  EXPECT_EQ(diags.ToString(),
            "p.json:3:7: warning: unknown syscall 'opne' [unknown-syscall]\n"
            "  hint: did you mean 'open'?");
  EXPECT_FALSE(diags.HasErrors());
  diags.Error(SourceLoc{"p.json", 1, 0, ""}, "bad");
  EXPECT_TRUE(diags.HasErrors());
  EXPECT_EQ(diags.Count(Severity::kWarning), 1u);
  EXPECT_EQ(diags.all().back().ToString(), "p.json:1: error: bad");
}

TEST(DiagnosticsTest, UnknownFileIsInput) { EXPECT_EQ(SourceLoc{}.ToString(), "<input>"); }

}  // namespace
}  // namespace syscage
