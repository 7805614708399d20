// SPDX-License-Identifier: Apache-2.0
// Docker's extended profile format -> plain OCI, with moby's profiles/seccomp as the reference:
// `architectures` and `archMap` together are an error; archMap contributes the entry of the
// native arch and its sub-architectures; a rule is dropped when excludes.arches names the native
// arch, when the container has any of excludes.caps, when the kernel is at least
// excludes.minKernel, or when includes.arches does not name the native arch, the container lacks
// one of includes.caps, or the kernel is older than includes.minKernel. Arch names in
// includes/excludes are Go's ("amd64", "arm64"), compared with the native arch only.
#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "syscage/profile/decode.h"
#include "syscage/profile/load.h"

namespace syscage::profile {
namespace {

// moby's name for the native arch (goToNative[runtime.GOARCH]).
std::string DockerNativeName(arch::Arch a) {
  switch (a) {
    case arch::Arch::kX86_64:
      return "amd64";
    case arch::Arch::kX86:
      return "x86";
    case arch::Arch::kX32:
      return "x32";
    case arch::Arch::kAarch64:
      return "arm64";
    case arch::Arch::kArm:
      return "arm";
    case arch::Arch::kMips:
      return "mips";
    case arch::Arch::kMipsel:
      return "mipsle";
    case arch::Arch::kMips64:
      return "mips64";
    case arch::Arch::kMips64n32:
      return "mips64n32";
    case arch::Arch::kMipsel64:
      return "mipsel64";
    case arch::Arch::kMipsel64n32:
      return "mips3l64n32";
    case arch::Arch::kLoongarch64:
      return "loong64";
    default:
      return std::string(arch::Info(a).name);
  }
}

std::string NormalizeCap(std::string_view cap) {
  std::string out;
  for (char c : cap) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out.rfind("CAP_", 0) != 0) out = "CAP_" + out;
  return out;
}

bool HasCap(const std::vector<std::string>& caps, std::string_view cap) {
  const std::string want = NormalizeCap(cap);
  return std::any_of(caps.begin(), caps.end(), [&](const std::string& c) { return c == want; });
}

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

struct KernelVersion {
  int major = 0, minor = 0, patch = 0;
  bool AtLeast(const KernelVersion& o) const {
    if (major != o.major) return major > o.major;
    if (minor != o.minor) return minor > o.minor;
    return patch >= o.patch;
  }
};

}  // namespace

const std::vector<std::string>& DockerDefaultCaps() {
  // moby oci/caps/defaults.go DefaultCapabilities().
  static const std::vector<std::string> kCaps = {
      "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
      "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
      "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
      "CAP_KILL",    "CAP_AUDIT_WRITE"};
  return kCaps;
}

Result<Profile> ResolveConditions(const Profile& profile, const LoadOptions& opts,
                                  Diagnostics& diags) {
  if (!profile.architectures.empty() && !profile.arch_map.empty()) {
    diags.Error(profile.loc,
                "'architectures' and 'archMap' are both given; Docker accepts only one of them");
    return Fail(ErrorCode::kInvalidArgument, "architectures and archMap together");
  }
  const arch::Arch native = opts.arch.value_or(arch::NativeArch());
  const std::string native_name = DockerNativeName(native);

  std::vector<std::string> caps;
  for (const auto& c : opts.caps_set ? opts.caps : DockerDefaultCaps()) {
    caps.push_back(NormalizeCap(c));
  }

  KernelVersion kernel;
  std::string release = opts.kernel_version;
  if (release.empty()) {
    struct utsname u {};
    if (uname(&u) == 0) release = u.release;
  }
  if (!ParseKernelVersion(release, kernel.major, kernel.minor, kernel.patch)) {
    diags.Error(SourceLoc{}, "cannot parse kernel version \"" + release + "\"");
    return Fail(ErrorCode::kInvalidArgument, "bad kernel version " + release);
  }
  auto kernel_at_least = [&](const std::string& v) {
    KernelVersion want;
    ParseKernelVersion(v, want.major, want.minor, want.patch);  // checked by the decoder
    return kernel.AtLeast(want);
  };

  Profile out = profile;
  out.arch_map.clear();
  out.syscalls.clear();
  if (!profile.arch_map.empty()) {
    const std::string_view scmp = arch::Info(native).scmp_name;
    for (const auto& e : profile.arch_map) {
      if (e.architecture != scmp) continue;
      out.architectures.push_back(e.architecture);
      for (const auto& s : e.sub_architectures) out.architectures.push_back(s);
      break;
    }
  }
  for (const auto& rule : profile.syscalls) {
    const RuleFilter& ex = rule.excludes;
    const RuleFilter& in = rule.includes;
    if (Contains(ex.arches, native_name)) continue;
    if (std::any_of(ex.caps.begin(), ex.caps.end(),
                    [&](const std::string& c) { return HasCap(caps, c); })) {
      continue;
    }
    if (!ex.min_kernel.empty() && kernel_at_least(ex.min_kernel)) continue;
    if (!in.arches.empty() && !Contains(in.arches, native_name)) continue;
    if (!std::all_of(in.caps.begin(), in.caps.end(),
                     [&](const std::string& c) { return HasCap(caps, c); })) {
      continue;
    }
    if (!in.min_kernel.empty() && !kernel_at_least(in.min_kernel)) continue;
    SyscallRule r = rule;
    r.includes = {};
    r.excludes = {};
    out.syscalls.push_back(std::move(r));
  }
  return out;
}

}  // namespace syscage::profile
