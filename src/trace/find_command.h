// SPDX-License-Identifier: Apache-2.0
// execvp's PATH search, done by the tracer before anything runs so a missing command is reported
// the way strace reports it ("Can't stat 'NAME'"). Shared by every backend that launches.
#pragma once

#include <string>

#include "syscage/base/result.h"

namespace syscage::trace {

// `name` itself when it contains a '/', else the first executable regular file NAME in $PATH
// (/usr/local/bin:/usr/bin:/bin without one). kNotFound "Can't stat 'NAME'" otherwise.
Result<std::string> FindCommand(const std::string& name);

}  // namespace syscage::trace
