// SPDX-License-Identifier: Apache-2.0
// tt_threads [THREADS] [CALLS]: THREADS threads (default 4) each make CALLS (default 1000)
// getppid calls, then the main thread joins them and exits 0. Known counts for -f -c.
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long g_calls = 1000;

static void* Worker(void* arg) {
  (void)arg;
  for (long i = 0; i < g_calls; ++i) syscall(SYS_getppid);
  return NULL;
}

int main(int argc, char** argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (argc > 2) g_calls = atol(argv[2]);
  pthread_t t[64];
  if (threads > 64) threads = 64;
  for (int i = 0; i < threads; ++i) {
    if (pthread_create(&t[i], NULL, Worker, NULL) != 0) return 1;
  }
  for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
  return 0;
}
