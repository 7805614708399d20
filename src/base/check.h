// SPDX-License-Identifier: Apache-2.0
// CHECK(cond): bugs abort, they are never returned as errors (sandbox2 CHECK, bpftrace BUG).
#pragma once

namespace syscage::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* expr);
}  // namespace syscage::internal

#define CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::syscage::internal::CheckFailed(__FILE__, __LINE__, #cond))
