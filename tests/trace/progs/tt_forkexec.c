// SPDX-License-Identifier: Apache-2.0
// tt_forkexec PROG [ARGS]: forks; the child execs PROG, the parent waits and exits with the
// child's exit status (or 128+signal).
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: tt_forkexec PROG [ARGS]\n");
    return 255;
  }
  pid_t pid = fork();
  if (pid < 0) return 254;
  if (pid == 0) {
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return 253;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
