// SPDX-License-Identifier: Apache-2.0
// tp_syscall NR [ARG...]: makes exactly one raw system call and prints "ret errno".
// Exits with the errno when the call failed, 0 otherwise, so a test can read the outcome of a
// filter from the exit status alone. Arguments are numbers (strtoull, any base) or, with a
// leading '@', a pointer to the rest of the string ("@/tmp/x" for a path).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 8) {
    fprintf(stderr, "usage: tp_syscall NR [ARG...]\n");
    return 255;
  }
  long nr = strtol(argv[1], NULL, 0);
  long args[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 2; i < argc; ++i) {
    args[i - 2] = argv[i][0] == '@' ? (long)(argv[i] + 1) : (long)strtoull(argv[i], NULL, 0);
  }
  errno = 0;
  long ret = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
  int err = ret == -1 ? errno : 0;
  printf("%ld %d\n", ret, err);
  fflush(stdout);
  return err;
}
