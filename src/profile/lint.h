// SPDX-License-Identifier: Apache-2.0
// `syscage lint`: checks of a profile against what runc actually installs (effective.h) and
// against known seccomp pitfalls. Every finding is a Diagnostic with a rule id, a severity and
// the file:line:col plus JSON pointer of the rule, name or field it is about.
#pragma once

#include <string_view>
#include <vector>

#include "syscage/base/diagnostics.h"
#include "syscage/profile/effective.h"
#include "syscage/profile/model.h"

namespace syscage::profile {

struct LintRuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;
};

// Every lint rule, in the order they run (for `lint --list-rules` and the docs).
const std::vector<LintRuleInfo>& LintRules();

// Adds a finding per problem to `findings`. `profile` is the resolved profile (plain OCI, see
// ResolveConditions) with its source locations; `raw` is the same profile as written (before
// includes/excludes were resolved) or nullptr, for checks of the file's own structure. Never
// fails.
void LintProfile(const Profile& profile, const Profile* raw, const EffectiveOptions& opts,
                 Diagnostics& findings);

}  // namespace syscage::profile
