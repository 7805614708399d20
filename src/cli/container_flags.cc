// SPDX-License-Identifier: Apache-2.0
#include "syscage/cli/container_flags.h"

namespace syscage::cli {

void ContainerFlags::Register(CLI::App& sub) {
  sub.add_option("--arch", arch_, "architecture the container runs on (default: host)");
  caps_flag_ = sub.add_option("--caps", caps_,
                              "container capabilities, comma separated (default: Docker's)");
  sub.add_option("--kernel", kernel_, "kernel version for minKernel (default: host)");
}

Result<profile::LoadOptions> ContainerFlags::ToLoadOptions() const {
  return profile::MakeLoadOptions(arch_, caps_, caps_flag_ != nullptr && caps_flag_->count() > 0,
                                  kernel_);
}

}  // namespace syscage::cli
