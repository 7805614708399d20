// SPDX-License-Identifier: Apache-2.0
// strace -c's table, from strace's count.c layout: "%6.2f %11.6f %11lu %9u %9.u %s", the errors
// column blank when zero, dashes under each header, and a total row.
#include "syscage/trace/summary.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "syscage/syscalls/table.h"

namespace syscage::trace {
namespace {

uint64_t Nanos(const timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

std::string Line(double pct, uint64_t nanos, uint64_t calls, uint64_t errors,
                 const std::string& name) {
  char buf[256];
  const uint64_t usecs = calls == 0 ? 0 : nanos / 1000 / calls;
  char err[24] = "";
  if (errors != 0) std::snprintf(err, sizeof(err), "%llu", static_cast<unsigned long long>(errors));
  std::snprintf(buf, sizeof(buf), "%6.2f %11.6f %11llu %9llu %9s %s\n", pct,
                static_cast<double>(nanos) / 1e9, static_cast<unsigned long long>(usecs),
                static_cast<unsigned long long>(calls), err, name.c_str());
  return buf;
}

constexpr const char* kHeader = "% time     seconds  usecs/call     calls    errors syscall\n";
constexpr const char* kDashes =
    "------ ----------- ----------- --------- --------- ----------------\n";

}  // namespace

Result<SortBy> ParseSortBy(std::string_view s) {
  if (s == "time" || s == "time_total" || s == "total_time") return SortBy::kTime;
  if (s == "calls" || s == "count") return SortBy::kCalls;
  if (s == "errors" || s == "error") return SortBy::kErrors;
  if (s == "name" || s == "syscall" || s == "syscall_name") return SortBy::kName;
  if (s == "nothing" || s == "none") return SortBy::kNothing;
  return Fail(ErrorCode::kInvalidArgument,
              "invalid sortby: '" + std::string(s) + "' (time, calls, errors, name or nothing)");
}

void Summary::OnEvent(const Event& e) {
  if (e.kind == EventKind::kSyscallEntry) {
    entry_mono_[e.tid] = e.mono;
    return;
  }
  if (e.kind == EventKind::kExited || e.kind == EventKind::kKilled) {
    entry_mono_.erase(e.tid);
    return;
  }
  if (e.kind != EventKind::kSyscallExit) return;
  auto name = syscalls::NameOf(e.arch, e.nr);
  std::string n = name ? std::string(*name) : "syscall_" + std::to_string(e.nr);
  if (!filter_.Matches(n)) return;
  SyscallStats& s = stats_[{e.arch, n}];
  ++s.calls;
  if (e.is_error) ++s.errors;
  // The time between the entry and exit stops, which is what strace 6.1's tables show (its
  // rusage-based CPU time is coarser than most calls).
  auto it = entry_mono_.find(e.tid);
  if (it != entry_mono_.end()) {
    const uint64_t a = Nanos(it->second), b = Nanos(e.mono);
    s.nanos += b > a ? b - a : 0;
  }
  entry_mono_.erase(e.tid);
}

void Summary::Add(arch::Arch arch, std::string_view name, const SyscallStats& stats) {
  SyscallStats& s = stats_[{arch, std::string(name)}];
  s.calls += stats.calls;
  s.errors += stats.errors;
  s.nanos += stats.nanos;
}

namespace {

struct Row {
  std::string name;
  SyscallStats s;
};

std::vector<std::pair<arch::Arch, std::vector<Row>>> Group(
    const std::map<std::pair<arch::Arch, std::string>, SyscallStats>& stats, SortBy sort) {
  std::map<arch::Arch, std::vector<Row>> by_arch;
  for (const auto& [key, s] : stats) by_arch[key.first].push_back(Row{key.second, s});
  std::vector<std::pair<arch::Arch, std::vector<Row>>> out;
  const arch::Arch native = arch::NativeArch();
  if (by_arch.count(native) != 0) out.emplace_back(native, std::move(by_arch[native]));
  for (auto& [a, rows] : by_arch) {
    if (a != native) out.emplace_back(a, std::move(rows));
  }
  for (auto& [a, rows] : out) {
    std::stable_sort(rows.begin(), rows.end(), [sort](const Row& x, const Row& y) {
      switch (sort) {
        case SortBy::kTime:
          if (x.s.nanos != y.s.nanos) return x.s.nanos > y.s.nanos;
          break;
        case SortBy::kCalls:
          if (x.s.calls != y.s.calls) return x.s.calls > y.s.calls;
          break;
        case SortBy::kErrors:
          if (x.s.errors != y.s.errors) return x.s.errors > y.s.errors;
          break;
        case SortBy::kName:
        case SortBy::kNothing:
          break;
      }
      return x.name < y.name;
    });
  }
  return out;
}

}  // namespace

std::string Summary::RenderText() const {
  std::string out;
  const auto groups = Group(stats_, sort_);
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& [a, rows] = groups[g];
    if (a != arch::NativeArch() || g > 0) {
      const auto& info = arch::Info(a);
      out += "System call usage summary for ";
      out += a == arch::Arch::kX32 ? "x32" : std::to_string(info.bits) + " bit";
      out += " mode:\n";
    }
    SyscallStats total;
    for (const auto& r : rows) {
      total.calls += r.s.calls;
      total.errors += r.s.errors;
      total.nanos += r.s.nanos;
    }
    out += kHeader;
    out += kDashes;
    for (const auto& r : rows) {
      const double pct = total.nanos == 0 ? 0.0
                                          : 100.0 * static_cast<double>(r.s.nanos) /
                                                static_cast<double>(total.nanos);
      out += Line(pct, r.s.nanos, r.s.calls, r.s.errors, r.name);
    }
    out += kDashes;
    out += Line(100.0, total.nanos, total.calls, total.errors, "total");
  }
  if (groups.empty()) {
    out += kHeader;
    out += kDashes;
    out += kDashes;
    out += Line(100.0, 0, 0, 0, "total");
  }
  return out;
}

std::string Summary::RenderJson(std::string_view backend) const {
  std::string out = "{\n  \"backend\": \"" + std::string(backend) + "\",\n  \"arches\": [";
  const auto groups = Group(stats_, sort_);
  auto stat_json = [](const SyscallStats& s, double pct) {
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "\"calls\": %llu, \"errors\": %llu, \"seconds\": %.6f, \"usecs_per_call\": %llu, "
                  "\"percent\": %.2f",
                  static_cast<unsigned long long>(s.calls),
                  static_cast<unsigned long long>(s.errors), static_cast<double>(s.nanos) / 1e9,
                  static_cast<unsigned long long>(s.calls == 0 ? 0 : s.nanos / 1000 / s.calls),
                  pct);
    return std::string(buf);
  };
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& [a, rows] = groups[g];
    SyscallStats total;
    for (const auto& r : rows) {
      total.calls += r.s.calls;
      total.errors += r.s.errors;
      total.nanos += r.s.nanos;
    }
    out += g > 0 ? ",\n    {" : "\n    {";
    out += "\"arch\": \"" + std::string(arch::Info(a).name) + "\", \"syscalls\": [";
    for (size_t i = 0; i < rows.size(); ++i) {
      const double pct = total.nanos == 0 ? 0.0
                                          : 100.0 * static_cast<double>(rows[i].s.nanos) /
                                                static_cast<double>(total.nanos);
      out += i > 0 ? ",\n      {" : "\n      {";
      out += "\"name\": \"" + rows[i].name + "\", " + stat_json(rows[i].s, pct) + "}";
    }
    out += "],\n     \"total\": {" + stat_json(total, 100.0) + "}}";
  }
  out += "]\n}\n";
  return out;
}

}  // namespace syscage::trace
