// SPDX-License-Identifier: Apache-2.0
// "did you mean" suggestions for unknown commands, syscalls and architectures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace syscage {

// Levenshtein distance between a and b.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidates closest to `name` (distance at most max(2, len/3)), best first, at most `limit`.
std::vector<std::string> ClosestMatches(std::string_view name,
                                        const std::vector<std::string>& candidates,
                                        size_t limit = 3);

// "; did you mean 'x'?" or "" when nothing is close.
std::string SuggestionSuffix(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace syscage
