#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 5's trace benchmark: a syscall-heavy workload (N getppid calls, default 1,000,000, and
# `dd bs=1` of 200 kB) untraced, under strace and under `syscage trace`, each printed as a ratio
# to the untraced run. usage: scripts/bench-trace.sh SYSCAGE TT_GETPPID [N]
#   SYSCAGE     the syscage binary (use a Release build: ASan slows the tracer several times)
#   TT_GETPPID  tests/trace/progs/tt_getppid built (build/.../tests/trace/tt_getppid)
# The eBPF -c row needs root (CAP_BPF + CAP_PERFMON); without it that row measures a failure.
set -eu
syscage=$1
prog=$2
n=${3:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 200000 /dev/zero > "$tmp/in"

now() { date +%s.%N; }
# Prints the wall seconds of one run of "$@" (output discarded).
timeit() {
  t0=$(now)
  "$@" >/dev/null 2>&1 || true
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

run_set() {
  label=$1
  shift
  base=$(timeit "$@")
  printf '\n%s (untraced %.3f s)\n' "$label" "$base"
  for tracer in \
    "strace -f -c -o /dev/null" \
    "strace -f -o /dev/null" \
    "strace -f -c --seccomp-bpf -e trace=openat -o /dev/null" \
    "$syscage trace -f -c --backend=ptrace -o /dev/null" \
    "$syscage trace -f -c --backend=ebpf -o /dev/null" \
    "$syscage trace -f -o /dev/null" \
    "$syscage trace -f -e trace=openat -o /dev/null"; do
    # shellcheck disable=SC2086
    t=$(timeit $tracer "$@")
    printf '  %-62s %8.3f s %7.1fx\n' "$(echo "$tracer" | sed "s|$syscage|syscage|")" "$t" \
      "$(echo "$t / $base" | bc -l)"
  done
}

run_set "getppid x $n" "$prog" "$n"
run_set "dd bs=1 of 200 kB" dd if="$tmp/in" of=/dev/null bs=1
