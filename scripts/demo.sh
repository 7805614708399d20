#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make demo`: the seeds' walkthrough with syscage, each step printed with what it shows.
set -uo pipefail
SYSCAGE=$(realpath "${1:-build/release/src/cli/syscage}")

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; bash -c "$2"; echo "(exit $?)"; }

demo_dir=$(mktemp -d)
trap 'rm -rf "$demo_dir"' EXIT

step "The command table" "$SYSCAGE help"
step "Which syscalls does touch make? (the seeds: strace -c touch /tmp/hello1.txt)" "$SYSCAGE trace -c touch $demo_dir/hello1.txt"
step "Only some syscalls, decoded like strace (strace -e trace=open,read,write echo ...)" "$SYSCAGE trace -e trace=openat,read,write echo 'Hello, World!'"
step "Syscall tables up to Linux 6.18 (statmount on x86_64 and aarch64; libseccomp 2.5.4 lacks it)" "$SYSCAGE syscalls --arch x86_64 statmount && $SYSCAGE syscalls --arch aarch64 statmount listmount mseal"
step "Is seccomp usable here? (the seeds: grep -i seccomp /boot/config-\$(uname -r))" "$SYSCAGE check"
step "Seccomp mode of PID 1 and of syscage itself (the seeds: grep -i seccomp /proc/1/status)" "grep -i seccomp /proc/1/status; $SYSCAGE check | grep '^own seccomp mode'"
step "pidof, as the seeds use it (pidof nginx | cut -d' ' -f1)" "sleep 30 & sleep 30 & sleep 0.2; $SYSCAGE pidof sleep; pidof sleep; $SYSCAGE pidof -s sleep; kill \$($SYSCAGE pidof sleep)"
cat > "$demo_dir/custom1.json" <<'JSON'
{
    "defaultAction": "SCMP_ACT_ALLOW",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]
}
JSON
step "Docker's default profile, without Docker: setting the clock is denied (the seeds' 'date -s' demo)" "$SYSCAGE run -- date -s '19 april 2022 18:19:09'"
step "A custom profile that blocks mkdir (the seeds' custom1.json): Operation not permitted" "cd $demo_dir && $SYSCAGE run --profile custom1.json -- mkdir hello"
step "The same command unconfined (--security-opt seccomp=unconfined)" "cd $demo_dir && $SYSCAGE run --profile unconfined -- mkdir hello && ls -d hello"
step "A profile that does not parse: the command never starts, exit 2" "echo '{\"defaultAction\": \"SCMP_ACT_NOPE\"}' > $demo_dir/bad.json; $SYSCAGE run --profile $demo_dir/bad.json -- echo 'never printed'"
step "Write the seeds' mkdir-blocking profile with 'new' (a denylist, EPERM like Docker's example)" "$SYSCAGE new --deny mkdir,mkdirat -o $demo_dir/new-deny.json && cat $demo_dir/new-deny.json"
step "lint: the denylist lets syscalls added to future kernels through" "$SYSCAGE lint $demo_dir/new-deny.json"
step "lint Docker's default: EPERM as default errno, ptrace allowed from 4.8" "$SYSCAGE lint default"
step "An allowlist instead, default ENOSYS, from names, a %class and an @set, then lint it" "$SYSCAGE new --allow read,write,exit_group,%signal,@basic-io -o $demo_dir/allow.json && $SYSCAGE lint $demo_dir/allow.json"
step "fmt: canonical form (sorted names, grouped by action); --check for CI" "$SYSCAGE fmt --check $demo_dir/custom1.json; $SYSCAGE fmt -w $demo_dir/custom1.json && $SYSCAGE fmt --check $demo_dir/custom1.json && echo formatted"
step "diff: what --cap-add SYS_TIME changes in Docker's default (x86_64)" "$SYSCAGE convert default --to oci --arch x86_64 --caps CHOWN,DAC_OVERRIDE,FSETID,FOWNER,MKNOD,NET_RAW,SETGID,SETUID,SETFCAP,SETPCAP,NET_BIND_SERVICE,SYS_CHROOT,KILL,AUDIT_WRITE,SYS_TIME -o $demo_dir/time.json && $SYSCAGE diff default $demo_dir/time.json --arch x86_64"
step "convert Docker's default to a Security Profiles Operator object" "$SYSCAGE convert default --to spo --name docker-default --arch x86_64 | head -12"
step "record: the tightest allowlist that still runs 'ls /etc' (the seeds: use strace to find the syscalls)" "$SYSCAGE record -o $demo_dir/ls.json -- ls /etc >/dev/null && $SYSCAGE lint $demo_dir/ls.json; head -c 400 $demo_dir/ls.json; echo ..."
step "run ls under its own profile: it works" "$SYSCAGE run --profile $demo_dir/ls.json -- ls /etc >/dev/null && echo 'ls ran under its recorded profile'"
step "...and mkdir, which ls never needed, is refused by the same profile" "cd $demo_dir && $SYSCAGE run --profile ls.json -- mkdir hello2"
step "record --verify: record, then run again under the recorded profile and compare" "$SYSCAGE record --verify -o $demo_dir/cat.json -- cat /etc/hostname"
