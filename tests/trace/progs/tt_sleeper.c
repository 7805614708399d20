// SPDX-License-Identifier: Apache-2.0
// tt_sleeper FILE: every 10 ms writes an increasing counter to FILE (pwrite at offset 0), for
// attach/detach tests: the counter must keep growing after a tracer detaches. Two threads.
// Exits 0 on SIGTERM.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;
static void OnTerm(int sig) {
  (void)sig;
  g_stop = 1;
}

static void* Idle(void* arg) {
  (void)arg;
  while (!g_stop) {
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) return 255;
  struct sigaction sa = {0};
  sa.sa_handler = OnTerm;
  sigaction(SIGTERM, &sa, NULL);
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, Idle, NULL);
  for (unsigned long n = 1; !g_stop; ++n) {
    char buf[32];
    int len = snprintf(buf, sizeof(buf), "%020lu\n", n);
    if (pwrite(fd, buf, (size_t)len, 0) != len) return 2;
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  pthread_join(t, NULL);
  return 0;
}
