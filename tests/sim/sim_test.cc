// SPDX-License-Identifier: Apache-2.0
// The `sim` label: tests/sim/*.tests tables run on syscage's BPF interpreter. Each file names a
// profile and the filter's arches, then rows `ARCH SYSCALL ARG... -> ACTION`:
//   profile default                    # the embedded profile, or a path relative to tests/sim/
//   arches x86_64 x86 x32              # optional; else what runc builds (native + archMap)
//   x86_64 personality 0x20008 -> ALLOW
//   x86_64 read - -> ALLOW             # "-": no arguments (all zero)
//   x32 read 0-3 -> ALLOW              # a-b: every value from a to b (the row repeats)
//   audit:0xc00000b7 1 -> KILL_PROCESS # a raw seccomp_data.arch and number
// SYSCALL is a name of ARCH's table, a number or a range of numbers (x32 ranges count from
// 0x40000000); ACTION is ActionName's spelling ("ERRNO(1)").
// The expected actions are written by hand from what the profile means, never generated.
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "syscage/bpf/explain.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/load.h"

namespace syscage {
namespace {

namespace fs = std::filesystem;

std::optional<uint64_t> Number(const std::string& text) {
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(text, &used, 0);
    if (used == text.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}

// "5" -> {5}; "0-3" -> {0,1,2,3}; nullopt when malformed.
std::optional<std::vector<uint64_t>> Expand(const std::string& text) {
  const size_t dash = text.find('-', 1);
  if (dash == std::string::npos) {
    auto v = Number(text);
    if (!v) return std::nullopt;
    return std::vector<uint64_t>{*v};
  }
  auto lo = Number(text.substr(0, dash));
  auto hi = Number(text.substr(dash + 1));
  if (!lo || !hi || *hi < *lo || *hi - *lo > 4096) return std::nullopt;
  std::vector<uint64_t> out;
  for (uint64_t v = *lo; v <= *hi; ++v) out.push_back(v);
  return out;
}

struct Row {
  int line = 0;
  std::string arch;
  std::string syscall;
  std::vector<std::string> args;
  std::string action;
};

void RunFile(const fs::path& file) {
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::string profile_name;
  std::vector<arch::Arch> arches;
  std::vector<Row> rows;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find('#'));
    for (const char* arrow : {"\xe2\x86\x92", "->"}) {
      if (auto at = line.find(arrow); at != std::string::npos) {
        line.replace(at, std::string(arrow).size(), " -> ");
      }
    }
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.empty()) continue;
    if (w[0] == "profile" && w.size() == 2) {
      profile_name = w[1];
    } else if (w[0] == "arches") {
      for (size_t i = 1; i < w.size(); ++i) {
        auto a = arch::ArchFromName(w[i]);
        ASSERT_TRUE(a) << file << ":" << n << ": " << a.error().message;
        arches.push_back(*a);
      }
    } else {
      ASSERT_TRUE(w.size() >= 4 && w[w.size() - 2] == "->")
          << file << ":" << n << ": expected ARCH SYSCALL ARG... -> ACTION";
      rows.push_back({n, w[0], w[1], {w.begin() + 2, w.end() - 2}, w.back()});
    }
  }
  ASSERT_FALSE(profile_name.empty()) << file << ": no `profile` line";
  if (profile_name != "default") profile_name = (file.parent_path() / profile_name).string();
  Diagnostics diags;
  auto profile = profile::LoadProfile(profile_name, profile::LoadOptions{}, diags);
  ASSERT_TRUE(profile) << profile.error().message;
  bpf::CompileOptions opts;
  opts.arches = arches;
  auto filter = bpf::Pipeline::Compile(*profile, opts, diags);
  ASSERT_TRUE(filter) << filter.error().message;

  size_t calls = 0;
  for (const Row& row : rows) {
    const std::string where = file.filename().string() + ":" + std::to_string(row.line);
    auto want = bpf::ParseActionName(row.action);
    ASSERT_TRUE(want) << where << ": unknown action " << row.action;
    seccomp_data base{};
    bpf::ByteOrder order = bpf::ByteOrder::kLittle;
    std::vector<uint64_t> nrs;
    if (row.arch.rfind("audit:", 0) == 0) {
      auto audit = Number(row.arch.substr(6));
      auto numbers = Expand(row.syscall);
      ASSERT_TRUE(audit && numbers) << where << ": audit:HEX needs numeric syscalls";
      base.arch = static_cast<uint32_t>(*audit);
      nrs = *numbers;
    } else {
      auto a = arch::ArchFromName(row.arch);
      ASSERT_TRUE(a) << where << ": " << a.error().message;
      const arch::ArchInfo& info = arch::Info(*a);
      base.arch = info.audit_arch;
      if (!info.little_endian) order = bpf::ByteOrder::kBig;
      if (auto numbers = Expand(row.syscall);
          numbers && row.syscall.find('-') != std::string::npos) {
        for (uint64_t v : *numbers) nrs.push_back(v + info.nr_offset);  // x32: 0x40000000 + n
      } else {
        auto nr = bpf::SyscallNumber(*a, row.syscall);
        ASSERT_TRUE(nr) << where << ": " << nr.error().message;
        nrs.push_back(*nr);
      }
    }
    // Every number, times the cartesian product of the argument ranges.
    std::vector<seccomp_data> calls_here;
    for (uint64_t nr : nrs) {
      seccomp_data d = base;
      d.nr = static_cast<int>(nr);
      calls_here.push_back(d);
    }
    for (size_t i = 0; i < row.args.size() && i < 6; ++i) {
      if (row.args[i] == "-") continue;
      auto values = Expand(row.args[i]);
      ASSERT_TRUE(values) << where << ": bad argument " << row.args[i];
      std::vector<seccomp_data> next;
      for (const auto& d : calls_here) {
        for (uint64_t v : *values) {
          seccomp_data e = d;
          e.args[i] = v;
          next.push_back(e);
        }
      }
      calls_here = std::move(next);
    }
    for (const auto& d : calls_here) {
      const uint32_t got = bpf::RunChecked(filter->program, d, order).ret;
      ++calls;
      EXPECT_EQ(bpf::ActionName(got), bpf::ActionName(*want))
          << where << ": nr " << d.nr << " args " << std::hex << d.args[0] << " " << d.args[1]
          << " " << d.args[2];
    }
  }
  EXPECT_GT(calls, 0u) << file << " has no rows";
}

class SimTest : public testing::TestWithParam<std::string> {};

TEST_P(SimTest, TableHolds) {
  RunFile(fs::path(SYSCAGE_SOURCE_DIR) / "tests" / "sim" / GetParam());
}

std::vector<std::string> Tables() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(SYSCAGE_SOURCE_DIR) / "tests" / "sim")) {
    if (e.path().extension() == ".tests") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Tables, SimTest, testing::ValuesIn(Tables()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param.substr(0, param.param.find('.'));
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace syscage
