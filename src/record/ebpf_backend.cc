// SPDX-License-Identifier: Apache-2.0
// Loader and reader for the eBPF recorder (see ebpf_backend.h). The skeleton header is generated
// at build time by `bpftool gen skeleton` from ebpf/record.bpf.c; the slot layout and constants
// below mirror that file.
#include "syscage/record/ebpf_backend.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "record.skel.h"
#include "syscage/base/log.h"
#include "syscage/record/ebpf_abi.h"
#include "syscage/syscalls/table.h"

namespace syscage::record {
namespace {

// Mirrors ebpf/record.bpf.c (the ABI slots: ebpf_abi.h).
constexpr uint32_t kArgSlots = 4;
constexpr uint32_t kModeCgroup = 0;
constexpr uint32_t kModePids = 1;
constexpr uint32_t kNoNr = 0xffffffffu;

struct ArgKey {
  uint32_t slot;
  uint32_t pad;
  uint64_t value;
};
struct CallerValue {
  uint64_t calls;
  char comm[16];
};

// libbpf prints through one global callback: keep its last warning for our error message
// instead of letting it write to stderr.
std::mutex g_log_mu;
std::string g_last_libbpf_message;

int LibbpfPrint(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG) return 0;
  char buf[512];
  int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
  std::lock_guard<std::mutex> lock(g_log_mu);
  g_last_libbpf_message.assign(buf);
  while (!g_last_libbpf_message.empty() && g_last_libbpf_message.back() == '\n') {
    g_last_libbpf_message.pop_back();
  }
  return n;
}

std::string LastLibbpfMessage() {
  std::lock_guard<std::mutex> lock(g_log_mu);
  return g_last_libbpf_message.empty() ? "" : " (libbpf: " + g_last_libbpf_message + ")";
}

Error LoadError(const char* what, int err) {
  if (err < 0) err = -err;
  if (err == EPERM || err == EACCES) {
    return Error{ErrorCode::kPermission,
                 std::string("no permission to ") + what +
                     " eBPF programs: needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)" +
                     LastLibbpfMessage(),
                 err};
  }
  return Error{
      ErrorCode::kKernel,
      std::string("the kernel refused to ") + what + " the eBPF recorder" + LastLibbpfMessage(),
      err};
}

}  // namespace

struct EbpfRecorder::Impl {
  record_bpf* skel = nullptr;
  EbpfConfig config;
  ~Impl() {
    if (skel != nullptr) record_bpf__destroy(skel);
  }
};

EbpfRecorder::EbpfRecorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EbpfRecorder::~EbpfRecorder() = default;

Result<std::unique_ptr<EbpfRecorder>> EbpfRecorder::Open(const EbpfConfig& config) {
  if (arch::NativeArch() != arch::Arch::kX86_64) {
    return Fail(ErrorCode::kUnsupportedArch,
                "the eBPF recorder supports x86_64 hosts only (it reads x86's TS_COMPAT)");
  }
  libbpf_set_print(LibbpfPrint);
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->skel = record_bpf__open();
  if (impl->skel == nullptr) return Fail(LoadError("open", errno));
  auto* ro = impl->skel->rodata;
  ro->mode = config.mode == EbpfConfig::Mode::kCgroup ? kModeCgroup : kModePids;
  ro->target_cgroup_id = config.cgroup.id;
  ro->target_cgroup_level = config.cgroup.level;
  ro->capture_args = config.capture_args ? 1 : 0;
  for (uint32_t abi = 0; abi < kAbiCount; ++abi) {
    for (uint32_t i = 0; i < kArgSlots; ++i) {
      auto nr = syscalls::Resolve(kAbiArch[abi], kArgCaptureNames[i]);
      // The kernel side compares without the x32 bit.
      ro->arg_nrs[abi][i] = nr ? (*nr & ~arch::kX32SyscallBit) : kNoNr;
    }
  }
  if (config.mode == EbpfConfig::Mode::kCgroup) {
    // Fork tracking is only for the pid set.
    bpf_program__set_autoload(impl->skel->progs.record_fork, false);
    // A hash map is preallocated at creation: the unused 65536-entry pid set cost ~20 ms of
    // every launched recording.
    bpf_map__set_max_entries(impl->skel->maps.pids, 1);
  }
  if (!config.capture_args) bpf_map__set_max_entries(impl->skel->maps.arg_values, 1);
  // Written once per exiting process, never on the syscall path: allocate entries on demand
  // instead of all of them at load time (the 4 ms the preallocation took).
  bpf_map__set_map_flags(impl->skel->maps.callers, BPF_F_NO_PREALLOC);
  auto t0 = std::chrono::steady_clock::now();
  int err = record_bpf__load(impl->skel);
  if (err != 0) return Fail(LoadError("load", err));
  auto t1 = std::chrono::steady_clock::now();
  err = record_bpf__attach(impl->skel);
  if (err != 0) return Fail(LoadError("attach", err));
  auto t2 = std::chrono::steady_clock::now();
  using Ms = std::chrono::duration<double, std::milli>;
  LOG_D("record: eBPF load (vmlinux BTF, verifier) {:.1f} ms, attach {:.1f} ms",
        Ms(t1 - t0).count(), Ms(t2 - t1).count());
  return std::unique_ptr<EbpfRecorder>(new EbpfRecorder(std::move(impl)));
}

Result<> EbpfRecorder::AddPid(pid_t tgid) {
  uint32_t key = static_cast<uint32_t>(tgid);
  uint8_t one = 1;
  if (bpf_map__update_elem(impl_->skel->maps.pids, &key, sizeof(key), &one, sizeof(one), BPF_ANY) !=
      0) {
    return Fail(ErrorCode::kKernel, "cannot add pid " + std::to_string(tgid), errno);
  }
  return {};
}

size_t EbpfRecorder::TrackedPids() const {
  size_t n = 0;
  uint32_t key = 0;
  uint32_t next = 0;
  const uint32_t* prev = nullptr;
  while (bpf_map__get_next_key(impl_->skel->maps.pids, prev, &next, sizeof(next)) == 0) {
    ++n;
    key = next;
    prev = &key;
  }
  return n;
}

Result<Recording> EbpfRecorder::Collect() const {
  Recording rec;
  int ncpu = libbpf_num_possible_cpus();
  if (ncpu <= 0) return Fail(ErrorCode::kKernel, "cannot count CPUs", -ncpu);
  // One batched read of the whole per-CPU array (a lookup per slot would be 3072 bpf(2) calls).
  const size_t slots = kAbiCount * kMaxNr;
  const size_t cpus = static_cast<size_t>(ncpu);
  std::vector<uint32_t> keys(slots);
  std::vector<uint64_t> values(slots * cpus);
  int fd = bpf_map__fd(impl_->skel->maps.counts);
  size_t done = 0;
  uint32_t out_batch = 0;
  bool first = true;
  while (done < slots) {
    uint32_t n = static_cast<uint32_t>(slots - done);
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int r = bpf_map_lookup_batch(fd, first ? nullptr : &out_batch, &out_batch, keys.data() + done,
                                 values.data() + done * cpus, &n, &opts);
    first = false;
    done += n;
    if (r != 0) {
      if (errno == ENOENT) break;  // the end of the array
      return Fail(ErrorCode::kKernel, "cannot read the syscall counts", errno);
    }
  }
  for (size_t i = 0; i < done; ++i) {
    uint64_t sum = 0;
    for (size_t c = 0; c < cpus; ++c) sum += values[i * cpus + c];
    if (sum == 0) continue;
    if (auto call = CallOfSlot(keys[i])) rec.Add(call->arch, call->nr, sum);
  }

  bpf_map* args = impl_->skel->maps.arg_values;
  ArgKey key{};
  ArgKey next{};
  const ArgKey* prev = nullptr;
  while (bpf_map__get_next_key(args, prev, &next, sizeof(next)) == 0) {
    uint64_t n = 0;
    if (bpf_map__lookup_elem(args, &next, sizeof(next), &n, sizeof(n), 0) == 0) {
      if (auto call = CallOfSlot(next.slot)) rec.arg0[{call->arch, call->nr}][next.value] += n;
    }
    key = next;
    prev = &key;
  }

  bpf_map* callers = impl_->skel->maps.callers;
  uint32_t pkey = 0;
  uint32_t pnext = 0;
  const uint32_t* pprev = nullptr;
  while (bpf_map__get_next_key(callers, pprev, &pnext, sizeof(pnext)) == 0) {
    CallerValue v{};
    if (bpf_map__lookup_elem(callers, &pnext, sizeof(pnext), &v, sizeof(v), 0) == 0) {
      Caller& c = rec.callers[static_cast<pid_t>(pnext)];
      c.comm.assign(v.comm, strnlen(v.comm, sizeof(v.comm)));
      c.calls += v.calls;
    }
    pkey = pnext;
    pprev = &pkey;
  }

  uint32_t zero = 0;
  uint64_t dropped = 0;
  if (bpf_map__lookup_elem(impl_->skel->maps.dropped, &zero, sizeof(zero), &dropped,
                           sizeof(dropped), 0) == 0) {
    rec.dropped_args = dropped;
  }
  return rec;
}

}  // namespace syscage::record
