#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make demo`: the seeds' walkthrough with syscage, each step printed with what it shows.
set -uo pipefail
SYSCAGE=${1:-build/release/src/cli/syscage}

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; bash -c "$2"; echo "(exit $?)"; }

step "The command table" "$SYSCAGE help"
