// SPDX-License-Identifier: Apache-2.0
// tt_getppid [N]: N (default 1000000) getppid calls through syscall(2), plus one openat of
// /dev/null: the benchmark's syscall-heavy workload with one cold call.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  for (long i = 0; i < n; ++i) syscall(SYS_getppid);
  int fd = open("/dev/null", O_RDONLY);
  if (fd >= 0) close(fd);
  return 0;
}
