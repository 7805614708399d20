// SPDX-License-Identifier: Apache-2.0
// The `golden` label: each tests/golden/compile/<case>/ directory holds profile.json, an optional
// `arches` file (arch names on one line; default: what runc builds for the profile) and
// expected.asm, the disassembly of the compiled program. The files were checked by hand when
// written (compile/README.md says what each case shows); a compiler change that alters any
// program shows up here as a diff. UPDATE_GOLDEN=1 rewrites expected.asm instead of comparing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "syscage/bpf/disasm.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/load.h"

namespace syscage {
namespace {

namespace fs = std::filesystem;

fs::path CasesDir() { return fs::path(SYSCAGE_SOURCE_DIR) / "tests" / "golden" / "compile"; }

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, DisassemblyMatches) {
  const fs::path dir = CasesDir() / GetParam();
  Diagnostics diags;
  auto profile = profile::LoadProfile((dir / "profile.json").string(), {}, diags);
  ASSERT_TRUE(profile) << profile.error().message;
  bpf::CompileOptions opts;
  if (fs::exists(dir / "arches")) {
    std::istringstream words(Slurp(dir / "arches"));
    for (std::string w; words >> w;) {
      auto a = arch::ArchFromName(w);
      ASSERT_TRUE(a) << a.error().message;
      opts.arches.push_back(*a);
    }
  }
  auto filter = bpf::Pipeline::Compile(*profile, opts, diags);
  ASSERT_TRUE(filter) << filter.error().message;
  const std::string got = bpf::Disassemble(filter->program);
  const fs::path expected = dir / "expected.asm";
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected, std::ios::trunc) << got;
    GTEST_SKIP() << "rewrote " << expected;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " missing (run with UPDATE_GOLDEN=1)";
  EXPECT_EQ(got, Slurp(expected)) << "disassembly of " << GetParam() << " changed";
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(CasesDir())) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace syscage
