// SPDX-License-Identifier: Apache-2.0
// The profile model: what a Docker/OCI seccomp JSON or a Security Profiles Operator object says,
// with the source location of every part so errors and lint findings point into the user's file.
// Readers (parse_oci_json.cc, parse_yaml.cc) fill it, writers (emit_*.cc) print it, and bpf/
// compiles it with the meaning runc gives it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "syscage/base/diagnostics.h"

namespace syscage::profile {

// SCMP_ACT_* actions. kKill keeps the user's spelling "SCMP_ACT_KILL", which runc (through
// libseccomp-golang's ActKill) installs as kill-thread.
enum class ActionKind : uint8_t {
  kKill,
  kKillThread,
  kKillProcess,
  kTrap,
  kErrno,
  kTrace,
  kLog,
  kAllow,
  kNotify,
};

// "SCMP_ACT_ERRNO" etc.
const char* ActionKindName(ActionKind kind);
std::optional<ActionKind> ActionKindFromName(std::string_view name);

// SCMP_CMP_* operators.
enum class CmpOp : uint8_t { kNe, kLt, kLe, kEq, kGe, kGt, kMaskedEq };
const char* CmpOpName(CmpOp op);
std::optional<CmpOp> CmpOpFromName(std::string_view name);

// One argument condition: args[index] <op> value (MASKED_EQ: (args[index] & value) == value_two).
struct ArgCondition {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t value_two = 0;
  CmpOp op = CmpOp::kEq;
  SourceLoc loc;

  bool operator==(const ArgCondition& o) const {
    return index == o.index && value == o.value && value_two == o.value_two && op == o.op;
  }
};

// Docker's includes/excludes: a rule applies only when the container has all `caps`, runs on one
// of `arches`, and the kernel is at least `min_kernel` (includes), or not (excludes).
struct RuleFilter {
  std::vector<std::string> caps;
  std::vector<std::string> arches;
  std::string min_kernel;

  bool empty() const { return caps.empty() && arches.empty() && min_kernel.empty(); }
  bool operator==(const RuleFilter&) const = default;
};

struct SyscallRule {
  std::vector<std::string> names;
  std::vector<SourceLoc> name_locs;  // parallel to names when read from a file
  ActionKind action = ActionKind::kAllow;
  std::optional<uint32_t> errno_ret;  // errnoRet: the errno (ERRNO) or message number (TRACE)
  // containers/common's (podman's) "errno": the errno's name ("EPERM"), informational only;
  // errnoRet is what is installed.
  std::string errno_name;
  std::vector<ArgCondition> args;
  std::string comment;
  RuleFilter includes;
  RuleFilter excludes;
  SourceLoc loc;
  SourceLoc action_loc;

  // Structural equality (locations ignored).
  bool operator==(const SyscallRule& o) const {
    return names == o.names && action == o.action && errno_ret == o.errno_ret &&
           errno_name == o.errno_name && args == o.args && comment == o.comment &&
           includes == o.includes && excludes == o.excludes;
  }
};

// True for the actions that carry errnoRet (ERRNO and TRACE).
bool ActionTakesErrno(ActionKind kind);

struct ArchMapEntry {
  std::string architecture;                    // "SCMP_ARCH_X86_64"
  std::vector<std::string> sub_architectures;  // ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]
  bool operator==(const ArchMapEntry&) const = default;
};

// What a Security Profiles Operator SeccompProfile object adds around the seccomp fields. Set when
// the profile was read from SPO YAML; EmitSpoYaml writes it back.
struct SpoObject {
  std::string api_version;     // "security-profiles-operator.x-k8s.io/v1" or ".../v1beta1"
  std::string name;            // metadata.name
  std::string namespace_name;  // metadata.namespace (v1beta1 objects are namespaced)
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string base_profile_name;  // spec.baseProfileName, empty when none
  std::string state;              // spec.state ("Enabled"/"Disabled"), empty when absent
  std::string status;             // status.status ("Installed", ...), kept for display only
  SourceLoc base_profile_loc;

  bool operator==(const SpoObject& o) const {
    return api_version == o.api_version && name == o.name && namespace_name == o.namespace_name &&
           labels == o.labels && annotations == o.annotations &&
           base_profile_name == o.base_profile_name && state == o.state && status == o.status;
  }
};

struct Profile {
  ActionKind default_action = ActionKind::kErrno;
  std::optional<uint32_t> default_errno_ret;  // defaultErrnoRet
  std::string default_errno_name;             // containers/common's "defaultErrno" ("ENOSYS")
  std::vector<std::string> architectures;     // "SCMP_ARCH_X86_64" ... as written
  std::vector<ArchMapEntry> arch_map;         // Docker's extended format
  std::vector<std::string> flags;             // "SECCOMP_FILTER_FLAG_TSYNC" ...
  std::string listener_path;
  std::string listener_metadata;
  std::vector<SyscallRule> syscalls;
  // Top-level fields this model does not know, kept verbatim (JSON text) so a round trip loses
  // nothing; readers also report them as warnings.
  std::map<std::string, std::string> unknown_fields;
  std::optional<SpoObject> spo;  // set when read from (or meant for) SPO YAML
  // The builtin "unconfined": no filter is installed at all (not even one allowing everything).
  bool unconfined = false;
  SourceLoc loc;  // the file it came from
  SourceLoc default_action_loc;

  // Structural equality (locations ignored).
  bool operator==(const Profile& o) const {
    return default_action == o.default_action && default_errno_ret == o.default_errno_ret &&
           default_errno_name == o.default_errno_name && architectures == o.architectures &&
           arch_map == o.arch_map && flags == o.flags && listener_path == o.listener_path &&
           listener_metadata == o.listener_metadata && syscalls == o.syscalls &&
           unknown_fields == o.unknown_fields && spo == o.spo && unconfined == o.unconfined;
  }
};

}  // namespace syscage::profile
