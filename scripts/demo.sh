#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make demo`: the seeds' walkthrough with syscage, each step printed with what it shows.
set -uo pipefail
SYSCAGE=${1:-build/release/src/cli/syscage}

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; bash -c "$2"; echo "(exit $?)"; }

step "The command table" "$SYSCAGE help"
step "Syscall tables up to Linux 6.18 (statmount on x86_64 and aarch64; libseccomp 2.5.4 lacks it)" "$SYSCAGE syscalls --arch x86_64 statmount && $SYSCAGE syscalls --arch aarch64 statmount listmount mseal"
step "Is seccomp usable here? (the seeds: grep -i seccomp /boot/config-\$(uname -r))" "$SYSCAGE check"
step "Seccomp mode of PID 1 and of syscage itself (the seeds: grep -i seccomp /proc/1/status)" "grep -i seccomp /proc/1/status; $SYSCAGE check | grep '^own seccomp mode'"
step "pidof, as the seeds use it (pidof nginx | cut -d' ' -f1)" "sleep 30 & sleep 30 & sleep 0.2; $SYSCAGE pidof sleep; pidof sleep; $SYSCAGE pidof -s sleep; kill \$($SYSCAGE pidof sleep)"
