#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make bench`: every benchmark, each printing ratios against its peers in one run.
# Usage: scripts/bench.sh BUILD_DIR   (a release build configured with -DSYSCAGE_BUILD_BENCH=ON)
set -uo pipefail
build=${1:-build/release}
syscage="$build/src/cli/syscage"
here=$(cd "$(dirname "$0")/.." && pwd)

echo "== bench/filter: syscage vs libseccomp (linear and tree) on Docker's default"
"$build/bench/filter"
echo
echo "== bench/trace: syscage trace vs strace vs untraced"
"$here/scripts/bench-trace.sh" "$syscage" "$build/tests/trace/tt_getppid"
echo
echo "== bench/record: syscage record vs strace vs untraced"
"$here/bench/record.sh" "$syscage"
