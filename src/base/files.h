// SPDX-License-Identifier: Apache-2.0
// Small file helpers shared by every part: read a whole file, write one atomically.
#pragma once

#include <string>

#include "syscage/base/result.h"

namespace syscage {

// Reads all of `path` ("-" is stdin). kNotFound / kPermission / kInvalidArgument with errno.
Result<std::string> ReadFile(const std::string& path);

// Writes `data` to `path` through a temporary file in the same directory and rename(2), so a
// reader never sees half a file. "-" writes to stdout; an existing device or FIFO (/dev/null) is
// written through, never replaced; a symlink's target is replaced, not the link.
Result<> WriteFileAtomic(const std::string& path, const std::string& data);

}  // namespace syscage
