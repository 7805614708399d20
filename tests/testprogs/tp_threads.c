// SPDX-License-Identifier: Apache-2.0
// tp_threads NR: a second thread makes system call NR (first argument 0xffffffff) while the
// main thread waits for it, then the main thread prints "main alive" and exits 0. Under a
// KILL_THREAD rule only the second thread dies; under KILL_PROCESS the whole process does.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long g_nr;

static void* Worker(void* arg) {
  (void)arg;
  syscall(g_nr, 0xffffffffL, 0, 0, 0, 0, 0);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: tp_threads NR\n");
    return 255;
  }
  g_nr = strtol(argv[1], NULL, 0);
  pthread_t t;
  if (pthread_create(&t, NULL, Worker, NULL) != 0) return 254;
  pthread_join(t, NULL);
  printf("main alive\n");
  return 0;
}
