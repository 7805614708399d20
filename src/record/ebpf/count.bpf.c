// SPDX-License-Identifier: Apache-2.0
// The in-kernel half of `syscage trace -c --backend ebpf`: tp_btf programs on sys_enter and
// sys_exit that count calls, errors (a return value in -4095..-1, the kernel's IS_ERR_VALUE, as
// PTRACE_GET_SYSCALL_INFO reports is_error) and the time from entry to exit per (ABI, syscall
// nr), for the traced tasks only. A call is counted at its exit, as strace -c does (exit_group
// never returns and is not counted). Nothing stops the tracee: the cost is two short programs
// per syscall.
// Tasks are selected by cgroup v2 ancestry (a fresh cgroup for a launched command with -f), by a
// set of thread-group ids (-p, kept up to date on fork with -f) or by one thread id (a launched
// command without -f: strace then traces that one thread only).
// vmlinux.h must come before the libbpf headers, which use its types.
// clang-format off
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
// clang-format on

#include "syscall_abi.bpf.h"

#define MAX_ERRNO 4095

#define MODE_CGROUP 0
#define MODE_TGIDS 1
#define MODE_TID 2

// Set by the loader before load (read-only data: the verifier prunes the unused modes).
const volatile __u32 mode = MODE_CGROUP;
const volatile __u64 target_cgroup_id = 0;
const volatile __u32 target_cgroup_level = 0;
const volatile __u32 follow_forks = 0;  // MODE_TGIDS: children of traced processes join

struct stats {
  __u64 calls;
  __u64 errors;
  __u64 nanos;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, (ABI_COUNT) * (MAX_NR));
  __type(key, __u32);
  __type(value, struct stats);
} counts SEC(".maps");

// MODE_TGIDS: the thread-group ids being traced; MODE_TID: the one thread id.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} ids SEC(".maps");

// Per traced thread: the call in progress (written at entry, consumed at exit). Threads that are
// not traced never get one, so sys_exit's lookup is also its selection.
struct inflight {
  __u64 start_ns;
  __u32 slot;
  __u32 active;
};

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct inflight);
} calls_in_flight SEC(".maps");

static __always_inline int Selected(void) {
  if (mode == MODE_CGROUP) {
    return bpf_get_current_ancestor_cgroup_id(target_cgroup_level) == target_cgroup_id;
  }
  __u64 id = bpf_get_current_pid_tgid();
  __u32 key = mode == MODE_TID ? (__u32)id : (__u32)(id >> 32);
  return bpf_map_lookup_elem(&ids, &key) != 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(count_sys_enter, struct pt_regs* regs, long id) {
  if (!Selected()) return 0;
  struct task_struct* task = bpf_get_current_task_btf();
  __u32 abi;
  __u64 nr;
  if (!ClassifyCall(task, id, &abi, &nr)) return 0;
  struct inflight* f =
      bpf_task_storage_get(&calls_in_flight, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (!f) return 0;
  f->slot = abi * MAX_NR + (__u32)nr;
  f->active = 1;
  f->start_ns = bpf_ktime_get_ns();
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(count_sys_exit, struct pt_regs* regs, long ret) {
  struct task_struct* task = bpf_get_current_task_btf();
  struct inflight* f = bpf_task_storage_get(&calls_in_flight, task, 0, 0);
  if (!f || !f->active) return 0;
  f->active = 0;
  __u32 slot = f->slot;
  struct stats* s = bpf_map_lookup_elem(&counts, &slot);
  if (!s) return 0;
  // A 32-bit call's return value is the low half of ax (the kernel sign-extends it already in
  // regs->ax for compat calls, but be explicit).
  long r = slot >= ABI_I386 * MAX_NR ? (long)(int)ret : ret;
  s->calls += 1;
  if (r < 0 && r >= -MAX_ERRNO) s->errors += 1;
  s->nanos += bpf_ktime_get_ns() - f->start_ns;
  return 0;
}

// With -f, a new process of a traced one joins the tgid set (threads share the tgid already).
SEC("tp_btf/sched_process_fork")
int BPF_PROG(count_fork, struct task_struct* parent, struct task_struct* child) {
  if (mode != MODE_TGIDS || !follow_forks) return 0;
  __u32 ptgid = parent->tgid;
  if (!bpf_map_lookup_elem(&ids, &ptgid)) return 0;
  __u32 ctgid = child->tgid;
  __u8 one = 1;
  bpf_map_update_elem(&ids, &ctgid, &one, BPF_ANY);
  return 0;
}

// A process leader's end removes the process from the set (the user side stops when it is
// empty).
SEC("tp_btf/sched_process_exit")
int BPF_PROG(count_exit, struct task_struct* task) {
  if (mode != MODE_TGIDS || task->pid != task->tgid) return 0;
  __u32 tgid = task->tgid;
  bpf_map_delete_elem(&ids, &tgid);
  return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
