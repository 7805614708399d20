// SPDX-License-Identifier: Apache-2.0
// Building profiles in code (programs that confine themselves, `syscage new`, recorders) and
// combining them (`syscage merge`).
//
//   auto profile = ProfileBuilder::Allowlist()
//                      .Allow({"read", "write", "exit_group", "%file"})
//                      .DenyErrno("mkdir", EPERM)
//                      .KillProcess({"ptrace"})
//                      .Build();  // Result<Profile>: the first error, if any
//
// The builder keeps a sticky error (sandbox2's PolicyBuilder): after the first bad call (an
// unknown syscall or group, an argument index above 5) later calls do nothing and Build()
// returns that error.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/result.h"
#include "syscage/profile/model.h"

namespace syscage::profile {

class ProfileBuilder {
 public:
  // Default ERRNO(ENOSYS): anything not allowed fails the way a missing syscall does, so libc
  // fallbacks keep working. Architectures: the native one plus those it also runs.
  static ProfileBuilder Allowlist();
  // Default ALLOW: only what is denied is blocked (new syscalls pass; see lint).
  static ProfileBuilder Denylist();

  // Names may be syscalls, strace classes ("%file") or sets ("@system-service").
  ProfileBuilder& Allow(const std::vector<std::string>& names);
  ProfileBuilder& Allow(std::initializer_list<std::string_view> names);
  // Allows `name` only when all `conditions` hold.
  ProfileBuilder& AllowIf(std::string_view name, std::vector<ArgCondition> conditions);
  ProfileBuilder& DenyErrno(const std::vector<std::string>& names, uint32_t errno_value);
  ProfileBuilder& DenyErrno(std::string_view name, uint32_t errno_value);
  ProfileBuilder& KillProcess(const std::vector<std::string>& names);
  ProfileBuilder& Log(const std::vector<std::string>& names);
  ProfileBuilder& Trap(const std::vector<std::string>& names);
  // Any action, for the less common ones (TRACE, NOTIFY...).
  ProfileBuilder& Add(const std::vector<std::string>& names, ActionKind action,
                      std::optional<uint32_t> errno_ret = std::nullopt);

  ProfileBuilder& DefaultAction(ActionKind action, std::optional<uint32_t> errno_ret = {});
  // Replaces the architecture list (the first call) or adds to it.
  ProfileBuilder& Arch(arch::Arch a);
  ProfileBuilder& Flag(std::string_view flag);

  // The profile, or the first error: kNotFound for an unknown syscall or group (with a close
  // match), kInvalidArgument for a bad argument index or flag.
  Result<Profile> Build() const;

 private:
  explicit ProfileBuilder(ActionKind default_action, std::optional<uint32_t> errno_ret);
  // Expands groups and checks names; sets the sticky error and returns false on failure.
  bool Expand(const std::vector<std::string>& in, std::vector<std::string>& out);

  Profile profile_;
  bool arches_set_ = false;
  std::optional<Error> error_;
};

// `syscage new`: the two shapes of profile people write by hand.
struct NewProfileOptions {
  std::vector<std::string> allow;  // names, %classes, @sets
  std::vector<std::string> deny;
  // "errno", "kill" (KILL_PROCESS), "log" or "allow". Empty: "errno" when allow is given or
  // deny is empty, else "allow" (a denylist).
  std::string default_action;
  std::optional<uint32_t> default_errno;  // default 38 (ENOSYS)
  uint32_t deny_errno = 1;                // EPERM, what `mkdir` shows in Docker's examples
  std::vector<std::string> arches;        // empty: native + its compat arches
};

// kInvalidArgument for a bad --default or arch, kNotFound for unknown names.
Result<Profile> NewProfile(const NewProfileOptions& opts);

// The union of allowlists: a syscall (with its conditions) any input allows is allowed; denying
// rules of the inputs are kept only for syscalls no input allows. Default action, errno and flags
// come from the first input; architectures are the union. kInvalidArgument if an input's default
// action allows (a denylist has no allowlist to unite) or `inputs` is empty.
Result<Profile> MergeAllowlists(const std::vector<Profile>& inputs);

}  // namespace syscage::profile
