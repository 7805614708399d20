// SPDX-License-Identifier: Apache-2.0
#include "syscage/bpf/explain.h"

#include <algorithm>
#include <charconv>

#include <fmt/core.h>

#include "syscage/base/suggest.h"
#include "syscage/bpf/interpreter.h"
#include "syscage/bpf/ir.h"
#include "syscage/bpf/passes/passes.h"
#include "syscage/syscalls/table.h"

namespace syscage::bpf {
namespace {

// The target arches with `arch` in them, so the program has a branch for it.
CompileOptions WithArch(const profile::Profile& profile, CompileOptions options, arch::Arch a) {
  if (options.arches.empty()) {
    auto arches = TargetArches(profile, options);
    if (arches) options.arches = *arches;
  }
  if (std::find(options.arches.begin(), options.arches.end(), a) == options.arches.end()) {
    options.arches.push_back(a);
  }
  return options;
}

seccomp_data Data(arch::Arch a, uint32_t nr, std::span<const uint64_t> args) {
  seccomp_data d{};
  d.nr = static_cast<int>(nr);
  d.arch = arch::Info(a).audit_arch;
  for (size_t i = 0; i < args.size() && i < 6; ++i) d.args[i] = args[i];
  return d;
}

ByteOrder OrderOf(arch::Arch a) {
  return arch::Info(a).little_endian ? ByteOrder::kLittle : ByteOrder::kBig;
}

}  // namespace

Result<uint32_t> SyscallNumber(arch::Arch a, std::string_view text) {
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
    uint32_t nr = 0;
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char* begin = text.data() + (hex ? 2 : 0);
    auto [p, ec] = std::from_chars(begin, text.data() + text.size(), nr, hex ? 16 : 10);
    if (ec == std::errc() && p == text.data() + text.size()) return nr;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("bad syscall number '{}'", text));
  }
  if (auto nr = syscalls::Resolve(a, text)) return *nr;
  std::vector<std::string> names;
  for (const auto& e : syscalls::Table(a)) names.emplace_back(e.name);
  return Fail(ErrorCode::kNotFound, fmt::format("no syscall '{}' on {}{}", text, arch::Info(a).name,
                                                SuggestionSuffix(text, names)));
}

Result<CallVerdict> ExplainCall(const profile::Profile& profile, arch::Arch a, uint32_t nr,
                                std::span<const uint64_t> args, CompileOptions options,
                                Diagnostics& diags) {
  options = WithArch(profile, std::move(options), a);
  ASSIGN_OR_RETURN(CompiledFilter filter, Pipeline::Compile(profile, options, diags));
  const Evaluation ev = RunChecked(filter.program, Data(a, nr, args), OrderOf(a));
  return CallVerdict{a, nr, ev.ret, ev.executed, ev.loaded_args};
}

Result<std::vector<SyscallRow>> ExplainAll(const profile::Profile& profile, arch::Arch a,
                                           CompileOptions options, Diagnostics& diags) {
  options = WithArch(profile, std::move(options), a);
  ASSIGN_OR_RETURN(CompiledFilter filter, Pipeline::Compile(profile, options, diags));
  // The lowered rules, for the conditions of argument-checked syscalls.
  Diagnostics quiet;
  ASSIGN_OR_RETURN(ResolvedPolicy resolved,
                   ResolveNames(profile, std::vector<arch::Arch>{a}, options, quiet));
  ASSIGN_OR_RETURN(LoweredPolicy lowered, LowerRules(profile, resolved, options, quiet));
  const ArchRules& rules = lowered.arches.front();
  std::vector<SyscallRow> rows;
  for (const auto& entry : syscalls::Table(a)) {
    const Evaluation ev = RunChecked(filter.program, Data(a, entry.nr, {}), OrderOf(a));
    SyscallRow row{std::string(entry.name), entry.nr, ev.ret, ev.loaded_args, ""};
    if (ev.loaded_args) {
      auto it = std::find_if(rules.syscalls.begin(), rules.syscalls.end(),
                             [&](const SyscallPolicy& s) { return s.nr == entry.nr; });
      if (it != rules.syscalls.end()) {
        for (const auto& r : it->rules) {
          std::string conds;
          for (const auto& c : r.conds) conds += (conds.empty() ? "" : " && ") + FormatCondition(c);
          row.conditions += fmt::format("{} -> {}; ", conds, ActionName(r.action));
        }
        row.conditions += "else " + ActionName(lowered.default_action);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace syscage::bpf
