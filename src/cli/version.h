// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace syscage::cli {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace syscage::cli
