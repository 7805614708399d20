// SPDX-License-Identifier: Apache-2.0
// The profile text embedded in the binary at build time (data/profiles/default.json, through
// cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace syscage::profile {

// The project's equivalent of Docker's default profile, as Docker JSON (with includes/excludes).
std::string_view BuiltinDefaultText();

}  // namespace syscage::profile
