// SPDX-License-Identifier: Apache-2.0
// --arch, --caps, --kernel: which container Docker's includes/excludes and archMap are resolved
// for. Shared by every command that loads profiles, so they all read these flags the same way.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "syscage/base/result.h"
#include "syscage/profile/load.h"

namespace syscage::cli {

class ContainerFlags {
 public:
  // Adds --arch, --caps and --kernel to `sub`, bound to this object (which must outlive parsing).
  void Register(CLI::App& sub);
  // The LoadOptions the parsed flags select (Docker's root-container caps when --caps is absent).
  // kUnsupportedArch, with a close match, for an unknown --arch.
  Result<profile::LoadOptions> ToLoadOptions() const;

 private:
  std::string arch_;
  std::vector<std::string> caps_;
  std::string kernel_;
  CLI::Option* caps_flag_ = nullptr;
};

}  // namespace syscage::cli
