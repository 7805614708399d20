// SPDX-License-Identifier: Apache-2.0
// Semantic diff over ComputeEffective's views. A syscall's meaning is normalised before comparing:
// clauses that give the default action are dropped (a call matching them gets the default anyway),
// and a syscall left with nothing is "default".
#include "syscage/profile/diff.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace syscage::profile {
namespace {

// The normalised meaning of `name` on one side, as a comparable string.
std::string Meaning(const EffectiveArch* ea, const std::string& name, const Verdict& def) {
  const EffectiveSyscall* s = ea ? ea->Find(name) : nullptr;
  if (!s) return "default " + def.ToString();
  if (s->unconditional) {
    if (*s->unconditional == def) return "default " + def.ToString();
    return s->unconditional->ToString();
  }
  EffectiveSyscall copy = *s;
  copy.clauses.erase(std::remove_if(copy.clauses.begin(), copy.clauses.end(),
                                    [&](const Clause& c) { return c.verdict == def; }),
                     copy.clauses.end());
  if (copy.clauses.empty()) return "default " + def.ToString();
  std::string text = copy.ToString();
  // "...; else default" -> name the default so two sides with different defaults differ.
  return text.substr(0, text.size() - std::string("default").size()) + def.ToString();
}

}  // namespace

ProfileDiff DiffProfiles(const Profile& left, const Profile& right, const EffectiveOptions& opts) {
  const EffectiveProfile a = ComputeEffective(left, opts);
  const EffectiveProfile b = ComputeEffective(right, opts);
  ProfileDiff out;
  out.left_default = a.default_verdict;
  out.right_default = b.default_verdict;
  out.left_unconfined = a.unconfined;
  out.right_unconfined = b.unconfined;
  for (const auto& ea : a.arches) {
    if (!b.Find(ea.arch)) out.only_left.push_back(ea.arch);
  }
  for (const auto& eb : b.arches) {
    if (!a.Find(eb.arch)) out.only_right.push_back(eb.arch);
  }
  for (const auto& ea : a.arches) {
    const EffectiveArch* eb = b.Find(ea.arch);
    if (!eb) continue;
    std::set<std::string> names;
    for (const auto& s : ea.syscalls) names.insert(s.name);
    for (const auto& s : eb->syscalls) names.insert(s.name);
    for (const auto& name : names) {
      std::string l = Meaning(&ea, name, a.default_verdict);
      std::string r = Meaning(eb, name, b.default_verdict);
      if (l != r) out.syscalls.push_back(SyscallDiff{ea.arch, name, l, r});
    }
  }
  return out;
}

std::string DiffToText(const ProfileDiff& d, std::string_view left_name,
                       std::string_view right_name) {
  std::string out;
  if (d.empty()) return out;
  out += "--- " + std::string(left_name) + "\n+++ " + std::string(right_name) + "\n";
  auto def = [](const Verdict& v, bool unconfined) {
    return unconfined ? std::string("unconfined (no filter)") : v.ToString();
  };
  if (d.DefaultDiffers()) {
    out += "default: " + def(d.left_default, d.left_unconfined) + " -> " +
           def(d.right_default, d.right_unconfined) + "\n";
  }
  for (auto a : d.only_left) out += "arch " + std::string(arch::Info(a).name) + ": only in left\n";
  for (auto a : d.only_right) {
    out += "arch " + std::string(arch::Info(a).name) + ": only in right\n";
  }
  for (const auto& s : d.syscalls) {
    out += std::string(arch::Info(s.arch).name) + " " + s.name + ": " + s.left + " -> " + s.right +
           "\n";
  }
  return out;
}

std::string DiffToJson(const ProfileDiff& d) {
  nlohmann::ordered_json j;
  j["equal"] = d.empty();
  j["default"] = {{"left", d.left_unconfined ? "unconfined" : d.left_default.ToString()},
                  {"right", d.right_unconfined ? "unconfined" : d.right_default.ToString()}};
  auto names = [](const std::vector<arch::Arch>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (auto x : v) a.push_back(std::string(arch::Info(x).name));
    return a;
  };
  j["arches_only_left"] = names(d.only_left);
  j["arches_only_right"] = names(d.only_right);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : d.syscalls) {
    list.push_back({{"arch", std::string(arch::Info(s.arch).name)},
                    {"name", s.name},
                    {"left", s.left},
                    {"right", s.right}});
  }
  j["syscalls"] = list;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace syscage::profile
