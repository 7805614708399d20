// SPDX-License-Identifier: Apache-2.0
// What the recorder's and the counter's sys_enter programs share: which ABI a call came in by and
// its number in that ABI's table, as a slot `abi * MAX_NR + nr` of their per-(ABI, nr) arrays.
// The user side mirrors these values in syscage/record/ebpf_abi.h. Include after vmlinux.h.
#pragma once

#define ABI_NATIVE 0  // x86_64
#define ABI_X32 1     // x86_64 task, nr carries __X32_SYSCALL_BIT
#define ABI_I386 2    // TS_COMPAT: int 0x80 / sysenter / syscall from 32-bit code
#define ABI_COUNT 3
#define MAX_NR 1024
#define X32_SYSCALL_BIT 0x40000000
// arch/x86/include/asm/thread_info.h: "#define TS_COMPAT 0x0002 /* 32bit syscall active */",
// what in_ia32_syscall() tests.
#define TS_COMPAT 0x0002

// Sets *abi and *nr (the x32 bit cleared) for the call `id` of `task`; false for -1 (no syscall)
// or a number outside every table.
static __always_inline bool ClassifyCall(struct task_struct* task, long id, __u32* abi, __u64* nr) {
  *abi = ABI_NATIVE;
  *nr = (__u64)id;
  if (task->thread_info.status & TS_COMPAT) {
    *abi = ABI_I386;
  } else if (*nr & X32_SYSCALL_BIT) {
    *abi = ABI_X32;
    *nr &= ~(__u64)X32_SYSCALL_BIT;
  }
  return *nr < MAX_NR;
}
