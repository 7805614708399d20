// SPDX-License-Identifier: Apache-2.0
// Reading and writing profiles: Docker/OCI seccomp JSON and Security Profiles Operator (SPO)
// SeccompProfile YAML in, a Profile (with a file:line:col and JSON-pointer path on every part)
// out, and back. LoadProfile is what every command uses; it also knows the builtin profiles
// "default" (Docker's default, embedded at build time) and "unconfined" (no filter).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"
#include "syscage/profile/model.h"

namespace syscage::profile {

// Docker's capability set of a root container (moby oci/caps/defaults.go), without "CAP_".
const std::vector<std::string>& DockerDefaultCaps();

// The conditions a Docker profile's includes/excludes are resolved for.
struct LoadOptions {
  // Capabilities of the container, "CAP_SYS_ADMIN" or "SYS_ADMIN" (case-insensitive). When
  // !caps_set, DockerDefaultCaps() is used.
  std::vector<std::string> caps;
  bool caps_set = false;
  // The architecture the container runs on (the "native" arch of the profile); host when unset.
  std::optional<arch::Arch> arch;
  // "6.18", "5.15.0-91-generic"; the host's uname release when empty.
  std::string kernel_version;
  // Resolve includes/excludes/archMap (true), or keep them as written (false).
  bool resolve = true;
};

// The builtin profile names LoadProfile accepts instead of a path.
inline constexpr std::string_view kBuiltinDefault = "default";
inline constexpr std::string_view kBuiltinUnconfined = "unconfined";

// True when `profile` is the "unconfined" marker: no filter at all (default SCMP_ACT_ALLOW, no
// rules, Profile::unconfined set).
bool IsUnconfined(const Profile& profile);

// Reads a profile file (OCI/Docker JSON or SPO YAML, auto-detected; "-" is stdin), or the builtin
// "default" / "unconfined". A YAML file with several SeccompProfile objects needs "FILE#NAME" to
// pick one. Resolves Docker's includes/excludes and archMap for `opts` (unless !opts.resolve), so
// the result is plain OCI: architectures filled, no includes/excludes, SPO baseProfileName merged.
// Parse errors go to `diags` with file:line:col; the result is then kInvalidArgument. A missing
// file is kNotFound.
Result<Profile> LoadProfile(const std::string& path_or_builtin, const LoadOptions& opts,
                            Diagnostics& diags);

// Parses profile text (JSON or YAML, detected from the first non-blank character) with no
// resolution: includes/excludes/archMap/baseProfileName stay as written. Several YAML objects:
// the first one (use ParseProfiles for all). kInvalidArgument after adding diagnostics on errors.
Result<Profile> ParseProfileText(std::string_view text, std::string_view file_name,
                                 Diagnostics& diags);

// Every profile in the text: one for JSON, one per SeccompProfile object for (multi-document) YAML.
Result<std::vector<Profile>> ParseProfiles(std::string_view text, std::string_view file_name,
                                           Diagnostics& diags);

// Applies Docker's includes/excludes (caps, arches, minKernel) and archMap for `opts`, the way
// moby's profiles/seccomp does: the result's architectures are the native arch's archMap entry
// plus its sub-architectures, and only the rules that apply remain (without includes/excludes).
// A profile without archMap keeps its architectures. kInvalidArgument for an unparsable kernel
// version (with a diagnostic).
Result<Profile> ResolveConditions(const Profile& profile, const LoadOptions& opts,
                                  Diagnostics& diags);

// Docker/OCI JSON: every field of the model, numbers as JSON numbers (uint64 exact), unknown
// top-level fields re-emitted verbatim, 4-space indentation like Docker's files. Never fails.
std::string EmitOciJson(const Profile& profile);

// A SeccompProfile object (one YAML document): security-profiles-operator.x-k8s.io/v1 (cluster
// scoped, no namespace), or the version in profile.spo->api_version when set (v1beta1 keeps its
// namespace). `name` is metadata.name; empty uses the profile's own SPO name, or "profile".
// Never fails.
std::string EmitSpoYaml(const Profile& profile, std::string_view name = "");

// LoadOptions from command-line style flags: `arch_name` ("" = host), `caps` (entries may be
// comma lists; "CAP_" optional; used only when `caps_given`), `kernel` ("" = host uname).
// kUnsupportedArch (with a close match) for an unknown arch.
Result<LoadOptions> MakeLoadOptions(std::string_view arch_name,
                                    const std::vector<std::string>& caps, bool caps_given,
                                    std::string_view kernel);

// The canonical form used by `syscage fmt`: rules grouped by action (and errnoRet, args,
// includes/excludes), names sorted and unique inside a rule, groups in a stable order. Keeps
// meaning: it never merges rules whose order matters under runc's semantics (see effective.h).
Profile Canonicalize(const Profile& profile);

}  // namespace syscage::profile
