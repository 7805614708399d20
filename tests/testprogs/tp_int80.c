// SPDX-License-Identifier: Apache-2.0
// tp_int80 NR [ARG1 ARG2]: makes one i386 system call (int $0x80) from a 64-bit x86 program, so
// seccomp sees it with AUDIT_ARCH_I386 and the i386 number. Prints "ret" and exits with the
// errno when the call failed, 0 otherwise. Exits 77 where the i386 ABI is not available
// (not x86_64).
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: tp_int80 NR [ARG1 ARG2]\n");
    return 255;
  }
#if defined(__x86_64__)
  long nr = strtol(argv[1], NULL, 0);
  long a1 = argc > 2 ? (long)strtoull(argv[2], NULL, 0) : 0;
  long a2 = argc > 3 ? (long)strtoull(argv[3], NULL, 0) : 0;
  long ret;
  // The kernel's compat entry clears r8-r11 (they do not exist in the i386 ABI).
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(nr), "b"(a1), "c"(a2)
                   : "r8", "r9", "r10", "r11", "memory");
  int r = (int)ret;  // the i386 ABI returns 32 bits
  printf("%d\n", r);
  fflush(stdout);
  return r < 0 && r > -4096 ? -r : 0;
#else
  (void)argv;
  return 77;
#endif
}
