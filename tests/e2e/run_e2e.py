#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the CLI end-to-end tests in a directive file (bpftrace runtime tests, ninja output_test).

A file holds blocks separated by blank lines. Directives, one per line:
  NAME <name>              starts a test
  RUN <shell command>      $SYSCAGE is the binary under test, $SRC the source tree
  EXPECT <text>            some stdout line equals <text>
  EXPECT_REGEX <re>        some stdout line matches <re> (re.search)
  NOT_EXPECT_REGEX <re>    no stdout line matches <re>
  EXPECT_STDERR_REGEX <re> some stderr line matches <re>
  EXPECT_EXIT <n>          exit status (default 0)
  STDERR_LINES <n>         stderr has exactly n lines
  TIMEOUT <seconds>        default 30
  REQUIRES <shell cmd>     skip the test (with the reason) unless this exits 0
Prints one line per test and "N passed, N failed, N skipped"; exits 1 if any failed.
"""
import os
import re
import subprocess
import sys


def parse(path):
    tests, cur = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, val = line.partition(" ")
            if key == "NAME":
                cur = {"name": val, "checks": [], "exit": 0, "timeout": 30, "requires": [],
                       "run": None, "line": lineno}
                tests.append(cur)
            elif cur is None:
                raise SystemExit(f"{path}:{lineno}: directive before NAME")
            elif key == "RUN":
                cur["run"] = val
            elif key == "EXPECT_EXIT":
                cur["exit"] = int(val)
            elif key == "TIMEOUT":
                cur["timeout"] = float(val)
            elif key == "REQUIRES":
                cur["requires"].append(val)
            elif key in ("EXPECT", "EXPECT_REGEX", "NOT_EXPECT_REGEX", "EXPECT_STDERR_REGEX",
                         "STDERR_LINES"):
                cur["checks"].append((key, val))
            else:
                raise SystemExit(f"{path}:{lineno}: unknown directive {key}")
    return tests


def check(test, proc):
    out = proc.stdout.splitlines()
    err = proc.stderr.splitlines()
    problems = []
    if proc.returncode != test["exit"]:
        problems.append(f"exit {proc.returncode}, expected {test['exit']}")
    for key, val in test["checks"]:
        if key == "EXPECT" and val not in out:
            problems.append(f"no stdout line equal to {val!r}")
        elif key == "EXPECT_REGEX" and not any(re.search(val, l) for l in out):
            problems.append(f"no stdout line matching {val!r}")
        elif key == "NOT_EXPECT_REGEX" and any(re.search(val, l) for l in out):
            problems.append(f"a stdout line matches {val!r}")
        elif key == "EXPECT_STDERR_REGEX" and not any(re.search(val, l) for l in err):
            problems.append(f"no stderr line matching {val!r}")
        elif key == "STDERR_LINES" and len(err) != int(val):
            problems.append(f"stderr has {len(err)} lines, expected {val}")
    return problems


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: run_e2e.py SYSCAGE_BINARY FILE.test")
    binary, path = os.path.abspath(sys.argv[1]), sys.argv[2]
    env = dict(os.environ, SYSCAGE=binary,
               SRC=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    passed = failed = skipped = 0
    for test in parse(path):
        missing = [r for r in test["requires"]
                   if subprocess.run(r, shell=True, env=env, capture_output=True).returncode != 0]
        if missing:
            print(f"SKIP {test['name']}: requires `{missing[0]}`")
            skipped += 1
            continue
        try:
            proc = subprocess.run(test["run"], shell=True, env=env, capture_output=True,
                                  text=True, timeout=test["timeout"], stdin=subprocess.DEVNULL)
            problems = check(test, proc)
        except subprocess.TimeoutExpired:
            proc, problems = None, [f"timed out after {test['timeout']}s"]
        if problems:
            failed += 1
            print(f"FAIL {test['name']} ({path}:{test['line']}): {'; '.join(problems)}")
            print(f"  RUN {test['run']}")
            if proc is not None:
                print("  stdout:\n    " + "\n    ".join(proc.stdout.splitlines()[:40]))
                print("  stderr:\n    " + "\n    ".join(proc.stderr.splitlines()[:20]))
        else:
            passed += 1
            print(f"PASS {test['name']}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
