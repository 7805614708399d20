#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs CMD in a runc container (busybox-static rootfs) whose config.json carries PROFILE as
# linux.seccomp, so a test can check that runc gives a syscage profile the same outcome as
# `syscage run`. Usage: runc_bundle.sh PROFILE.json CMD ARGS...   Exit status: the container's.
# RUNC_EXTRA_CAPS="CAP_SYS_TIME ..." adds capabilities, so that a denial the test sees comes from
# the seccomp profile and not from runc's small default capability set.
# RUNC_NNP=0 turns process.noNewPrivileges off (Docker's default; `runc spec` turns it on), which
# makes runc install the filter earlier, before it sets up the user and capabilities.
set -euo pipefail
profile=$1
shift
dir=$(mktemp -d)
trap 'runc delete -f "syscage-e2e-$$" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/rootfs/bin" "$dir/rootfs/tmp" "$dir/rootfs/proc" "$dir/rootfs/dev"
cp "$(command -v busybox)" "$dir/rootfs/bin/busybox"
for applet in sh mkdir date true cat ls; do ln -s busybox "$dir/rootfs/bin/$applet"; done
(cd "$dir" && runc spec)
python3 - "$dir/config.json" "$profile" "$@" <<'PY'
import json, os, sys
path, profile, args = sys.argv[1], sys.argv[2], sys.argv[3:]
config = json.load(open(path))
config["process"]["terminal"] = False
config["process"]["args"] = args
config["root"]["readonly"] = False
config["linux"]["seccomp"] = json.load(open(profile))
if os.environ.get("RUNC_NNP"):
    config["process"]["noNewPrivileges"] = os.environ["RUNC_NNP"] == "1"
for cap in os.environ.get("RUNC_EXTRA_CAPS", "").split():
    for kind in ("bounding", "effective", "permitted"):
        config["process"]["capabilities"].setdefault(kind, []).append(cap)
json.dump(config, open(path, "w"), indent=1)
PY
set +e
runc run --bundle "$dir" "syscage-e2e-$$" </dev/null
