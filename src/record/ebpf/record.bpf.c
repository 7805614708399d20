// SPDX-License-Identifier: Apache-2.0
// The in-kernel half of `syscage record --backend ebpf`: a tp_btf program on sys_enter that counts
// (ABI, syscall nr) for the recorded tasks only, in a per-CPU array the user side sums at the end.
// Tasks are selected by cgroup v2 ancestry (a cgroup syscage made for the launched command, or
// --cgroup) or by a set of thread-group ids kept up to date on fork/exit (--pid). The hot path is
// one helper call (cgroup id) or one hash lookup (pids), one load of thread_info.status and one
// per-CPU increment, so recording costs little more than an empty raw tracepoint.
// vmlinux.h must come before the libbpf headers, which use its types.
// clang-format off
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
// clang-format on

#include "syscall_abi.bpf.h"

#define MODE_CGROUP 0
#define MODE_PIDS 1

#define ARG_SLOTS 4  // clone, socket, personality, prctl: their first argument is recorded

// Set by the loader before load (read-only data: the verifier prunes the unused mode).
const volatile __u32 mode = MODE_CGROUP;
const volatile __u64 target_cgroup_id = 0;
const volatile __u32 target_cgroup_level = 0;
const volatile __u32 capture_args = 0;
// Per ABI, the numbers whose first argument is recorded (0xffffffff: none).
const volatile __u32 arg_nrs[ABI_COUNT][ARG_SLOTS] = {};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, (ABI_COUNT) * (MAX_NR));
  __type(key, __u32);
  __type(value, __u64);
} counts SEC(".maps");

// --pid mode: the thread-group ids being recorded.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} pids SEC(".maps");

struct arg_key {
  __u32 slot;  // abi * MAX_NR + nr
  __u32 pad;
  __u64 value;  // the first argument
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, struct arg_key);
  __type(value, __u64);
} arg_values SEC(".maps");

// Per thread: syscalls made, added to the process's `callers` entry when the thread exits.
struct task_count {
  __u64 calls;
};

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct task_count);
} task_counts SEC(".maps");

struct caller {
  __u64 calls;
  char comm[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16384);
  __type(key, __u32);  // tgid
  __type(value, struct caller);
} callers SEC(".maps");

// Dropped: argument values that did not fit in arg_values (index 0).
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} dropped SEC(".maps");

static __always_inline int Selected(void) {
  if (mode == MODE_CGROUP) {
    return bpf_get_current_ancestor_cgroup_id(target_cgroup_level) == target_cgroup_id;
  }
  __u32 tgid = (__u32)(bpf_get_current_pid_tgid() >> 32);
  return bpf_map_lookup_elem(&pids, &tgid) != 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(record_sys_enter, struct pt_regs* regs, long id) {
  if (!Selected()) return 0;
  struct task_struct* task = bpf_get_current_task_btf();
  __u32 abi;
  __u64 nr;
  if (!ClassifyCall(task, id, &abi, &nr)) return 0;
  __u32 slot = abi * MAX_NR + (__u32)nr;
  __u64* c = bpf_map_lookup_elem(&counts, &slot);
  if (c) *c += 1;

  struct task_count* tc =
      bpf_task_storage_get(&task_counts, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (tc) tc->calls += 1;

  if (capture_args) {
    for (int i = 0; i < ARG_SLOTS; i++) {
      if (arg_nrs[abi][i] != (__u32)nr) continue;
      struct arg_key key = {.slot = slot, .pad = 0, .value = 0};
      key.value = abi == ABI_I386 ? (__u64)(__u32)regs->bx : regs->di;
      __u64 one = 1;
      __u64* seen = bpf_map_lookup_elem(&arg_values, &key);
      if (seen) {
        __sync_fetch_and_add(seen, 1);
      } else if (bpf_map_update_elem(&arg_values, &key, &one, BPF_NOEXIST) == -7 /* E2BIG */) {
        __u32 zero = 0;
        __u64* d = bpf_map_lookup_elem(&dropped, &zero);
        if (d) __sync_fetch_and_add(d, 1);
      }
      break;
    }
  }
  return 0;
}

// A new process (not a thread) of a recorded one joins the pid set.
SEC("tp_btf/sched_process_fork")
int BPF_PROG(record_fork, struct task_struct* parent, struct task_struct* child) {
  if (mode != MODE_PIDS) return 0;
  __u32 ptgid = parent->tgid;
  if (!bpf_map_lookup_elem(&pids, &ptgid)) return 0;
  __u32 ctgid = child->tgid;
  __u8 one = 1;
  bpf_map_update_elem(&pids, &ctgid, &one, BPF_ANY);
  return 0;
}

// A thread ends: its count goes to `callers`; a leader's end removes the process from the set
// (the user side stops when the set is empty).
SEC("tp_btf/sched_process_exit")
int BPF_PROG(record_exit, struct task_struct* task) {
  struct task_count* tc = bpf_task_storage_get(&task_counts, task, 0, 0);
  if (tc && tc->calls) {
    __u32 tgid = task->tgid;
    struct caller* old = bpf_map_lookup_elem(&callers, &tgid);
    if (old) {
      __sync_fetch_and_add(&old->calls, tc->calls);
      // The leader ends last in the usual case: its name (after any execve) names the process.
      if (task->pid == task->tgid) __builtin_memcpy(old->comm, task->comm, sizeof(old->comm));
    } else {
      struct caller c = {.calls = tc->calls};
      __builtin_memcpy(c.comm, task->comm, sizeof(c.comm));
      bpf_map_update_elem(&callers, &tgid, &c, BPF_NOEXIST);
    }
    tc->calls = 0;
  }
  if (mode == MODE_PIDS && task->pid == task->tgid) {
    __u32 tgid = task->tgid;
    bpf_map_delete_elem(&pids, &tgid);
  }
  return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
