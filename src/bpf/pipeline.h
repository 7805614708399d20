// SPDX-License-Identifier: Apache-2.0
// The seccomp BPF compiler: a Profile in, one classic-BPF program for all its architectures out,
// with the meaning runc 1.1 + libseccomp 2.5.4 give the profile (runc's -ENOSYS stub included).
// Pipeline::Compile runs the passes of src/bpf/passes/ in a fixed order and can dump the IR after
// any of them.
//
//   bpf::CompileOptions opts;                       // the profile's arches + native, optimised
//   Diagnostics diags;
//   ASSIGN_OR_RETURN(auto out, bpf::Pipeline::Compile(profile, opts, diags));
//   install(out.program);                           // sock_filter[], as seccomp(2) takes it
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syscage/arch/arch.h"
#include "syscage/base/diagnostics.h"
#include "syscage/base/result.h"
#include "syscage/bpf/program.h"
#include "syscage/profile/model.h"

namespace syscage::bpf {

enum class Stage { kResolve, kLower, kNormalize, kOptimize, kCodegen, kLayout, kVerify, kEmit };

// "resolve", "lower", "normalize", "optimize", "codegen", "layout", "verify", "emit".
const char* StageName(Stage stage);
// Parses StageName's output (also "resolve_names", "lower_rules", "normalize_ranges");
// kInvalidArgument listing the valid names.
Result<Stage> StageFromName(std::string_view name);

// How the syscall number is dispatched inside one arch.
enum class Dispatch {
  kBinary,  // balanced search over number ranges sharing an action (default)
  kLinear,  // one compare per range, in number order (what libseccomp's default looks like)
};

struct CompileOptions {
  // Target architectures, in filter order. Empty: what runc builds, the profile's
  // `architectures` (or Docker's archMap entry for the native arch) plus the native arch.
  std::vector<arch::Arch> arches;
  // Names no architecture knows are errors unless this is set (then warnings, and skipped).
  bool ignore_unknown = false;
  Dispatch dispatch = Dispatch::kBinary;
  // runc's -ENOSYS stub for numbers above the highest the profile names on each listed arch.
  bool enosys_stub = true;
  // The action for a seccomp_data.arch the filter does not know (libseccomp's default).
  uint32_t bad_arch_action = kRetKillProcess;
  // Optimiser switches (each can be turned off to compare or to debug).
  bool merge_ranges = true;  // join neighbouring ranges with the same outcome
  bool share_blocks = true;  // one copy of identical argument-check blocks
  // When set, Compile writes the IR after this stage into CompiledFilter::dump.
  std::optional<Stage> dump_after;
};

// Per-arch figures of a compiled filter (ComputeStats).
struct ArchStats {
  arch::Arch arch = arch::Arch::kX86_64;
  uint32_t syscalls = 0;         // syscalls in syscage's table for the arch
  uint32_t allowed = 0;          // of those, ALLOW for some arguments
  uint32_t cache_eligible = 0;   // of those, ALLOW without loading any argument
  uint32_t executed_median = 0;  // instructions executed per table syscall (zero args)
  uint32_t executed_max = 0;
};

struct CompileStats {
  size_t length = 0;  // instructions
  std::vector<ArchStats> arches;
  uint32_t allowed = 0;  // sums over the arches
  uint32_t cache_eligible = 0;
  uint32_t executed_median = 0;  // over all arches' table syscalls
  uint32_t executed_max = 0;
  double compile_micros = 0;  // wall time of Pipeline::Compile
};

struct CompiledFilter {
  Program program;
  std::vector<arch::Arch> arches;  // in filter order
  double compile_micros = 0;
  std::string dump;  // the IR after CompileOptions::dump_after, when set
  // (arch, nr) of syscalls whose argument rules can ALLOW, for ComputeStats.
  std::vector<std::pair<arch::Arch, uint32_t>> conditional_allowed;
};

class Pipeline {
 public:
  // Compiles `profile` (includes/excludes already resolved by the loader). User-input problems
  // (unknown syscall names, bad errno values, bad argument indexes) go to `diags` and make the
  // result kInvalidArgument; a program over 4096 instructions is kLimitExceeded; a program the
  // verifier rejects is kInternal (a compiler bug).
  static Result<CompiledFilter> Compile(const profile::Profile& profile,
                                        const CompileOptions& options, Diagnostics& diags);
};

// The arches `options` selects for `profile` (see CompileOptions::arches). kUnsupportedArch for
// a name syscage does not know.
Result<std::vector<arch::Arch>> TargetArches(const profile::Profile& profile,
                                             const CompileOptions& options);

// Runs `filter` over every table syscall of each of its arches (zero arguments) and for each
// argument-checked one over its rule values, to count allowed and cache-eligible syscalls and
// executed instructions.
CompileStats ComputeStats(const CompiledFilter& filter);

}  // namespace syscage::bpf
