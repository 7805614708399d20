// SPDX-License-Identifier: Apache-2.0
// A libFuzzer-compatible driver for compilers without libFuzzer (the normal gcc build): runs
// LLVMFuzzerTestOneInput on every file of the given directories, then on N inputs made from them
// by a fixed-seed mutator (byte flips, inserts, deletes, splices, JSON/YAML tokens), so the fuzz
// smoke in ctest is deterministic. Usage: replay_driver [-runs=N] [-seed=S] DIR_OR_FILE...
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Collect(const std::string& path, std::vector<std::string>& out) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") Collect(path + "/" + n, out);
    }
    closedir(d);
    return;
  }
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  out.push_back(ss.str());
}

const char* const kTokens[] = {"{",
                               "}",
                               "[",
                               "]",
                               ",",
                               ":",
                               "\"",
                               "null",
                               "true",
                               "-1",
                               "18446744073709551616",
                               "1e9",
                               "\"names\"",
                               "\"action\"",
                               "\"args\"",
                               "\"index\": 6",
                               "\"SCMP_ACT_ALLOW\"",
                               "\"SCMP_CMP_MASKED_EQ\"",
                               "\"includes\"",
                               "\"caps\"",
                               "\"archMap\"",
                               "\\u0000",
                               "\\ud800",
                               "---\n",
                               "- ",
                               "  ",
                               "\n",
                               "&a ",
                               "*a",
                               "!!str ",
                               "? ",
                               "|\n",
                               "baseProfileName: x\n"};

std::string Mutate(const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  std::string s = seeds[rng() % seeds.size()];
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < steps; ++i) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 5) {
      case 0:
        if (!s.empty() && pos < s.size()) s[pos] = static_cast<char>(s[pos] ^ (1u << (rng() % 8)));
        break;
      case 1:
        s.insert(pos, kTokens[rng() % (sizeof(kTokens) / sizeof(kTokens[0]))]);
        break;
      case 2:
        if (pos < s.size()) s.erase(pos, 1 + rng() % 8);
        break;
      case 3: {
        const std::string& other = seeds[rng() % seeds.size()];
        if (!other.empty()) {
          size_t from = rng() % other.size();
          s.insert(pos, other.substr(from, 1 + rng() % 64));
        }
        break;
      }
      default:
        s.insert(pos, 1, static_cast<char>(rng() % 256));
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 1000;
  unsigned long long seed = 1;
  bool verbose = false;  // -verbose: name each input before running it (to find a hang)
  std::string last;      // -last=PATH: each input is written there first (to replay a crash)
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("-runs=", 0) == 0) {
      runs = std::atol(a.c_str() + 6);
    } else if (a.rfind("-last=", 0) == 0) {
      last = a.substr(6);
    } else if (a == "-verbose") {
      verbose = true;
    } else if (a.rfind("-seed=", 0) == 0) {
      seed = std::strtoull(a.c_str() + 6, nullptr, 10);
    } else {
      Collect(a, inputs);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay_driver: no inputs\n");
    return 2;
  }
  for (const auto& in : inputs) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  }
  std::mt19937_64 rng(seed);
  for (long i = 0; i < runs; ++i) {
    std::string m = Mutate(inputs, rng);
    if (verbose) std::fprintf(stderr, "mutation %ld: %zu bytes\n", i, m.size());
    if (!last.empty()) std::ofstream(last, std::ios::binary | std::ios::trunc) << m;
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  }
  std::printf("replay_driver: %zu seed inputs and %ld mutated inputs, seed %llu: ok\n",
              inputs.size(), runs, seed);
  return 0;
}
