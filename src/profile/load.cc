// SPDX-License-Identifier: Apache-2.0
// The readers' front door: detect the format (JSON or YAML), build the located tree, decode it,
// pick the requested SPO object, merge SPO base profiles, and resolve Docker's conditions.
#include "syscage/profile/load.h"

#include <algorithm>
#include <set>
#include <string>

#include "syscage/base/files.h"
#include "syscage/profile/builtin.h"
#include "syscage/profile/decode.h"
#include "syscage/profile/tree.h"

namespace syscage::profile {
namespace {

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

std::string DirName(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool FileExists(const std::string& path) {
  auto r = ReadFile(path);
  return r.has_value();
}

std::string ObjectName(const Profile& p) { return p.spo ? p.spo->name : std::string(); }

struct BaseContext {
  const std::vector<Profile>* siblings;
  std::string dir;
  std::set<std::string> seen;  // cycle detection
};

// SPO's baseProfileName: the base's rules come first, then the profile's own (the operator
// unions the two syscall lists); the profile keeps its own default action and flags, and the
// architectures are the union.
Result<Profile> MergeBase(const Profile& p, BaseContext& ctx, Diagnostics& diags) {
  if (!p.spo || p.spo->base_profile_name.empty()) return p;
  const std::string& base = p.spo->base_profile_name;
  if (!ctx.seen.insert(ObjectName(p)).second) {
    diags.Error(p.spo->base_profile_loc, "baseProfileName cycle through \"" + base + "\"");
    return Fail(ErrorCode::kInvalidArgument, "baseProfileName cycle");
  }
  std::optional<Profile> found;
  for (const auto& s : *ctx.siblings) {
    if (ObjectName(s) == base) found = s;
  }
  if (!found) {
    for (const char* ext : {"", ".yaml", ".yml", ".json"}) {
      std::string path = ctx.dir + "/" + base + ext;
      if (!FileExists(path)) continue;
      ASSIGN_OR_RETURN(std::string text, ReadFile(path));
      ASSIGN_OR_RETURN(auto list, ParseProfiles(text, path, diags));
      for (auto& s : list) {
        if (!s.spo || s.spo->name == base || list.size() == 1) {
          found = std::move(s);
          break;
        }
      }
      if (found) break;
    }
  }
  if (!found) {
    diags.Error(p.spo->base_profile_loc,
                "base profile \"" + base +
                    "\" is neither another object in this input nor a file next to it");
    return Fail(ErrorCode::kNotFound, "base profile " + base + " not found");
  }
  ASSIGN_OR_RETURN(Profile resolved_base, MergeBase(*found, ctx, diags));
  Profile out = p;
  out.syscalls = resolved_base.syscalls;
  out.syscalls.insert(out.syscalls.end(), p.syscalls.begin(), p.syscalls.end());
  for (const auto& a : resolved_base.architectures) {
    if (std::find(out.architectures.begin(), out.architectures.end(), a) ==
        out.architectures.end()) {
      out.architectures.push_back(a);
    }
  }
  if (out.arch_map.empty()) out.arch_map = resolved_base.arch_map;
  out.spo->base_profile_name.clear();
  return out;
}

}  // namespace

bool IsUnconfined(const Profile& profile) { return profile.unconfined; }

Result<LoadOptions> MakeLoadOptions(std::string_view arch_name,
                                    const std::vector<std::string>& caps, bool caps_given,
                                    std::string_view kernel) {
  LoadOptions opts;
  if (!arch_name.empty()) {
    ASSIGN_OR_RETURN(opts.arch, arch::ArchFromName(arch_name));
  }
  opts.caps_set = caps_given;
  for (const auto& item : caps) {
    size_t start = 0;
    while (start <= item.size()) {
      size_t comma = item.find(',', start);
      if (comma == std::string::npos) comma = item.size();
      if (comma > start) opts.caps.push_back(item.substr(start, comma - start));
      start = comma + 1;
    }
  }
  opts.kernel_version = std::string(kernel);
  return opts;
}

Result<std::vector<Profile>> ParseProfiles(std::string_view text, std::string_view file_name,
                                           Diagnostics& diags) {
  std::vector<Node> docs;
  if (LooksLikeJson(text)) {
    ASSIGN_OR_RETURN(Node root, ParseJsonTree(text, file_name, diags));
    docs.push_back(std::move(root));
  } else {
    ASSIGN_OR_RETURN(docs, ParseYamlTrees(text, file_name, diags));
  }
  if (docs.empty()) {
    diags.Error(SourceLoc{std::string(file_name), 0, 0, ""}, "no profile in the input");
    return Fail(ErrorCode::kInvalidArgument, "empty profile " + std::string(file_name));
  }
  std::vector<Profile> out;
  bool ok = true;
  for (const Node& doc : docs) {
    auto decoded = DecodeDocument(doc, file_name, diags);
    if (!decoded) {
      ok = false;
      continue;
    }
    for (auto& p : *decoded) out.push_back(std::move(p));
  }
  if (!ok) return Fail(ErrorCode::kInvalidArgument, "invalid profile " + std::string(file_name));
  if (out.empty()) {
    diags.Error(SourceLoc{std::string(file_name), 0, 0, ""}, "no profile in the input");
    return Fail(ErrorCode::kInvalidArgument, "empty profile " + std::string(file_name));
  }
  return out;
}

Result<Profile> ParseProfileText(std::string_view text, std::string_view file_name,
                                 Diagnostics& diags) {
  ASSIGN_OR_RETURN(auto list, ParseProfiles(text, file_name, diags));
  return std::move(list.front());
}

Result<Profile> LoadProfile(const std::string& path_or_builtin, const LoadOptions& opts,
                            Diagnostics& diags) {
  if (path_or_builtin == kBuiltinUnconfined) {
    Profile p;
    p.default_action = ActionKind::kAllow;
    p.unconfined = true;
    p.loc.file = std::string(kBuiltinUnconfined);
    return p;
  }
  std::vector<Profile> list;
  std::string path = path_or_builtin;
  std::string select;
  if (path_or_builtin == kBuiltinDefault) {
    ASSIGN_OR_RETURN(list, ParseProfiles(BuiltinDefaultText(), "<builtin default>", diags));
  } else {
    auto hash = path.rfind('#');
    if (hash != std::string::npos && !FileExists(path)) {
      select = path.substr(hash + 1);
      path.resize(hash);
    }
    auto text = ReadFile(path);
    if (!text) {
      Error e = text.error();
      e.message = "cannot read profile " + path + ": " + e.message;
      return Fail(std::move(e));
    }
    ASSIGN_OR_RETURN(list, ParseProfiles(*text, path, diags));
  }
  const Profile* chosen = nullptr;
  if (!select.empty()) {
    for (const auto& p : list) {
      if (ObjectName(p) == select) chosen = &p;
    }
    if (!chosen) {
      diags.Error(SourceLoc{path, 0, 0, ""}, "no SeccompProfile named \"" + select + "\"");
      return Fail(ErrorCode::kNotFound, "no object " + select + " in " + path);
    }
  } else if (list.size() == 1) {
    chosen = &list.front();
  } else {
    std::string names;
    for (const auto& p : list) names += (names.empty() ? "" : ", ") + ObjectName(p);
    diags.Error(SourceLoc{path, 0, 0, ""}, std::to_string(list.size()) +
                                               " SeccompProfile objects (" + names +
                                               "); pick one with " + path + "#NAME");
    return Fail(ErrorCode::kInvalidArgument, "several profiles in " + path);
  }
  BaseContext ctx{&list, DirName(path), {}};
  ASSIGN_OR_RETURN(Profile merged, MergeBase(*chosen, ctx, diags));
  if (!opts.resolve) return merged;
  return ResolveConditions(merged, opts, diags);
}

}  // namespace syscage::profile
