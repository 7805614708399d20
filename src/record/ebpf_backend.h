// SPDX-License-Identifier: Apache-2.0
// The eBPF recording backend: loads ebpf/record.bpf.c (a tp_btf program on sys_enter plus
// sched_process_fork/exit) with libbpf, selects the recorded tasks by cgroup v2 ancestry or by a
// pid set, and reads the per-CPU counts back into a Recording. It never stops the workload: the
// cost is one short BPF program per syscall.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>

#include "syscage/base/result.h"
#include "syscage/record/cgroup.h"
#include "syscage/record/recording.h"

namespace syscage::record {

struct EbpfConfig {
  enum class Mode { kCgroup, kPids };
  Mode mode = Mode::kCgroup;
  CgroupRef cgroup;           // kCgroup: record this cgroup and its descendants
  bool capture_args = false;  // record the first argument of kArgCaptureNames
};

class EbpfRecorder {
 public:
  // Loads and attaches the programs. kUnsupportedArch when syscage was not built for x86_64 (the
  // ABI detection reads x86's TS_COMPAT), kPermission without CAP_BPF + CAP_PERFMON (or
  // CAP_SYS_ADMIN), kKernel when the kernel refuses the program (no BTF, old kernel), with
  // libbpf's last message.
  static Result<std::unique_ptr<EbpfRecorder>> Open(const EbpfConfig& config);
  ~EbpfRecorder();
  EbpfRecorder(const EbpfRecorder&) = delete;
  EbpfRecorder& operator=(const EbpfRecorder&) = delete;

  // kPids: records process `tgid` (its children from now on join by themselves). kKernel.
  Result<> AddPid(pid_t tgid);
  // kPids: how many processes are still recorded (0 once they all exited).
  size_t TrackedPids() const;
  // Sums the per-CPU counts and reads argument values and per-process counts. kKernel.
  Result<Recording> Collect() const;

 private:
  struct Impl;
  explicit EbpfRecorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syscage::record
