// SPDX-License-Identifier: Apache-2.0
// Decoding stage of the profile readers: a located Node tree (from JSON or YAML) becomes a
// Profile. Every type and name is checked here, once, for both formats: an unknown action,
// operator, architecture or flag, an argument index above 5, a negative or fractional number, a
// string where a list belongs, are errors at the node's file:line:col. Unknown top-level fields
// are kept (Profile::unknown_fields) with a warning; unknown fields inside rules are errors,
// because Docker would silently ignore a misspelt "args" and allow more than intended.
#include "syscage/profile/decode.h"

#include <array>
#include <charconv>
#include <string>

#include "syscage/arch/arch.h"
#include "syscage/base/suggest.h"

namespace syscage::profile {
namespace {

constexpr std::string_view kSpoGroup = "security-profiles-operator.x-k8s.io/";

constexpr std::array<std::string_view, 4> kFlags = {
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};

std::vector<std::string> ActionNames() {
  std::vector<std::string> out;
  for (auto k : {ActionKind::kKill, ActionKind::kKillThread, ActionKind::kKillProcess,
                 ActionKind::kTrap, ActionKind::kErrno, ActionKind::kTrace, ActionKind::kLog,
                 ActionKind::kAllow, ActionKind::kNotify}) {
    out.emplace_back(ActionKindName(k));
  }
  return out;
}

std::vector<std::string> OpNames() {
  std::vector<std::string> out;
  for (auto o :
       {CmpOp::kNe, CmpOp::kLt, CmpOp::kLe, CmpOp::kEq, CmpOp::kGe, CmpOp::kGt, CmpOp::kMaskedEq}) {
    out.emplace_back(CmpOpName(o));
  }
  return out;
}

std::vector<std::string> ScmpArchNames() {
  std::vector<std::string> out;
  for (const auto& info : arch::AllArchs()) out.emplace_back(info.scmp_name);
  out.emplace_back("SCMP_ARCH_NATIVE");
  return out;
}

class Decoder {
 public:
  explicit Decoder(Diagnostics& diags) : diags_(diags) {}
  bool ok() const { return ok_; }

  void Err(const Node& n, const std::string& message) {
    diags_.Error(n.loc, message);
    ok_ = false;
  }

  bool Expect(const Node& n, Node::Kind kind, std::string_view what) {
    if (n.kind == kind) return true;
    Err(n, std::string(what) + " must be " + (kind == Node::Kind::kArray ? "an " : "a ") +
               NodeKindName(kind) + ", not " + NodeKindName(n.kind));
    return false;
  }

  bool String(const Node& n, std::string_view what, std::string& out) {
    if (!Expect(n, Node::Kind::kString, what)) return false;
    out = n.text;
    return true;
  }

  // A non-negative integer not above `max`, exact (no rounding through double).
  bool Unsigned(const Node& n, std::string_view what, uint64_t max, uint64_t& out) {
    if (!Expect(n, Node::Kind::kNumber, what)) return false;
    const std::string& t = n.text;
    if (!t.empty() && t[0] == '-') {
      Err(n, std::string(what) + " must not be negative (got " + t + ")");
      return false;
    }
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && out > max)) {
      Err(n,
          std::string(what) + " " + t + " is out of range (maximum " + std::to_string(max) + ")");
      return false;
    }
    if (ec != std::errc() || ptr != t.data() + t.size()) {
      Err(n, std::string(what) + " must be an integer (got " + t + ")");
      return false;
    }
    return true;
  }

  // A list of strings; null is an empty list (as Go's encoding/json reads it).
  bool StringList(const Node& n, std::string_view what, std::vector<std::string>& out,
                  std::vector<SourceLoc>* locs = nullptr) {
    if (n.kind == Node::Kind::kNull) return true;
    if (!Expect(n, Node::Kind::kArray, what)) return false;
    bool good = true;
    for (const Node& item : n.items) {
      std::string s;
      if (!String(item, std::string(what) + " entries", s)) {
        good = false;
        continue;
      }
      out.push_back(std::move(s));
      if (locs) locs->push_back(item.loc);
    }
    return good;
  }

  void UnknownKey(const Node& parent, const std::string& key, const Node& value,
                  const std::vector<std::string>& known, std::string_view where) {
    Err(value,
        "unknown field \"" + key + "\" in " + std::string(where) + SuggestionSuffix(key, known));
    (void)parent;
  }

  bool Action(const Node& n, ActionKind& out) {
    std::string s;
    if (!String(n, "action", s)) return false;
    auto a = ActionKindFromName(s);
    if (!a) {
      Err(n, "unknown action \"" + s + "\"" + SuggestionSuffix(s, ActionNames()));
      return false;
    }
    out = *a;
    return true;
  }

  void Filter(const Node& n, std::string_view what, RuleFilter& out) {
    if (n.kind == Node::Kind::kNull) return;
    if (!Expect(n, Node::Kind::kObject, what)) return;
    static const std::vector<std::string> kKnown = {"caps", "arches", "minKernel"};
    for (const auto& [key, value] : n.members) {
      if (key == "caps") {
        StringList(value, "caps", out.caps);
      } else if (key == "arches") {
        if (StringList(value, "arches", out.arches)) {
          for (size_t i = 0; i < out.arches.size(); ++i) {
            if (!IsDockerArchName(out.arches[i])) {
              Err(value.items[i], "unknown architecture \"" + out.arches[i] + "\" in " +
                                      std::string(what) +
                                      " (Docker's names: amd64, x86, arm64...)" +
                                      SuggestionSuffix(out.arches[i], DockerArchNames()));
            }
          }
        }
      } else if (key == "minKernel") {
        if (value.kind == Node::Kind::kNull) continue;
        if (String(value, "minKernel", out.min_kernel)) {
          int a, b, c;
          if (!ParseKernelVersion(out.min_kernel, a, b, c)) {
            Err(value, "minKernel \"" + out.min_kernel + "\" is not a kernel version like \"4.8\"");
          }
        }
      } else {
        UnknownKey(n, key, value, kKnown, what);
      }
    }
  }

  void Arg(const Node& n, ArgCondition& out) {
    out.loc = n.loc;
    if (!Expect(n, Node::Kind::kObject, "an argument condition")) return;
    static const std::vector<std::string> kKnown = {"index", "value", "valueTwo", "op"};
    bool have_index = false, have_op = false;
    for (const auto& [key, value] : n.members) {
      uint64_t v = 0;
      if (key == "index") {
        have_index = true;
        if (Unsigned(value, "index", UINT32_MAX, v)) {
          if (v > 5) {
            Err(value, "argument index " + std::to_string(v) +
                           " is out of range: system calls have arguments 0 to 5");
          }
          out.index = static_cast<uint32_t>(v);
        }
      } else if (key == "value") {
        if (Unsigned(value, "value", UINT64_MAX, v)) out.value = v;
      } else if (key == "valueTwo") {
        if (Unsigned(value, "valueTwo", UINT64_MAX, v)) out.value_two = v;
      } else if (key == "op") {
        have_op = true;
        std::string s;
        if (String(value, "op", s)) {
          auto op = CmpOpFromName(s);
          if (!op) {
            Err(value, "unknown operator \"" + s + "\"" + SuggestionSuffix(s, OpNames()));
          } else {
            out.op = *op;
          }
        }
      } else {
        UnknownKey(n, key, value, kKnown, "an argument condition");
      }
    }
    if (!have_index) Err(n, "argument condition without \"index\"");
    if (!have_op) Err(n, "argument condition without \"op\"");
  }

  void Rule(const Node& n, SyscallRule& out) {
    out.loc = n.loc;
    if (!Expect(n, Node::Kind::kObject, "a syscalls entry")) return;
    static const std::vector<std::string> kKnown = {"names", "name",    "action",   "errnoRet",
                                                    "args",  "comment", "includes", "excludes"};
    const Node* name = nullptr;
    const Node* names = nullptr;
    bool have_action = false;
    for (const auto& [key, value] : n.members) {
      if (key == "names") {
        names = &value;
        StringList(value, "names", out.names, &out.name_locs);
      } else if (key == "name") {
        name = &value;
        std::string s;
        if (value.kind != Node::Kind::kNull && String(value, "name", s)) {
          out.names.insert(out.names.begin(), s);
          out.name_locs.insert(out.name_locs.begin(), value.loc);
        }
      } else if (key == "action") {
        have_action = true;
        out.action_loc = value.loc;
        Action(value, out.action);
      } else if (key == "errnoRet") {
        uint64_t v;
        if (value.kind != Node::Kind::kNull && Unsigned(value, "errnoRet", UINT32_MAX, v)) {
          out.errno_ret = static_cast<uint32_t>(v);
        }
      } else if (key == "errno") {
        if (value.kind != Node::Kind::kNull) String(value, "errno", out.errno_name);
      } else if (key == "args") {
        if (value.kind == Node::Kind::kNull) continue;
        if (!Expect(value, Node::Kind::kArray, "args")) continue;
        for (const Node& a : value.items) {
          out.args.emplace_back();
          Arg(a, out.args.back());
        }
      } else if (key == "comment") {
        if (value.kind != Node::Kind::kNull) String(value, "comment", out.comment);
      } else if (key == "includes") {
        Filter(value, "includes", out.includes);
      } else if (key == "excludes") {
        Filter(value, "excludes", out.excludes);
      } else {
        UnknownKey(n, key, value, kKnown, "a syscalls entry");
      }
    }
    if (name && names && name->kind != Node::Kind::kNull && names->kind != Node::Kind::kNull) {
      Err(*name, "both \"name\" and \"names\" are given; use \"names\"");
    }
    if (!have_action) Err(n, "syscalls entry without \"action\"");
    if (out.names.empty() && ok_) Err(n, "syscalls entry without syscall names");
  }

  // The seccomp fields shared by OCI JSON and an SPO spec. `extra` handles the keys only one
  // format has; it returns false for a key it does not know.
  template <class Extra>
  void Seccomp(const Node& n, Profile& p, std::string_view where, Extra extra) {
    bool have_default = false;
    static const std::vector<std::string> kKnown = {
        "defaultAction", "defaultErrnoRet",  "architectures", "archMap",         "flags",
        "listenerPath",  "listenerMetadata", "syscalls",      "baseProfileName", "state"};
    for (const auto& [key, value] : n.members) {
      if (key == "defaultAction") {
        have_default = true;
        p.default_action_loc = value.loc;
        Action(value, p.default_action);
      } else if (key == "defaultErrnoRet") {
        uint64_t v;
        if (value.kind != Node::Kind::kNull && Unsigned(value, "defaultErrnoRet", UINT32_MAX, v)) {
          p.default_errno_ret = static_cast<uint32_t>(v);
        }
      } else if (key == "defaultErrno") {
        if (value.kind != Node::Kind::kNull) String(value, "defaultErrno", p.default_errno_name);
      } else if (key == "architectures") {
        if (StringList(value, "architectures", p.architectures)) {
          for (size_t i = 0; i < p.architectures.size(); ++i) CheckScmpArch(value.items[i]);
        }
      } else if (key == "archMap") {
        if (value.kind == Node::Kind::kNull) continue;
        if (!Expect(value, Node::Kind::kArray, "archMap")) continue;
        for (const Node& e : value.items) {
          if (!Expect(e, Node::Kind::kObject, "an archMap entry")) continue;
          ArchMapEntry entry;
          for (const auto& [k, v] : e.members) {
            if (k == "architecture") {
              if (String(v, "architecture", entry.architecture)) CheckScmpArch(v);
            } else if (k == "subArchitectures") {
              if (StringList(v, "subArchitectures", entry.sub_architectures)) {
                for (const Node& s : v.items) CheckScmpArch(s);
              }
            } else {
              UnknownKey(e, k, v, {"architecture", "subArchitectures"}, "an archMap entry");
            }
          }
          if (entry.architecture.empty() && ok_) Err(e, "archMap entry without \"architecture\"");
          p.arch_map.push_back(std::move(entry));
        }
      } else if (key == "flags") {
        if (StringList(value, "flags", p.flags)) {
          for (size_t i = 0; i < p.flags.size(); ++i) {
            if (!IsKnownSeccompFlag(p.flags[i])) {
              std::vector<std::string> known(kFlags.begin(), kFlags.end());
              Err(value.items[i], "unknown seccomp flag \"" + p.flags[i] + "\"" +
                                      SuggestionSuffix(p.flags[i], known));
            }
          }
        }
      } else if (key == "listenerPath") {
        if (value.kind != Node::Kind::kNull) String(value, "listenerPath", p.listener_path);
      } else if (key == "listenerMetadata") {
        if (value.kind != Node::Kind::kNull) {
          String(value, "listenerMetadata", p.listener_metadata);
        }
      } else if (key == "syscalls") {
        if (value.kind == Node::Kind::kNull) continue;
        if (!Expect(value, Node::Kind::kArray, "syscalls")) continue;
        for (const Node& r : value.items) {
          p.syscalls.emplace_back();
          Rule(r, p.syscalls.back());
        }
      } else if (!extra(key, value)) {
        diags_.Add(Severity::kWarning, value.loc,
                   "unknown field \"" + key + "\" in " + std::string(where) + " kept as is" +
                       SuggestionSuffix(key, kKnown),
                   "unknown-field");
        p.unknown_fields[key] = NodeToJson(value);
      }
    }
    if (!have_default) Err(n, std::string(where) + " has no \"defaultAction\"");
  }

  void CheckScmpArch(const Node& n) {
    if (n.kind != Node::Kind::kString) return;
    if (n.text == "SCMP_ARCH_NATIVE") return;
    for (const auto& info : arch::AllArchs()) {
      if (info.scmp_name == n.text) return;
    }
    Err(n, "unknown architecture \"" + n.text + "\"" + SuggestionSuffix(n.text, ScmpArchNames()));
  }

  Profile Oci(const Node& n) {
    Profile p;
    p.loc = n.loc;
    Seccomp(n, p, "the profile", [](const std::string&, const Node&) { return false; });
    return p;
  }

  void StringMap(const Node& n, std::string_view what, std::map<std::string, std::string>& out) {
    if (n.kind == Node::Kind::kNull) return;
    if (!Expect(n, Node::Kind::kObject, what)) return;
    for (const auto& [k, v] : n.members) {
      std::string s;
      if (v.kind == Node::Kind::kNumber || v.kind == Node::Kind::kBool) {
        s = v.text;  // an unquoted YAML value; Kubernetes would reject it, we keep its text
      } else if (!String(v, std::string(what) + " values", s)) {
        continue;
      }
      out[k] = s;
    }
  }

  Profile Spo(const Node& n, const std::string& api_version) {
    Profile p;
    p.loc = n.loc;
    SpoObject spo;
    spo.api_version = api_version;
    if (const Node* md = n.Find("metadata"); md && Expect(*md, Node::Kind::kObject, "metadata")) {
      if (const Node* v = md->Find("name")) String(*v, "metadata.name", spo.name);
      if (const Node* v = md->Find("namespace"))
        String(*v, "metadata.namespace", spo.namespace_name);
      if (const Node* v = md->Find("labels")) StringMap(*v, "metadata.labels", spo.labels);
      if (const Node* v = md->Find("annotations")) {
        StringMap(*v, "metadata.annotations", spo.annotations);
      }
    }
    if (spo.name.empty() && ok_) Err(n, "SeccompProfile without metadata.name");
    const Node* spec = n.Find("spec");
    if (!spec) {
      Err(n, "SeccompProfile without spec");
    } else if (Expect(*spec, Node::Kind::kObject, "spec")) {
      Seccomp(*spec, p, "spec", [&](const std::string& key, const Node& value) {
        if (key == "baseProfileName") {
          spo.base_profile_loc = value.loc;
          if (value.kind != Node::Kind::kNull)
            String(value, "baseProfileName", spo.base_profile_name);
          return true;
        }
        if (key == "state") {
          if (value.kind != Node::Kind::kNull && String(value, "state", spo.state) &&
              spo.state != "Enabled" && spo.state != "Disabled") {
            Err(value, "state must be \"Enabled\" or \"Disabled\", not \"" + spo.state + "\"");
          }
          return true;
        }
        return false;
      });
    }
    if (const Node* st = n.Find("status"); st && st->kind == Node::Kind::kObject) {
      if (const Node* v = st->Find("status"); v && v->kind == Node::Kind::kString) {
        spo.status = v->text;
      }
    }
    p.spo = std::move(spo);
    return p;
  }

  void Document(const Node& root, std::vector<Profile>& out) {
    if (!Expect(root, Node::Kind::kObject, "a profile")) return;
    const Node* kind = root.Find("kind");
    const Node* api = root.Find("apiVersion");
    if (kind && kind->kind == Node::Kind::kString &&
        (kind->text == "List" || kind->text == "SeccompProfileList")) {
      const Node* items = root.Find("items");
      if (!items || !Expect(*items, Node::Kind::kArray, "items")) return;
      for (const Node& item : items->items) Document(item, out);
      return;
    }
    if (kind && kind->kind == Node::Kind::kString) {
      std::string api_version;
      if (api) String(*api, "apiVersion", api_version);
      if (kind->text != "SeccompProfile") {
        Err(*kind, "kind \"" + kind->text + "\" is not a SeccompProfile");
        return;
      }
      if (api_version != std::string(kSpoGroup) + "v1" &&
          api_version != std::string(kSpoGroup) + "v1beta1" &&
          api_version != std::string(kSpoGroup) + "v1alpha1") {
        Err(api ? *api : root, "unsupported apiVersion \"" + api_version +
                                   "\" (expected security-profiles-operator.x-k8s.io/v1 or "
                                   "v1beta1)");
        return;
      }
      out.push_back(Spo(root, api_version));
      return;
    }
    // An OCI runtime config.json: the profile is linux.seccomp.
    if (!root.Find("defaultAction") && root.Find("ociVersion")) {
      const Node* linux_node = root.Find("linux");
      const Node* seccomp = linux_node ? linux_node->Find("seccomp") : nullptr;
      if (!seccomp) {
        Err(root, "OCI runtime config without linux.seccomp");
        return;
      }
      if (Expect(*seccomp, Node::Kind::kObject, "linux.seccomp")) out.push_back(Oci(*seccomp));
      return;
    }
    out.push_back(Oci(root));
  }

 private:
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

const std::vector<std::string>& DockerArchNames() {
  // runtime.GOARCH mapped through moby's goToNative, plus the newer riscv64/loong64 and "x32",
  // which moby's default profile uses in includes.
  static const std::vector<std::string> kNames = {
      "x86",     "amd64",  "x32",       "arm",      "arm64",       "mips",       "mipsle",
      "mipsel",  "mips64", "mips64n32", "mipsel64", "mips3l64n32", "ppc",        "ppc64",
      "ppc64le", "s390",   "s390x",     "riscv64",  "loong64",     "loongarch64"};
  return kNames;
}

bool IsDockerArchName(std::string_view name) {
  for (const auto& n : DockerArchNames()) {
    if (n == name) return true;
  }
  return false;
}

bool ParseKernelVersion(std::string_view text, int& major, int& minor, int& patch) {
  major = minor = patch = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto number = [&](int& out) {
    auto [ptr, ec] = std::from_chars(p, end, out);
    if (ec != std::errc() || ptr == p) return false;
    p = ptr;
    return true;
  };
  if (!number(major)) return false;
  if (p == end || *p != '.') return false;
  ++p;
  if (!number(minor)) return false;
  if (p != end && *p == '.') {
    ++p;
    if (!number(patch)) return false;
  }
  return true;  // anything after (e.g. "-91-generic") is the flavour, ignored as moby does
}

bool IsKnownSeccompFlag(std::string_view flag) {
  for (auto f : kFlags) {
    if (f == flag) return true;
  }
  return false;
}

Result<std::vector<Profile>> DecodeDocument(const Node& root, std::string_view file_name,
                                            Diagnostics& diags) {
  Decoder decoder(diags);
  std::vector<Profile> out;
  decoder.Document(root, out);
  if (!decoder.ok()) {
    return Fail(ErrorCode::kInvalidArgument, "invalid profile " + std::string(file_name));
  }
  for (auto& p : out) {
    if (p.loc.file.empty()) p.loc.file = std::string(file_name);
  }
  return out;
}

}  // namespace syscage::profile
