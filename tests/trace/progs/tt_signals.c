// SPDX-License-Identifier: Apache-2.0
// tt_signals: handles SIGUSR1 (sent to itself), then stops itself with SIGSTOP; a helper child
// sends SIGCONT 100 ms later. Exits 42 when the handler ran and the stop really happened (the
// helper saw it stopped through waitid), 1 otherwise. A tracer must keep both behaviours.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t g_usr1;
static void OnUsr1(int sig) {
  (void)sig;
  g_usr1 = 1;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = OnUsr1;
  sigaction(SIGUSR1, &sa, NULL);
  kill(getpid(), SIGUSR1);
  const pid_t self = getpid();
  int pipefd[2];
  if (pipe(pipefd) != 0) return 2;
  pid_t helper = fork();
  if (helper == 0) {
    // Wait until the parent is stopped (state T in /proc), then continue it.
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)self);
    int stopped = 0;
    for (int i = 0; i < 500 && !stopped; ++i) {
      FILE* f = fopen(path, "r");
      if (f != NULL) {
        if (fgets(buf, sizeof(buf), f) != NULL) {
          char* p = strrchr(buf, ')');
          stopped = p != NULL && p[2] == 'T';
        }
        fclose(f);
      }
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    kill(self, SIGCONT);
    char c = stopped ? 'y' : 'n';
    if (write(pipefd[1], &c, 1) != 1) _exit(3);
    _exit(0);
  }
  raise(SIGSTOP);
  char c = 'n';
  if (read(pipefd[0], &c, 1) != 1) return 4;
  waitpid(helper, NULL, 0);
  return g_usr1 && c == 'y' ? 42 : 1;
}
