#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns data/syscalls/syscalls.csv into C++ tables, or validates it against a kernel tree.

  gen_syscalls.py --csv data/syscalls/syscalls.csv --out build/.../syscall_tables.cc
      per-arch constexpr std::array<SyscallEntry, N> sorted by nr (static_assert'ed), a per-arch
      name index (positions sorted by name, static_assert'ed), and the sorted list of all names.
  gen_syscalls.py --csv data/syscalls/syscalls.csv --validate KERNEL_DIR
      diffs every column against the kernel's syscall*.tbl files (see make_syscalls_csv.py for
      which file and ABIs make a column). Rows newer than the tree are listed, not failures.
      Exits 1 on any number that differs or any tree syscall missing from the csv.
Python 3 standard library only.
"""
import argparse
import importlib.util
import os
import sys

# csv column -> syscage::arch::Arch enumerators that use it (endian twins share a column).
ARCHS = {
    "x86_64": ["kX86_64"], "x86": ["kX86"], "x32": ["kX32"], "aarch64": ["kAarch64"],
    "arm": ["kArm"], "riscv64": ["kRiscv64"], "loongarch64": ["kLoongarch64"],
    "s390x": ["kS390x"], "s390": ["kS390"], "ppc64": ["kPpc64le", "kPpc64"], "ppc": ["kPpc"],
    "mips": ["kMips", "kMipsel"], "mips64": ["kMips64", "kMipsel64"],
    "mips64n32": ["kMips64n32", "kMipsel64n32"], "parisc": ["kParisc"],
    "parisc64": ["kParisc64"], "m68k": ["kM68k"], "sh": ["kSh", "kSheb"],
}
# Added to every number of a column to form seccomp_data.nr (must match arch::ArchInfo).
OFFSETS = {"x32": "arch::kX32SyscallBit"}


def read_csv(path):
    """Returns (kernel_version, columns, rows) where rows = [(name, [nr or None...])]."""
    kernel, columns, rows = None, None, []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#syscall"):
                head = line.split(",")
                kernel = head[0].split("Linux", 1)[1].strip(" )")
                columns = head[1:]
                continue
            if line.startswith("#"):
                continue
            if columns is None:
                raise SystemExit(f"{path}:{lineno}: data before the #syscall header")
            fields = line.split(",")
            if len(fields) != len(columns) + 1:
                raise SystemExit(f"{path}:{lineno}: {len(fields) - 1} numbers, "
                                 f"expected {len(columns)}")
            nrs = [None if v == "PNR" else int(v, 0) for v in fields[1:]]
            rows.append((fields[0], nrs))
    if columns is None:
        raise SystemExit(f"{path}: no #syscall header")
    unknown = [c for c in columns if c not in ARCHS]
    if unknown:
        raise SystemExit(f"{path}: unknown columns {unknown}")
    names = [r[0] for r in rows]
    if len(set(names)) != len(names):
        raise SystemExit(f"{path}: duplicate syscall names")
    return kernel, columns, rows


def ident(column):
    return "k" + "".join(p.capitalize() for p in column.split("_"))


def generate(csv_path, out_path):
    kernel, columns, rows = read_csv(csv_path)
    out = []
    w = out.append
    w("// GENERATED from data/syscalls/syscalls.csv — DO NOT EDIT (tools/gen_syscalls.py)")
    w("// clang-format off")
    w('#include "syscage/syscalls/table_data.h"')
    w("")
    w("#include <algorithm>")
    w("#include <array>")
    w("")
    w("namespace syscage::syscalls::internal {")
    w("namespace {")
    w("")
    w("template <class T>")
    w("constexpr bool SortedByNr(const T& t) {")
    w("  return std::is_sorted(t.begin(), t.end(),")
    w("                        [](const SyscallEntry& a, const SyscallEntry& b) { return a.nr < b.nr; }) &&")
    w("         std::adjacent_find(t.begin(), t.end(), [](const SyscallEntry& a, const SyscallEntry& b) {")
    w("           return a.nr == b.nr;")
    w("         }) == t.end();")
    w("}")
    w("template <class T, class I>")
    w("constexpr bool SortedByName(const T& t, const I& index) {")
    w("  for (size_t i = 1; i < index.size(); ++i) {")
    w("    if (!(t[index[i - 1]].name < t[index[i]].name)) return false;")
    w("  }")
    w("  return index.size() == t.size();")
    w("}")
    w("")
    for ci, column in enumerate(columns):
        entries = sorted(((nrs[ci], name) for name, nrs in rows if nrs[ci] is not None))
        nrs_seen = [e[0] for e in entries]
        if len(set(nrs_seen)) != len(nrs_seen):
            raise SystemExit(f"{csv_path}: column {column} has a number twice")
        off = OFFSETS.get(column)
        k = ident(column)
        w(f"constexpr std::array<SyscallEntry, {len(entries)}> {k}ByNr = {{{{")
        for nr, name in entries:
            value = f"{off} + {nr}u" if off else f"{nr}u"
            w(f'  {{"{name}", {value}}},')
        w("}};")
        w(f"static_assert(SortedByNr({k}ByNr), \"{column}: not sorted by nr\");")
        order = sorted(range(len(entries)), key=lambda i: entries[i][1])
        w(f"constexpr std::array<uint16_t, {len(entries)}> {k}ByName = {{{{")
        for i in range(0, len(order), 16):
            w("  " + ", ".join(str(x) for x in order[i:i + 16]) + ",")
        w("}};")
        w(f"static_assert(SortedByName({k}ByNr, {k}ByName), \"{column}: name index not sorted\");")
        w("")
    all_names = sorted(r[0] for r in rows)
    w(f"constexpr std::array<std::string_view, {len(all_names)}> kAllNames = {{{{")
    for name in all_names:
        w(f'  "{name}",')
    w("}};")
    w("static_assert(std::is_sorted(kAllNames.begin(), kAllNames.end()));")
    w("")
    w("}  // namespace")
    w("")
    w(f'const std::string_view kTableKernelVersion = "{kernel}";')
    w("")
    w("constinit const std::span<const std::string_view> kAllSyscallNames = kAllNames;")
    w("")
    w("// Indexed by arch::Arch.")
    slots = {}
    for column in columns:
        for enumerator in ARCHS[column]:
            slots[enumerator] = column
    w("constinit const std::array<ArchTable, arch::kArchCount> kArchTables = [] {")
    w("  std::array<ArchTable, arch::kArchCount> t{};")
    for enumerator, column in slots.items():
        k = ident(column)
        w(f"  t[static_cast<size_t>(arch::Arch::{enumerator})] = "
          f"{{true, {k}ByNr, {k}ByName}};")
    w("  return t;")
    w("}();")
    w("")
    w("}  // namespace syscage::syscalls::internal")
    text = "\n".join(out) + "\n"
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out_path)


def validate(csv_path, kernel_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("make_csv", os.path.join(here, "make_syscalls_csv.py"))
    make_csv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_csv)
    _, columns, rows = read_csv(csv_path)
    problems = newer = 0
    for ci, column in enumerate(columns):
        tree = make_csv.from_kernel(kernel_dir, column)
        ours = {name: nrs[ci] for name, nrs in rows if nrs[ci] is not None}
        for name, nr in sorted(tree.items()):
            if name not in ours:
                print(f"MISSING  {column:12} {name} = {nr} (in the kernel tree, PNR in the csv)")
                problems += 1
            elif ours[name] != nr:
                print(f"DIFFERS  {column:12} {name}: csv {ours[name]}, kernel {nr}")
                problems += 1
        for name in sorted(set(ours) - set(tree)):
            print(f"NEWER    {column:12} {name} = {ours[name]} (not in this tree)")
            newer += 1
    print(f"{problems} problems, {newer} rows newer than the tree")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", help="generated .cc to write")
    g.add_argument("--validate", metavar="KERNEL_DIR", help="Linux source tree to diff against")
    args = ap.parse_args()
    if args.validate:
        sys.exit(validate(args.csv, args.validate))
    generate(args.csv, args.out)


if __name__ == "__main__":
    main()
