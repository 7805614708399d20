// SPDX-License-Identifier: Apache-2.0
// `syscage compile PROFILE [-o FILE] [--format raw|asm|c|json] [--arch A]... [--stats]
//  [--dump-after=STAGE] [--ignore-unknown] [--linear]`: flags onto bpf::CompileOptions, one call
// to bpf::Pipeline::Compile, and the program written in the chosen format.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "syscage/base/files.h"
#include "syscage/bpf/disasm.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/cli/commands.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {
struct CompileFlags {
  std::string profile;
  std::string output;
  std::string format = "asm";
  std::vector<std::string> arches;
  bool stats = false;
  std::string dump_after;
  bool ignore_unknown = false;
  bool linear = false;
} g_opts;

std::string FormatC(const bpf::Program& p) {
  std::string out = fmt::format("/* syscage compile: {} instructions */\n", p.size());
  out += "static const struct sock_filter syscage_filter[] = {\n";
  for (const auto& f : p) {
    out += fmt::format("\t{{ 0x{:02x}, {}, {}, 0x{:08x} }},\n", f.code, f.jt, f.jf, f.k);
  }
  out += "};\n";
  return out;
}

nlohmann::json StatsJson(const bpf::CompileStats& s) {
  nlohmann::json arches = nlohmann::json::array();
  for (const auto& a : s.arches) {
    arches.push_back({{"arch", std::string(arch::Info(a.arch).name)},
                      {"syscalls", a.syscalls},
                      {"allowed", a.allowed},
                      {"cache_eligible", a.cache_eligible},
                      {"executed_median", a.executed_median},
                      {"executed_max", a.executed_max}});
  }
  return {{"length", s.length},
          {"allowed", s.allowed},
          {"cache_eligible", s.cache_eligible},
          {"executed_median", s.executed_median},
          {"executed_max", s.executed_max},
          {"compile_us", s.compile_micros},
          {"arches", arches}};
}

std::string StatsText(const bpf::CompileStats& s) {
  std::string out = fmt::format(
      "length: {} instructions\ncompile time: {:.0f} us\nallowed syscalls: {} "
      "(cache-eligible: {})\nexecuted per syscall: median {}, max {}\n",
      s.length, s.compile_micros, s.allowed, s.cache_eligible, s.executed_median, s.executed_max);
  for (const auto& a : s.arches) {
    out += fmt::format(
        "  {:<8} {} syscalls, {} allowed, {} cache-eligible, executed median {} "
        "max {}\n",
        arch::Info(a.arch).name, a.syscalls, a.allowed, a.cache_eligible, a.executed_median,
        a.executed_max);
  }
  return out;
}

}  // namespace

void RegisterCompile(CLI::App& sub) {
  sub.add_option("profile", g_opts.profile, "profile file (OCI/Docker JSON, SPO YAML) or 'default'")
      ->required();
  sub.add_option("-o,--output", g_opts.output, "write the program here instead of stdout");
  sub.add_option("--format", g_opts.format, "raw (sock_filter bytes), asm, c or json")
      ->check(CLI::IsMember({"raw", "asm", "c", "json"}));
  sub.add_option("--arch", g_opts.arches,
                 "target architecture (repeatable); default: the profile's plus the native one");
  sub.add_flag("--stats", g_opts.stats,
               "print length, executed instructions and cache-eligible syscalls");
  sub.add_option("--dump-after", g_opts.dump_after,
                 "print the IR after a stage (resolve, lower, normalize, optimize, codegen, "
                 "layout, verify)");
  sub.add_flag("--ignore-unknown", g_opts.ignore_unknown,
               "skip syscall names no architecture knows (as runc does) instead of failing");
  sub.add_flag("--linear", g_opts.linear, "linear number dispatch instead of a binary search");
}

int RunCompile(const GlobalOptions& global) {
  bpf::CompileOptions options;
  options.ignore_unknown = g_opts.ignore_unknown;
  options.dispatch = g_opts.linear ? bpf::Dispatch::kLinear : bpf::Dispatch::kBinary;
  for (const auto& name : g_opts.arches) {
    auto a = arch::ArchFromName(name);
    if (!a) {
      std::fprintf(stderr, "syscage: error: %s\n", a.error().message.c_str());
      return kExitUsage;
    }
    options.arches.push_back(*a);
  }
  if (!g_opts.dump_after.empty()) {
    auto stage = bpf::StageFromName(g_opts.dump_after);
    if (!stage) {
      std::fprintf(stderr, "syscage: error: %s\n", stage.error().message.c_str());
      return kExitUsage;
    }
    options.dump_after = *stage;
  }
  Diagnostics diags;
  profile::LoadOptions load;
  if (!options.arches.empty()) load.arch = options.arches.front();
  auto profile = profile::LoadProfile(g_opts.profile, load, diags);
  if (!profile) {
    if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
    std::fprintf(stderr, "syscage: error: %s\n", profile.error().ToString().c_str());
    return kExitUsage;
  }
  auto filter = bpf::Pipeline::Compile(*profile, options, diags);
  if (!diags.empty()) std::fprintf(stderr, "%s\n", diags.ToString().c_str());
  if (!filter) {
    std::fprintf(stderr, "syscage: error: %s\n", filter.error().ToString().c_str());
    return filter.error().code == ErrorCode::kInternal ? kExitRuntime : kExitUsage;
  }
  if (options.dump_after) {
    std::printf("%s", filter->dump.c_str());
    return kExitOk;
  }
  std::string text;
  if (g_opts.format == "raw") {
    text.assign(reinterpret_cast<const char*>(filter->program.data()),
                filter->program.size() * sizeof(sock_filter));
  } else if (g_opts.format == "c") {
    text = FormatC(filter->program);
  } else if (g_opts.format == "json") {
    nlohmann::json j;
    nlohmann::json arches = nlohmann::json::array();
    for (auto a : filter->arches) arches.push_back(std::string(arch::Info(a).name));
    nlohmann::json prog = nlohmann::json::array();
    for (const auto& f : filter->program) {
      prog.push_back({{"code", f.code}, {"jt", f.jt}, {"jf", f.jf}, {"k", f.k}});
    }
    j["arches"] = arches;
    j["length"] = filter->program.size();
    j["program"] = prog;
    if (g_opts.stats) j["stats"] = StatsJson(bpf::ComputeStats(*filter));
    text = j.dump(2) + "\n";
  } else {
    text = bpf::Disassemble(filter->program);
  }
  if (g_opts.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else if (auto w = WriteFileAtomic(g_opts.output, text); !w) {
    std::fprintf(stderr, "syscage: error: %s\n", w.error().ToString().c_str());
    return kExitRuntime;
  }
  if (g_opts.stats && g_opts.format != "json") {
    const bpf::CompileStats stats = bpf::ComputeStats(*filter);
    const std::string s = global.json ? StatsJson(stats).dump(2) + "\n" : StatsText(stats);
    // Keep raw bytes on stdout clean.
    std::FILE* to = (g_opts.format == "raw" && g_opts.output.empty()) ? stderr : stdout;
    std::fputs(s.c_str(), to);
  }
  return kExitOk;
}

}  // namespace syscage::cli
