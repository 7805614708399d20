// SPDX-License-Identifier: Apache-2.0
// tt_restart: a helper child stops the parent with SIGSTOP while it sleeps in clock_nanosleep and
// continues it with SIGCONT a little later: the kernel then resumes the sleep through
// restart_syscall, which strace prints as "restart_syscall(<... resuming interrupted ...>)".
// The helper then waits on a pipe until the parent's sleep is over, so its SIGCHLD cannot
// interrupt the sleep a second time: exactly one restart_syscall.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  const pid_t parent = getpid();
  int done[2];
  if (pipe(done) != 0) return 2;
  const pid_t child = fork();
  if (child < 0) return 2;
  if (child == 0) {
    close(done[1]);
    struct timespec t = {0, 200000000};
    nanosleep(&t, NULL);
    kill(parent, SIGSTOP);
    nanosleep(&t, NULL);
    kill(parent, SIGCONT);
    char c;
    while (read(done[0], &c, 1) < 0) {
    }
    _exit(0);
  }
  close(done[0]);
  struct timespec t = {2, 0};
  nanosleep(&t, NULL);
  close(done[1]);
  waitpid(child, NULL, 0);
  return 0;
}
