// SPDX-License-Identifier: Apache-2.0
// Pipeline::Compile: the passes of src/bpf/passes/ in their fixed order, timing, and the IR dump
// after the stage the caller asked for.
#include "syscage/bpf/pipeline.h"

#include <algorithm>
#include <chrono>

#include <fmt/core.h>

#include "syscage/bpf/disasm.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/passes/passes.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kResolve:
      return "resolve";
    case Stage::kLower:
      return "lower";
    case Stage::kNormalize:
      return "normalize";
    case Stage::kOptimize:
      return "optimize";
    case Stage::kCodegen:
      return "codegen";
    case Stage::kLayout:
      return "layout";
    case Stage::kVerify:
      return "verify";
    case Stage::kEmit:
      return "emit";
  }
  return "?";
}

Result<Stage> StageFromName(std::string_view name) {
  static constexpr Stage kAll[] = {Stage::kResolve,  Stage::kLower,   Stage::kNormalize,
                                   Stage::kOptimize, Stage::kCodegen, Stage::kLayout,
                                   Stage::kVerify,   Stage::kEmit};
  for (Stage s : kAll) {
    if (name == StageName(s)) return s;
  }
  if (name == "resolve_names") return Stage::kResolve;
  if (name == "lower_rules") return Stage::kLower;
  if (name == "normalize_ranges") return Stage::kNormalize;
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("unknown stage '{}' (one of resolve, lower, normalize, optimize, "
                          "codegen, layout, verify, emit)",
                          name));
}

Result<std::vector<arch::Arch>> TargetArches(const profile::Profile& profile,
                                             const CompileOptions& options) {
  if (!options.arches.empty()) return options.arches;
  const arch::Arch native = arch::NativeArch();
  std::vector<arch::Arch> out{native};
  auto add = [&](std::string_view name) -> Result<> {
    arch::Arch a = native;
    if (name != "SCMP_ARCH_NATIVE") {
      ASSIGN_OR_RETURN(a, arch::ArchFromName(name));
    }
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    return Ok{};
  };
  for (const auto& name : profile.architectures) RETURN_IF_ERROR(add(name));
  if (profile.architectures.empty()) {
    // Docker's archMap: the entry of the native arch and its sub-architectures.
    for (const auto& entry : profile.arch_map) {
      auto a = arch::ArchFromName(entry.architecture);
      if (!a || *a != native) continue;
      for (const auto& sub : entry.sub_architectures) RETURN_IF_ERROR(add(sub));
    }
  }
  return out;
}

Result<CompiledFilter> Pipeline::Compile(const profile::Profile& profile,
                                         const CompileOptions& options, Diagnostics& diags) {
  const auto start = std::chrono::steady_clock::now();
  CompiledFilter out;
  ASSIGN_OR_RETURN(out.arches, TargetArches(profile, options));
  auto want = [&](Stage s) { return options.dump_after && *options.dump_after == s; };

  ASSIGN_OR_RETURN(ResolvedPolicy resolved, ResolveNames(profile, out.arches, options, diags));
  if (want(Stage::kResolve)) out.dump = resolved.Dump();
  ASSIGN_OR_RETURN(LoweredPolicy lowered, LowerRules(profile, resolved, options, diags));
  if (want(Stage::kLower)) out.dump = lowered.Dump();
  for (const auto& ar : lowered.arches) {
    for (const auto& s : ar.syscalls) {
      if (s.action) continue;
      if (std::any_of(s.rules.begin(), s.rules.end(),
                      [](const CondRule& r) { return r.action == kRetAllow; })) {
        out.conditional_allowed.emplace_back(ar.arch, s.nr);
      }
    }
  }
  ASSIGN_OR_RETURN(RangePolicy ranges, NormalizeRanges(lowered, options));
  if (want(Stage::kNormalize)) out.dump = ranges.Dump();
  ASSIGN_OR_RETURN(ranges, Optimize(std::move(ranges), options));
  if (want(Stage::kOptimize)) out.dump = ranges.Dump();
  ASSIGN_OR_RETURN(SymbolicProgram sym, Codegen(ranges, options));
  if (want(Stage::kCodegen)) out.dump = sym.Dump();
  ASSIGN_OR_RETURN(out.program, Layout(sym, options));
  if (want(Stage::kLayout)) out.dump = Disassemble(out.program);
  RETURN_IF_ERROR(Verify(out.program));
  if (want(Stage::kVerify) || want(Stage::kEmit)) out.dump = Disassemble(out.program);
  out.compile_micros =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  return out;
}

CompileStats ComputeStats(const CompiledFilter& filter) {
  CompileStats stats;
  stats.length = filter.program.size();
  stats.compile_micros = filter.compile_micros;
  std::vector<uint32_t> all_executed;
  for (arch::Arch a : filter.arches) {
    const arch::ArchInfo& info = arch::Info(a);
    ArchStats as;
    as.arch = a;
    std::vector<uint32_t> executed;
    for (const auto& entry : syscalls::Table(a)) {
      seccomp_data data{};
      data.nr = static_cast<int>(entry.nr);
      data.arch = info.audit_arch;
      const Evaluation ev = RunChecked(filter.program, data,
                                       info.little_endian ? ByteOrder::kLittle : ByteOrder::kBig);
      ++as.syscalls;
      executed.push_back(ev.executed);
      const bool conditional_allow =
          std::find(filter.conditional_allowed.begin(), filter.conditional_allowed.end(),
                    std::make_pair(a, entry.nr)) != filter.conditional_allowed.end();
      if (ev.loaded_args) {
        if (conditional_allow) ++as.allowed;
      } else if (NormalizeAction(ev.ret) == kRetAllow) {
        ++as.allowed;
        ++as.cache_eligible;
      }
    }
    if (!executed.empty()) {
      all_executed.insert(all_executed.end(), executed.begin(), executed.end());
      std::sort(executed.begin(), executed.end());
      as.executed_median = executed[executed.size() / 2];
      as.executed_max = executed.back();
    }
    stats.allowed += as.allowed;
    stats.cache_eligible += as.cache_eligible;
    stats.arches.push_back(as);
  }
  if (!all_executed.empty()) {
    std::sort(all_executed.begin(), all_executed.end());
    stats.executed_median = all_executed[all_executed.size() / 2];
    stats.executed_max = all_executed.back();
  }
  return stats;
}

}  // namespace syscage::bpf
