// SPDX-License-Identifier: Apache-2.0
// Node tree -> Profile, for both JSON and YAML input: strict types, known names for actions,
// operators, architectures and flags, argument index 0..5, integers exact. Used by load.cc.
#pragma once

#include <string_view>
#include <vector>

#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"
#include "syscage/profile/model.h"
#include "syscage/profile/tree.h"

namespace syscage::profile {

// The profiles in one parsed document: a Docker/OCI seccomp object, an OCI runtime config
// (linux.seccomp), a SeccompProfile object (v1 or v1beta1) or a List of them. Errors are
// diagnostics at the node; kInvalidArgument when any was added.
Result<std::vector<Profile>> DecodeDocument(const Node& root, std::string_view file_name,
                                            Diagnostics& diags);

// Moby's names for architectures in includes/excludes "arches" ("amd64", "x86", "arm64", ...).
bool IsDockerArchName(std::string_view name);
const std::vector<std::string>& DockerArchNames();

// Parses "6.18", "5.15.0-91-generic", "4.8" into (major, minor, patch) like moby's
// kernel.ParseRelease; false when it does not start with "major.minor".
bool ParseKernelVersion(std::string_view text, int& major, int& minor, int& patch);

// The seccomp filter flags runc and crun accept.
bool IsKnownSeccompFlag(std::string_view flag);

}  // namespace syscage::profile
