// SPDX-License-Identifier: Apache-2.0
// tp_sigsys_handler NR: installs a SIGSYS handler, makes system call NR, and prints what the
// handler saw ("sigsys code=C syscall=N arch=0xA data=D") or "no sigsys ret errno".
// Exit 0 when a seccomp SIGSYS (si_code SYS_SECCOMP = 1) for NR arrived, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t g_seen, g_code, g_syscall, g_errno;
static volatile unsigned g_arch;

static void OnSigsys(int sig, siginfo_t* si, void* ctx) {
  (void)sig;
  (void)ctx;
  g_seen = 1;
  g_code = si->si_code;
  g_syscall = si->si_syscall;
  g_arch = si->si_arch;
  g_errno = si->si_errno;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: tp_sigsys_handler NR\n");
    return 255;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = OnSigsys;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSYS, &sa, NULL);
  long nr = strtol(argv[1], NULL, 0);
  long ret = syscall(nr, 0xffffffffL, 0, 0, 0, 0, 0);
  int err = ret == -1 ? errno : 0;
  if (!g_seen) {
    printf("no sigsys %ld %d\n", ret, err);
    return 1;
  }
  printf("sigsys code=%d syscall=%d arch=0x%x data=%d\n", (int)g_code, (int)g_syscall, g_arch,
         (int)g_errno);
  return g_code == 1 && g_syscall == nr ? 0 : 1;
}
