#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/record.sh [SYSCAGE]: the cost of recording, as ratios to the untraced run, in one run.
# Workloads: 1,000,000 getppid calls (a tiny C loop built here) and `tar czf` of a header tree
# (/usr/include's c++, linux and x86_64-linux-gnu plus this source tree: about 25 MB, a second or
# more untraced, so a recorder's fixed start-up cost weighs as it would on a real job; set
# TAR_DIRS="dir ..." to use others). Each is run untraced, under `syscage record --backend ebpf`,
# `--backend ptrace`, `--backend ptrace --merge-into` (iterative: a profile of an earlier run is
# known, only new syscalls stop) and `strace -f -c -o /dev/null`; the best of N runs (default 3)
# is reported. Needs root (eBPF). Use a release build: ASan slows syscage's own ptrace loop.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
syscage=${1:-$src/build/release/src/cli/syscage}
runs=${RUNS:-3}
[ -x "$syscage" ] || { echo "bench/record: no syscage binary at $syscage" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/getppid.c" <<'C'
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  for (long i = 0; i < n; i++) syscall(SYS_getppid);
  return 0;
}
C
cc -O2 -o "$work/getppid" "$work/getppid.c"
tar_dirs=()
for d in ${TAR_DIRS:-/usr/include/c++ /usr/include/linux /usr/include/x86_64-linux-gnu}; do
  [ -d "$d" ] && tar_dirs+=(-C "$(dirname "$d")" "$(basename "$d")")
done
tar_cmd=(tar czf "$work/src.tgz" "${tar_dirs[@]}" -C "$src" src data tests)

# Best wall time in seconds of running "$@" $runs times.
best() {
  local b=""
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    b=$(python3 -c "t=$t1-$t0; b='$b'; print(t if b=='' or t<float(b) else b)")
  done
  echo "$b"
}

bench() {
  local label=$1
  shift
  local base ebpf ptrace iterative strace
  base=$(best "$@")
  ebpf=$(best "$syscage" record -q --backend ebpf -o "$work/p.json" -- "$@")
  ptrace=$(best "$syscage" record -q --backend ptrace -o "$work/p.json" -- "$@")
  # p.json now holds a full recording: the iterative runs stop on nothing they have seen.
  iterative=$(best "$syscage" record -q --backend ptrace --merge-into "$work/p.json" -- "$@")
  strace=$(best strace -f -c -o /dev/null "$@")
  python3 - "$label" "$base" "$ebpf" "$ptrace" "$iterative" "$strace" <<'PY'
import sys
label, base, *rest = sys.argv[1:]
base = float(base)
names = ["record --backend ebpf", "record --backend ptrace", "  ... --merge-into (iterative)",
         "strace -f -c -o /dev/null"]
print(f"{label}: untraced {base*1000:.1f} ms")
for n, t in zip(names, rest):
    t = float(t)
    print(f"  {n:32s} {t*1000:9.1f} ms  {t/base:7.2f}x")
PY
}

echo "bench/record: $syscage, best of $runs, kernel $(uname -r), $(nproc) CPUs"
bench "getppid x 1,000,000" "$work/getppid" 1000000
bench "tar czf of a header tree (~25 MB)" "${tar_cmd[@]}"
