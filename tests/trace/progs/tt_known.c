// SPDX-License-Identifier: Apache-2.0
// tt_known: a fixed sequence of calls with known results, for comparing decoded lines and
// -c counts with strace: 3 getpid, one failing openat (ENOENT), a file written and read back,
// an lseek, a failing close (EBADF), a stat, a pipe, and exit 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : "/tmp";
  char path[4096];
  snprintf(path, sizeof(path), "%s/tt_known.%d", dir, (int)getpid());
  for (int i = 0; i < 3; ++i) syscall(SYS_getpid);
  if (syscall(SYS_openat, AT_FDCWD, "/nonexistent/tt_known", O_RDONLY) != -1) return 1;
  int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 2;
  const char msg[] = "hello\tworld\n\001\002 \"quoted\" \\ and a long tail past thirty-two bytes";
  if (write(fd, msg, sizeof(msg) - 1) != (ssize_t)(sizeof(msg) - 1)) return 3;
  lseek(fd, 0, SEEK_SET);
  char buf[256];
  if (read(fd, buf, sizeof(buf)) <= 0) return 4;
  struct stat st;
  fstat(fd, &st);
  close(fd);
  if (close(fd) != -1) return 5;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) return 6;
  close(p[0]);
  close(p[1]);
  unlink(path);
  return 0;
}
