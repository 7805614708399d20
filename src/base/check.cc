// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace syscage::internal {

void CheckFailed(const char* file, int line, const char* expr) {
  std::fprintf(stderr, "syscage: internal error: CHECK(%s) failed at %s:%d\n", expr, file, line);
  std::abort();
}

}  // namespace syscage::internal
