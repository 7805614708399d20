// SPDX-License-Identifier: Apache-2.0
// bench/filter: syscage's filter for a profile (Docker's default unless given) against
// libseccomp 2.5.4's linear and binary-tree output, built the way runc builds it. Prints one table
// of ours/libseccomp ratios (length, instructions executed per syscall median/max/weighted,
// cache-eligible allowed syscalls, compile time, ns per syscall under each installed filter for
// an argument-checked call (personality) and a denied one), then runs the compile-time
// benchmarks.
//   filter [PROFILE] [--benchmark_* flags]
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "seccomp_ref.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/pipeline.h"
#include "syscage/profile/load.h"
#include "syscage/syscalls/table.h"

namespace syscage {
namespace {

profile::Profile g_profile;
std::vector<arch::Arch> g_arches;

// A typical container workload's syscall mix (share of calls, from an strace -c of a build of
// this project; names not in a table are ignored), for the weighted figure.
const std::vector<std::pair<const char*, double>> kWorkload = {
    {"read", 18},        {"write", 9},       {"openat", 8}, {"close", 8},    {"newfstatat", 10},
    {"mmap", 6},         {"futex", 6},       {"fstat", 4},  {"lseek", 3},    {"brk", 2},
    {"rt_sigaction", 2}, {"getdents64", 3},  {"ioctl", 2},  {"mprotect", 3}, {"munmap", 2},
    {"clone", 1},        {"wait4", 1},       {"execve", 1}, {"pread64", 4},  {"access", 2},
    {"epoll_wait", 3},   {"personality", 1}, {"socket", 1},
};

struct Figures {
  size_t length = 0;
  double median = 0, max = 0, weighted = 0;
  uint32_t allowed = 0, cache_eligible = 0;
  double compile_us = 0;
};

template <class Eval>
void Executed(const std::vector<sock_filter>& prog, Eval eval, Figures& f) {
  std::vector<uint32_t> counts;
  double wsum = 0, wtotal = 0;
  for (arch::Arch a : g_arches) {
    for (const auto& e : syscalls::Table(a)) {
      seccomp_data d{};
      d.nr = static_cast<int>(e.nr);
      d.arch = arch::Info(a).audit_arch;
      const bpf::Evaluation ev = eval(prog, d);
      counts.push_back(ev.executed);
      if (ev.ret == bpf::kRetAllow && !ev.loaded_args) ++f.cache_eligible;
      if (ev.ret == bpf::kRetAllow || ev.loaded_args) ++f.allowed;
      if (a == g_arches.front()) {
        for (const auto& [name, w] : kWorkload) {
          if (e.name == name) {
            wsum += w * ev.executed;
            wtotal += w;
          }
        }
      }
    }
  }
  std::sort(counts.begin(), counts.end());
  f.length = prog.size();
  f.median = counts[counts.size() / 2];
  f.max = counts.back();
  f.weighted = wtotal > 0 ? wsum / wtotal : 0;
}

double NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// ns per call of syscall `nr` (a0) in a forked child running under `prog` (nullptr: no filter),
// pinned to the CPU the parent runs on: the best of 3 repetitions of 100000 calls.
double NsPerCall(const std::vector<sock_filter>* prog, long nr, unsigned long a0, int cpu) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
    if (prog != nullptr) {
      sock_fprog fp{static_cast<unsigned short>(prog->size()),
                    const_cast<sock_filter*>(prog->data())};
      if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
          syscall(SYS_seccomp, 1 /*SECCOMP_SET_MODE_FILTER*/, 0, &fp) != 0) {
        _exit(1);
      }
    }
    constexpr int kCalls = 100000;
    for (int i = 0; i < kCalls / 10; ++i) syscall(nr, a0);  // warm up
    double best = 1e18;
    for (int round = 0; round < 3; ++round) {
      const double t0 = NowNs();
      for (int i = 0; i < kCalls; ++i) syscall(nr, a0);
      best = std::min(best, (NowNs() - t0) / kCalls);
    }
    if (write(fds[1], &best, sizeof(best)) != sizeof(best)) _exit(2);
    _exit(0);
  }
  close(fds[1]);
  double ns = -1;
  if (read(fds[0], &ns, sizeof(ns)) != sizeof(ns)) ns = -1;
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return ns;
}

struct Timing {
  double min = 0;
  double median = 0;
};

// Interleaved rounds over the filters (nullptr: none), so drift hits them all alike; min and
// median over the rounds for each.
std::vector<Timing> Measure(const std::vector<const std::vector<sock_filter>*>& progs, long nr,
                            unsigned long a0) {
  constexpr int kRounds = 9;
  const int cpu = std::max(0, sched_getcpu());
  std::vector<std::vector<double>> samples(progs.size());
  for (int round = 0; round < kRounds; ++round) {
    for (size_t i = 0; i < progs.size(); ++i)
      samples[i].push_back(NsPerCall(progs[i], nr, a0, cpu));
  }
  std::vector<Timing> out;
  for (auto& s : samples) {
    std::sort(s.begin(), s.end());
    out.push_back({s.front(), s[s.size() / 2]});
  }
  return out;
}

void Print(const char* what, double ours, double linear, double tree) {
  std::printf("%-42s %10.1f %10.1f %10.1f   %6.2f   %6.2f\n", what, ours, linear, tree,
              linear > 0 ? ours / linear : 0, tree > 0 ? ours / tree : 0);
}

void Report() {
  Diagnostics diags;
  bpf::CompileOptions opts;
  opts.arches = g_arches;
  opts.ignore_unknown = true;
  Figures ours, lin, tree;
  bpf::CompiledFilter filter;
  double best = 1e18;
  for (int i = 0; i < 50; ++i) {
    auto f = bpf::Pipeline::Compile(g_profile, opts, diags);
    if (!f) {
      std::fprintf(stderr, "compile failed: %s\n", f.error().message.c_str());
      return;
    }
    best = std::min(best, f->compile_micros);
    filter = std::move(*f);
  }
  ours.compile_us = best;
  auto ours_eval = [](const std::vector<sock_filter>& p, const seccomp_data& d) {
    return bpf::RunChecked(p, d);
  };
  Executed(filter.program, ours_eval, ours);
  std::optional<oracle::RefFilter> refs[2];
  Figures* figs[2] = {&lin, &tree};
  for (int level = 1; level <= 2; ++level) {
    std::string error;
    double lbest = 1e18;
    for (int i = 0; i < 20; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      refs[level - 1] = oracle::BuildReference(g_profile, g_arches, &error, level);
      lbest = std::min(
          lbest,
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    if (!refs[level - 1]) {
      std::fprintf(stderr, "libseccomp refused the profile: %s\n", error.c_str());
      return;
    }
    figs[level - 1]->compile_us = lbest;
    // runc's stub runs first: count its instructions as runc installs them (2 for the arch
    // check and 3 per section are what runc's stub executes; the program is libseccomp's).
    Executed(refs[level - 1]->program, ours_eval, *figs[level - 1]);
  }
  // Live cost under the installed filters: personality(0xffffffff) is argument-checked by
  // Docker's profile (the kernel's action cache cannot skip the filter); acct(0) is denied (no
  // CAP_SYS_PACCT). Each configuration runs in its own child; "overhead" is the median minus the
  // unfiltered median.
  const std::vector<const std::vector<sock_filter>*> progs = {&filter.program, &refs[0]->program,
                                                              &refs[1]->program, nullptr};
  const auto pers = Measure(progs, SYS_personality, 0xffffffffUL);
  const auto denied = Measure(progs, SYS_acct, 0);
  std::string arches;
  for (auto a : g_arches) arches += std::string(arch::Info(a).name) + " ";
  std::printf(
      "profile arches: %s(libseccomp 2.5.4 as runc builds it; the reference's\n"
      "program alone, without runc's -ENOSYS stub in front)\n\n",
      arches.c_str());
  std::printf("%-42s %10s %10s %10s   %6s   %6s\n", "", "syscage", "lsc-linear", "lsc-tree", "/lin",
              "/tree");
  Print("length (instructions)", static_cast<double>(ours.length), static_cast<double>(lin.length),
        static_cast<double>(tree.length));
  Print("executed per syscall, median", ours.median, lin.median, tree.median);
  Print("executed per syscall, max", ours.max, lin.max, tree.max);
  Print("executed, workload-weighted", ours.weighted, lin.weighted, tree.weighted);
  Print("allowed syscalls", ours.allowed, lin.allowed, tree.allowed);
  Print("cache-eligible allowed", ours.cache_eligible, lin.cache_eligible, tree.cache_eligible);
  Print("compile time (us)", ours.compile_us, lin.compile_us, tree.compile_us);
  for (const auto& [name, t] :
       {std::pair{"personality(0xffffffff)", &pers}, std::pair{"denied acct(0)", &denied}}) {
    const auto& v = *t;
    Print((std::string("ns/call ") + name + ", median").c_str(), v[0].median, v[1].median,
          v[2].median);
    Print((std::string("ns/call ") + name + ", min").c_str(), v[0].min, v[1].min, v[2].min);
    Print((std::string("filter overhead ns, ") + name).c_str(), v[0].median - v[3].median,
          v[1].median - v[3].median, v[2].median - v[3].median);
  }
  std::printf(
      "(no filter: personality %.1f, acct %.1f ns/call median; 9 rounds of 3x100000 calls "
      "per filter, pinned to CPU %d)\n\n",
      pers[3].median, denied[3].median, std::max(0, sched_getcpu()));
}

void BM_CompileSyscage(benchmark::State& state) {
  bpf::CompileOptions opts;
  opts.arches = g_arches;
  opts.ignore_unknown = true;
  for (auto _ : state) {
    Diagnostics diags;
    auto f = bpf::Pipeline::Compile(g_profile, opts, diags);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_CompileSyscage)->Unit(benchmark::kMicrosecond);

void BM_CompileLibseccompTree(benchmark::State& state) {
  for (auto _ : state) {
    std::string error;
    auto r = oracle::BuildReference(g_profile, g_arches, &error, 2);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_CompileLibseccompTree)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace syscage

int main(int argc, char** argv) {
  using namespace syscage;
  std::string path = "default";
  if (argc > 1 && argv[1][0] != '-') {
    path = argv[1];
    --argc;
    ++argv;
  }
  Diagnostics diags;
  auto p = profile::LoadProfile(path, profile::LoadOptions{}, diags);
  if (!p) {
    std::fprintf(stderr, "%s\n%s\n", diags.ToString().c_str(), p.error().ToString().c_str());
    return 2;
  }
  g_profile = std::move(*p);
  auto arches = bpf::TargetArches(g_profile, bpf::CompileOptions{});
  if (!arches) return 2;
  g_arches = *arches;
  Report();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
