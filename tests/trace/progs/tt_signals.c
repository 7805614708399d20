// SPDX-License-Identifier: Apache-2.0
// tt_signals: handles SIGUSR1 (sent to itself), then stops itself with SIGSTOP; a helper child
// waits until /proc shows it stopped ('T', or 't' when a tracer holds the stop), writes a byte to
// a pipe and only then sends SIGCONT. Exits 42 when the handler ran and, on waking up, the byte
// is already there (it stayed stopped until SIGCONT), 1 otherwise.
#include <poll.h>
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
          stopped = p != NULL && (p[2] == 'T' || p[2] == 't');
        }
        fclose(f);
      }
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    char c = stopped ? 'y' : 'n';
    if (write(pipefd[1], &c, 1) != 1) _exit(3);
    kill(self, SIGCONT);
    _exit(0);
  }
  raise(SIGSTOP);
  // The helper wrote before it sent SIGCONT: the byte must be there without waiting.
  struct pollfd pfd = {pipefd[0], POLLIN, 0};
  if (poll(&pfd, 1, 0) != 1) return 1;
  char c = 'n';
  if (read(pipefd[0], &c, 1) != 1) return 4;
  waitpid(helper, NULL, 0);
  return g_usr1 && c == 'y' ? 42 : 1;
}
