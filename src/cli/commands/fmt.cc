// SPDX-License-Identifier: Apache-2.0
// `syscage fmt FILE... [--check] [-w]`: the canonical form (profile::Canonicalize: names sorted,
// rules grouped by action, meaning unchanged) in the file's own format. Without flags it prints;
// -w rewrites the files atomically; --check prints the files that are not canonical and exits 1.
#include <cstdio>
#include <string>
#include <vector>

#include "syscage/base/files.h"
#include "syscage/cli/commands.h"
#include "syscage/profile/load.h"

namespace syscage::cli {
namespace {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  bool write = false;
} g_opts;

bool IsJsonText(const std::string& text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

void RegisterFmt(CLI::App& sub) {
  sub.description(
      "format profiles canonically: sorted names, rules grouped by action, same meaning; "
      "--check exits 1 when a file would change");
  sub.add_option("files", g_opts.files, "profile files ('-' for stdin)")->required();
  sub.add_flag("--check", g_opts.check, "only report files that are not formatted (exit 1)");
  sub.add_flag("-w,--write", g_opts.write, "rewrite the files in place");
}

int RunFmt(const GlobalOptions&) {
  bool unformatted = false;
  for (const auto& file : g_opts.files) {
    auto text = ReadFile(file);
    if (!text) {
      std::fprintf(stderr, "syscage: error: %s\n", text.error().ToString().c_str());
      return kExitUsage;
    }
    Diagnostics diags;
    auto list = profile::ParseProfiles(*text, file, diags);
    if (!list) {
      std::fprintf(stderr, "%s\nsyscage: error: %s\n", diags.ToString().c_str(),
                   list.error().ToString().c_str());
      return kExitUsage;
    }
    std::string out;
    const bool json = IsJsonText(*text) || !list->front().spo;
    for (size_t i = 0; i < list->size(); ++i) {
      profile::Profile canonical = profile::Canonicalize((*list)[i]);
      if (json) {
        out += profile::EmitOciJson(canonical);
      } else {
        if (i > 0 || text->rfind("---", 0) == 0) out += "---\n";
        out += profile::EmitSpoYaml(canonical);
      }
    }
    if (g_opts.check) {
      if (out != *text) {
        std::printf("%s\n", file.c_str());
        unformatted = true;
      }
    } else if (g_opts.write && file != "-") {
      if (out == *text) continue;
      if (auto w = WriteFileAtomic(file, out); !w) {
        std::fprintf(stderr, "syscage: error: %s\n", w.error().ToString().c_str());
        return kExitRuntime;
      }
    } else {
      std::printf("%s", out.c_str());
    }
  }
  return unformatted ? kExitFindings : kExitOk;
}

}  // namespace syscage::cli
