// SPDX-License-Identifier: Apache-2.0
// Reads a stopped tracee's memory and fd paths: the TraceeMemory the decoders use for a real
// process (ptrace backend, and `run --report` decoding a denied call's arguments).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "syscage/trace/event.h"

namespace syscage::trace {

class ProcessMemory final : public TraceeMemory {
 public:
  // process_vm_readv; a read that crosses into an unmapped page returns what precedes it.
  size_t Read(pid_t tid, uint64_t addr, void* out, size_t len) override;
  // readlink of /proc/PID/fd/FD (AT_FDCWD: /proc/PID/cwd); empty when it cannot be read.
  std::string FdPath(pid_t pid, int fd) override;
};

}  // namespace syscage::trace
