#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Embeds data/groups/*.txt into a generated .cc (no run-time file reads).

  gen_groups.py --dir data/groups --csv data/syscalls/syscalls.csv --out groups_data.cc

Each file is one group named after the file ("%file.txt" -> %file, "@mount.txt" -> @mount). The
first line is "# help: <one line>", other '#' lines are comments, every other line is a syscall
name, a reference to another group ("@basic-io", "%network"), or "*" (every name of the csv).
Fails on a name that no arch's table has (a typo), or a reference to a group that does not
exist. Cycles are detected when a group is expanded (syscalls/groups.cc). Python 3 stdlib only.
"""
import argparse
import os
import re
import sys

NAME_RE = re.compile(r"^[a-z0-9_]+$")
GROUP_RE = re.compile(r"^(%%?|@)[a-z0-9_-]+$")


def csv_names(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            names.append(line.split(",", 1)[0])
    return names


def read_groups(directory, all_names):
    known = set(all_names)
    groups = {}
    for fn in sorted(os.listdir(directory)):
        if not fn.endswith(".txt"):
            continue
        name = fn[:-4]
        if not GROUP_RE.match(name):
            raise SystemExit(f"{fn}: '{name}' is not a group name (%name, %%name or @name)")
        path = os.path.join(directory, fn)
        with open(path, encoding="utf-8") as f:
            lines = [l.strip() for l in f]
        if not lines or not lines[0].startswith("# help:"):
            raise SystemExit(f"{path}:1: the first line must be '# help: ...'")
        help_text = lines[0][len("# help:"):].strip()
        members = []
        for lineno, line in enumerate(lines[1:], 2):
            if not line or line.startswith("#"):
                continue
            if line == "*":
                members.extend(all_names)
            elif GROUP_RE.match(line):
                members.append(line)
            elif NAME_RE.match(line):
                if line not in known:
                    raise SystemExit(f"{path}:{lineno}: '{line}' is in no arch's syscall table")
                members.append(line)
            else:
                raise SystemExit(f"{path}:{lineno}: bad member '{line}'")
        groups[name] = (help_text, sorted(set(members)))
    for name, (_, members) in groups.items():
        for m in members:
            if GROUP_RE.match(m) and m not in groups:
                raise SystemExit(f"{name}: references unknown group {m}")
    return groups


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(groups, out_path):
    names = sorted(groups)
    out = ["// GENERATED from data/groups/*.txt — DO NOT EDIT (tools/gen_groups.py)",
           "// clang-format off",
           '#include "syscage/syscalls/groups_data.h"',
           "",
           "#include <array>",
           "",
           "namespace syscage::syscalls::internal {",
           "namespace {",
           ""]
    for i, name in enumerate(names):
        members = groups[name][1]
        out.append(f"// {name}")
        out.append(f"constexpr std::array<std::string_view, {len(members)}> kMembers{i} = {{{{")
        for m in members:
            out.append(f"  {c_str(m)},")
        out.append("}};")
    out.append(f"constexpr std::array<GroupInfo, {len(names)}> kInfos = {{{{")
    for name in names:
        out.append(f"  {{{c_str(name)}, {c_str(groups[name][0])}}},")
    out.append("}};")
    out.append(f"constexpr std::array<std::span<const std::string_view>, {len(names)}> kMembers = {{{{")
    for i in range(len(names)):
        out.append(f"  kMembers{i},")
    out.append("}};")
    out.append("")
    out.append("}  // namespace")
    out.append("")
    out.append("constinit const std::span<const GroupInfo> kGroupInfos = kInfos;")
    out.append("constinit const std::span<const std::span<const std::string_view>> kGroupMembers =")
    out.append("    kMembers;")
    out.append("")
    out.append("}  // namespace syscage::syscalls::internal")
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, out_path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    generate(read_groups(args.dir, csv_names(args.csv)), args.out)


if __name__ == "__main__":
    sys.exit(main())
