// SPDX-License-Identifier: Apache-2.0
// Writers: Profile -> Docker/OCI JSON and -> SPO SeccompProfile YAML. Hand-written rather than
// through nlohmann/yaml-cpp so the layout is stable and reviewable (one syscall name per line,
// Docker's 4-space indent), integers print exactly, and field order follows Docker's files.
// Reading the output gives back an equal Profile (tested on every shared profile).
#include <cstdio>
#include <string>

#include "syscage/profile/load.h"
#include "syscage/profile/tree.h"

namespace syscage::profile {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

class JsonOut {
 public:
  std::string& out() { return out_; }

  void Indent(int level) { out_.append(static_cast<size_t>(level) * 4, ' '); }

  void StringList(const std::vector<std::string>& list, int level) {
    if (list.empty()) {
      out_ += "[]";
      return;
    }
    out_ += "[\n";
    for (size_t i = 0; i < list.size(); ++i) {
      Indent(level + 1);
      out_ += Quote(list[i]);
      out_ += i + 1 < list.size() ? ",\n" : "\n";
    }
    Indent(level);
    out_ += "]";
  }

  // Writes `"key": ` after a comma/newline as needed.
  void Key(std::string_view key, int level, bool& first) {
    out_ += first ? "\n" : ",\n";
    first = false;
    Indent(level);
    out_ += Quote(key);
    out_ += ": ";
  }

  void Filter(const RuleFilter& f, int level) {
    out_ += "{";
    bool first = true;
    if (!f.caps.empty()) {
      Key("caps", level + 1, first);
      StringList(f.caps, level + 1);
    }
    if (!f.arches.empty()) {
      Key("arches", level + 1, first);
      StringList(f.arches, level + 1);
    }
    if (!f.min_kernel.empty()) {
      Key("minKernel", level + 1, first);
      out_ += Quote(f.min_kernel);
    }
    out_ += "\n";
    Indent(level);
    out_ += "}";
  }

  void Rule(const SyscallRule& r, int level) {
    out_ += "{";
    bool first = true;
    Key("names", level + 1, first);
    StringList(r.names, level + 1);
    Key("action", level + 1, first);
    out_ += Quote(ActionKindName(r.action));
    if (r.errno_ret) {
      Key("errnoRet", level + 1, first);
      out_ += std::to_string(*r.errno_ret);
    }
    if (!r.errno_name.empty()) {
      Key("errno", level + 1, first);
      out_ += Quote(r.errno_name);
    }
    if (!r.args.empty()) {
      Key("args", level + 1, first);
      out_ += "[\n";
      for (size_t i = 0; i < r.args.size(); ++i) {
        const ArgCondition& a = r.args[i];
        Indent(level + 2);
        out_ += "{";
        bool afirst = true;
        Key("index", level + 3, afirst);
        out_ += std::to_string(a.index);
        Key("value", level + 3, afirst);
        out_ += std::to_string(a.value);
        Key("valueTwo", level + 3, afirst);
        out_ += std::to_string(a.value_two);
        Key("op", level + 3, afirst);
        out_ += Quote(CmpOpName(a.op));
        out_ += "\n";
        Indent(level + 2);
        out_ += i + 1 < r.args.size() ? "},\n" : "}\n";
      }
      Indent(level + 1);
      out_ += "]";
    }
    if (!r.comment.empty()) {
      Key("comment", level + 1, first);
      out_ += Quote(r.comment);
    }
    if (!r.includes.empty()) {
      Key("includes", level + 1, first);
      Filter(r.includes, level + 1);
    }
    if (!r.excludes.empty()) {
      Key("excludes", level + 1, first);
      Filter(r.excludes, level + 1);
    }
    out_ += "\n";
    Indent(level);
    out_ += "}";
  }

 private:
  std::string out_;
};

// A YAML double-quoted scalar: JSON escapes plus the characters YAML does not allow unescaped
// (DEL, the C1 controls U+0080..U+009F and the BOM), so any string round-trips.
std::string YamlQuote(std::string_view s) {
  std::string json = Quote(s);
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    const auto c = static_cast<unsigned char>(json[i]);
    if (c == 0x7F) {
      out += "\\x7f";
    } else if (c == 0xC2 && i + 1 < json.size() &&
               static_cast<unsigned char>(json[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(json[i + 1]) <= 0x9F) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(json[i + 1]));
      out += buf;
      ++i;
    } else if (c == 0xEF && json.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      out += "\\ufeff";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A YAML scalar: plain when it cannot be mistaken for anything else, else double-quoted (YAML's
// double-quoted style accepts JSON escapes).
std::string YamlScalar(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == '/';
    plain = plain && ok;
  }
  if (plain) {
    // Words YAML would read as another type, and numbers, stay quoted.
    static const char* kSpecial[] = {"true", "false", "null", "yes",  "no",  "on", "off", "~",
                                     "True", "False", "Null", "NULL", "Yes", "No", "On",  "Off"};
    for (const char* w : kSpecial) plain = plain && s != w;
    bool digits = true;
    for (char c : s) digits = digits && ((c >= '0' && c <= '9') || c == '.' || c == '-');
    plain = plain && !digits && s[0] != '-' && s[0] != '.';
  }
  return plain ? std::string(s) : YamlQuote(s);
}

void YamlList(std::string& out, const std::vector<std::string>& list, const std::string& indent) {
  for (const auto& s : list) out += indent + "- " + YamlScalar(s) + "\n";
}

void YamlFilter(std::string& out, std::string_view key, const RuleFilter& f) {
  if (f.empty()) return;
  out += "    " + std::string(key) + ":\n";
  if (!f.caps.empty()) {
    out += "      caps:\n";
    YamlList(out, f.caps, "      ");
  }
  if (!f.arches.empty()) {
    out += "      arches:\n";
    YamlList(out, f.arches, "      ");
  }
  if (!f.min_kernel.empty()) out += "      minKernel: " + YamlQuote(f.min_kernel) + "\n";
}

}  // namespace

std::string EmitOciJson(const Profile& p) {
  JsonOut j;
  std::string& out = j.out();
  out += "{";
  bool first = true;
  j.Key("defaultAction", 1, first);
  out += YamlQuote(ActionKindName(p.default_action));
  if (p.default_errno_ret) {
    j.Key("defaultErrnoRet", 1, first);
    out += std::to_string(*p.default_errno_ret);
  }
  if (!p.default_errno_name.empty()) {
    j.Key("defaultErrno", 1, first);
    out += YamlQuote(p.default_errno_name);
  }
  if (!p.architectures.empty()) {
    j.Key("architectures", 1, first);
    j.StringList(p.architectures, 1);
  }
  if (!p.arch_map.empty()) {
    j.Key("archMap", 1, first);
    out += "[\n";
    for (size_t i = 0; i < p.arch_map.size(); ++i) {
      j.Indent(2);
      out += "{";
      bool efirst = true;
      j.Key("architecture", 3, efirst);
      out += YamlQuote(p.arch_map[i].architecture);
      j.Key("subArchitectures", 3, efirst);
      j.StringList(p.arch_map[i].sub_architectures, 3);
      out += "\n";
      j.Indent(2);
      out += i + 1 < p.arch_map.size() ? "},\n" : "}\n";
    }
    j.Indent(1);
    out += "]";
  }
  if (!p.flags.empty()) {
    j.Key("flags", 1, first);
    j.StringList(p.flags, 1);
  }
  if (!p.listener_path.empty()) {
    j.Key("listenerPath", 1, first);
    out += YamlQuote(p.listener_path);
  }
  if (!p.listener_metadata.empty()) {
    j.Key("listenerMetadata", 1, first);
    out += YamlQuote(p.listener_metadata);
  }
  j.Key("syscalls", 1, first);
  if (p.syscalls.empty()) {
    out += "[]";
  } else {
    out += "[\n";
    for (size_t i = 0; i < p.syscalls.size(); ++i) {
      j.Indent(2);
      j.Rule(p.syscalls[i], 2);
      out += i + 1 < p.syscalls.size() ? ",\n" : "\n";
    }
    j.Indent(1);
    out += "]";
  }
  for (const auto& [key, raw] : p.unknown_fields) {
    j.Key(key, 1, first);
    out += raw;
  }
  out += "\n}\n";
  return out;
}

std::string EmitSpoYaml(const Profile& p, std::string_view name) {
  std::string out;
  const SpoObject* spo = p.spo ? &*p.spo : nullptr;
  std::string obj_name(name);
  if (obj_name.empty()) obj_name = spo && !spo->name.empty() ? spo->name : "profile";
  // v1 unless the object was read as another version (fmt keeps it; convert asks for v1).
  const std::string api = spo && !spo->api_version.empty()
                              ? spo->api_version
                              : std::string("security-profiles-operator.x-k8s.io/v1");
  const bool namespaced = api != "security-profiles-operator.x-k8s.io/v1";
  out += "apiVersion: " + api + "\n";
  out += "kind: SeccompProfile\n";
  out += "metadata:\n";
  out += "  name: " + YamlScalar(obj_name) + "\n";
  if (spo && namespaced && !spo->namespace_name.empty()) {
    out += "  namespace: " + YamlScalar(spo->namespace_name) + "\n";
  }
  if (spo) {
    // v1 SeccompProfiles are cluster-scoped (operator 1.0): only older versions get a namespace.
    for (const auto& [label, map] :
         {std::pair{"labels", &spo->labels}, std::pair{"annotations", &spo->annotations}}) {
      if (map->empty()) continue;
      out += std::string("  ") + label + ":\n";
      for (const auto& [k, v] : *map) out += "    " + YamlScalar(k) + ": " + YamlQuote(v) + "\n";
    }
  }
  out += "spec:\n";
  if (spo && !spo->base_profile_name.empty()) {
    out += "  baseProfileName: " + YamlScalar(spo->base_profile_name) + "\n";
  }
  if (spo && !spo->state.empty()) out += "  state: " + YamlScalar(spo->state) + "\n";
  out += "  defaultAction: " + std::string(ActionKindName(p.default_action)) + "\n";
  if (p.default_errno_ret)
    out += "  defaultErrnoRet: " + std::to_string(*p.default_errno_ret) + "\n";
  if (!p.default_errno_name.empty())
    out += "  defaultErrno: " + YamlQuote(p.default_errno_name) + "\n";
  if (!p.architectures.empty()) {
    out += "  architectures:\n";
    YamlList(out, p.architectures, "  ");
  }
  if (!p.arch_map.empty()) {
    // Not part of the SPO CRD; written so nothing is lost (convert resolves it away first).
    out += "  archMap:\n";
    for (const auto& e : p.arch_map) {
      out += "  - architecture: " + YamlScalar(e.architecture) + "\n";
      out += "    subArchitectures:";
      if (e.sub_architectures.empty()) {
        out += " []\n";
      } else {
        out += "\n";
        YamlList(out, e.sub_architectures, "    ");
      }
    }
  }
  if (!p.flags.empty()) {
    out += "  flags:\n";
    YamlList(out, p.flags, "  ");
  }
  if (!p.listener_path.empty()) out += "  listenerPath: " + YamlQuote(p.listener_path) + "\n";
  if (!p.listener_metadata.empty()) {
    out += "  listenerMetadata: " + YamlQuote(p.listener_metadata) + "\n";
  }
  if (!p.syscalls.empty()) out += "  syscalls:\n";
  for (const auto& r : p.syscalls) {
    out += "  - action: " + std::string(ActionKindName(r.action)) + "\n";
    if (r.errno_ret) out += "    errnoRet: " + std::to_string(*r.errno_ret) + "\n";
    if (!r.errno_name.empty()) out += "    errno: " + YamlQuote(r.errno_name) + "\n";
    out += "    names:\n";
    YamlList(out, r.names, "    ");
    if (!r.args.empty()) {
      out += "    args:\n";
      for (const auto& a : r.args) {
        out += "    - index: " + std::to_string(a.index) + "\n";
        out += "      value: " + std::to_string(a.value) + "\n";
        out += "      valueTwo: " + std::to_string(a.value_two) + "\n";
        out += "      op: " + std::string(CmpOpName(a.op)) + "\n";
      }
    }
    if (!r.comment.empty()) out += "    comment: " + YamlQuote(r.comment) + "\n";
    YamlFilter(out, "includes", r.includes);
    YamlFilter(out, "excludes", r.excludes);
  }
  for (const auto& [key, raw] : p.unknown_fields) out += "  " + YamlScalar(key) + ": " + raw + "\n";
  if (spo && !spo->status.empty()) {
    out += "status:\n  status: " + YamlScalar(spo->status) + "\n";
  }
  return out;
}

}  // namespace syscage::profile
