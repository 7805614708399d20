#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds data/syscalls/syscalls.csv once, from facts (run by hand, not by the build).

Sources, in order:
  1. libseccomp's resolver (ctypes on libseccomp.so.2): for every arch libseccomp knows, every
     number it maps to a name (seccomp_syscall_resolve_num_arch over the real number ranges). Only
     real numbers are walked, so libseccomp's negative pseudo numbers (PNR, and the x86/s390/ppc
     socketcall/ipc sub-call pseudo numbers) never enter the table.
  2. A kernel source tree (--kernel DIR, e.g. from Debian's linux-source-6.12 package): the
     arch/*/syscall*.tbl files and scripts/syscall.tbl with each arch's Makefile.syscalls ABIs.
     It fills names libseccomp does not know and whole columns libseccomp lacks (loongarch64,
     m68k, sh). Where libseccomp and the kernel tree disagree, the kernel wins and the
     disagreement is printed (libseccomp 2.5.4 is older: version skew).
  3. POST_TREE below: syscalls newer than the tree, up to TARGET_KERNEL, each with its source.

Usage: tools/make_syscalls_csv.py --kernel /path/to/linux-6.12 > data/syscalls/syscalls.csv
"""
import argparse
import ctypes
import ctypes.util
import os
import re
import sys

TARGET_KERNEL = "6.18"

# CSV columns: one per distinct numbering. Endian twins share a column (see TWINS).
COLUMNS = ["x86_64", "x86", "x32", "aarch64", "arm", "riscv64", "loongarch64", "s390x", "s390",
           "ppc64", "ppc", "mips", "mips64", "mips64n32", "parisc", "parisc64", "m68k", "sh"]
TWINS = {"ppc64le": "ppc64", "mipsel": "mips", "mipsel64": "mips64",
         "mipsel64n32": "mips64n32", "sheb": "sh"}

# libseccomp arch names per column (2.5.4 has no loongarch64, m68k or sh).
SCMP_ARCH = {c: c for c in COLUMNS if c not in ("loongarch64", "m68k", "sh")}

# Number ranges walked with seccomp_syscall_resolve_num_arch (seccomp_data.nr values).
X32_BIT = 0x40000000
ARM_PRIVATE = range(0x0F0000, 0x0F0010)  # __ARM_NR_BASE: breakpoint, cacheflush, usr26...
MIPS_BASE = {"mips": 4000, "mips64": 5000, "mips64n32": 6000}  # __NR_Linux per ABI

# Which kernel table and ABIs make each column (scripts/Makefile.asm-headers: 64-bit generic
# arches take "common,64" plus their Makefile.syscalls syscall_abis_64).
KTABLES = {
    "x86_64": ("arch/x86/entry/syscalls/syscall_64.tbl", {"common", "64"}),
    "x32": ("arch/x86/entry/syscalls/syscall_64.tbl", {"common", "x32"}),
    "x86": ("arch/x86/entry/syscalls/syscall_32.tbl", {"i386"}),
    "arm": ("arch/arm/tools/syscall.tbl", {"common", "eabi"}),
    "aarch64": ("scripts/syscall.tbl", "arch/arm64/kernel/Makefile.syscalls"),
    "riscv64": ("scripts/syscall.tbl", "arch/riscv/kernel/Makefile.syscalls"),
    "loongarch64": ("scripts/syscall.tbl", "arch/loongarch/kernel/Makefile.syscalls"),
    "s390x": ("arch/s390/kernel/syscalls/syscall.tbl", {"common", "64"}),
    "s390": ("arch/s390/kernel/syscalls/syscall.tbl", {"common", "32"}),
    "ppc64": ("arch/powerpc/kernel/syscalls/syscall.tbl", {"common", "64", "nospu"}),
    "ppc": ("arch/powerpc/kernel/syscalls/syscall.tbl", {"common", "32", "nospu"}),
    # mips builds each ABI's file without an ABI filter (arch/mips/kernel/syscalls/Makefile), so
    # n64's "450 common set_mempolicy_home_node" counts.
    "mips": ("arch/mips/kernel/syscalls/syscall_o32.tbl", None),
    "mips64": ("arch/mips/kernel/syscalls/syscall_n64.tbl", None),
    "mips64n32": ("arch/mips/kernel/syscalls/syscall_n32.tbl", None),
    "parisc": ("arch/parisc/kernel/syscalls/syscall.tbl", {"common", "32"}),
    "parisc64": ("arch/parisc/kernel/syscalls/syscall.tbl", {"common", "64"}),
    "m68k": ("arch/m68k/kernel/syscalls/syscall.tbl", {"common"}),
    "sh": ("arch/sh/kernel/syscalls/syscall.tbl", {"common"}),
}

# Syscalls added after the 6.12 tree, up to 6.18. Numbers from 424 on are shared by every arch
# (mips adds its __NR_Linux base); the "common" ABI puts them on x32 too.
#   6.13: setxattrat..removexattrat 463-466 (scripts/syscall.tbl, arch/*/syscall*.tbl)
#   6.15: open_tree_attr 467
#   6.17: file_getattr 468, file_setattr 469
#   6.18: uprobe 336, x86_64 "common" only (commit 56101b69c919 "uprobes/x86: Add uprobe syscall
#         to speed up uprobe"; perf's tools/ table sync of 2025-11-01 shows "336 common uprobe").
ALL = "all"
POST_TREE = [
    ("setxattrat", 463, ALL), ("getxattrat", 464, ALL), ("listxattrat", 465, ALL),
    ("removexattrat", 466, ALL), ("open_tree_attr", 467, ALL), ("file_getattr", 468, ALL),
    ("file_setattr", 469, ALL), ("uprobe", 336, ("x86_64", "x32")),
]


def load_libseccomp():
    path = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    lib = ctypes.CDLL(path)
    lib.seccomp_arch_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_arch_resolve_name.restype = ctypes.c_uint32
    lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32, ctypes.c_int]
    lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
    lib.seccomp_version.restype = ctypes.c_void_p
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]

    class Version(ctypes.Structure):
        _fields_ = [("major", ctypes.c_uint), ("minor", ctypes.c_uint), ("micro", ctypes.c_uint)]

    v = ctypes.cast(lib.seccomp_version(), ctypes.POINTER(Version)).contents
    return lib, libc, f"{v.major}.{v.minor}.{v.micro}"


def scmp_numbers(column):
    if column == "x32":
        return range(X32_BIT, X32_BIT + 1024)
    if column in MIPS_BASE:
        return range(MIPS_BASE[column], MIPS_BASE[column] + 1024)
    nums = list(range(0, 1024))
    if column == "arm":
        nums += list(ARM_PRIVATE)
    return nums


def from_libseccomp(lib, libc, column):
    token = lib.seccomp_arch_resolve_name(SCMP_ARCH[column].encode())
    if token == 0:
        raise SystemExit(f"libseccomp does not know arch {column}")
    out = {}
    for nr in scmp_numbers(column):
        p = lib.seccomp_syscall_resolve_num_arch(token, nr)
        if not p:
            continue
        name = ctypes.string_at(p).decode()
        libc.free(p)
        if column == "x32":
            nr -= X32_BIT
        if name in out:
            raise SystemExit(f"libseccomp: {column} {name} has two numbers")
        out[name] = nr
    return out


def generic_abis(kernel, makefile):
    abis = {"common", "64"}
    with open(os.path.join(kernel, makefile), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*syscall_abis_64\s*\+?=\s*(.*)", line)
            if m:
                abis.update(m.group(1).split())
    return abis


def from_kernel(kernel, column):
    path, abis = KTABLES[column]
    if isinstance(abis, str):
        abis = generic_abis(kernel, abis)
    base = MIPS_BASE.get(column, 0)
    out = {}
    if column == "arm":
        # The ARM private calls live in the uapi header, not the table (EABI: base 0x0f0000).
        with open(os.path.join(kernel, "arch/arm/include/uapi/asm/unistd.h"), encoding="utf-8") as f:
            for m in re.finditer(r"#define __ARM_NR_(\w+)\s+\(__ARM_NR_BASE\+(\d+)\)", f.read()):
                out[m.group(1)] = 0x0F0000 + int(m.group(2))
    with open(os.path.join(kernel, path), encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if abis is not None and fields[1] not in abis:
                continue
            out[fields[2]] = int(fields[0]) + base
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True, help="root of a Linux source tree")
    args = ap.parse_args()
    lib, libc, scmp_version = load_libseccomp()
    with open(os.path.join(args.kernel, "Makefile"), encoding="utf-8") as f:
        mk = f.read()
    tree_version = ".".join(re.search(rf"^{k} = (\d+)", mk, re.M).group(1)
                            for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL"))

    table = {}  # column -> {name: nr}
    for column in COLUMNS:
        kern = from_kernel(args.kernel, column)
        merged = dict(kern)
        if column in SCMP_ARCH:
            scmp = from_libseccomp(lib, libc, column)
            for name, nr in sorted(scmp.items()):
                if name not in kern:
                    # Known to libseccomp, absent from this kernel's ABI for the column.
                    print(f"note: {column} {name}={nr} from libseccomp only; kernel tree lacks it"
                          " (dropped)", file=sys.stderr)
                elif kern[name] != nr:
                    print(f"note: {column} {name}: libseccomp {nr}, kernel {kern[name]}"
                          " (kernel kept)", file=sys.stderr)
        for name, generic, where in POST_TREE:
            if where != ALL and column not in where:
                continue
            nr = generic + MIPS_BASE.get(column, 0)
            if name in merged and merged[name] != nr:
                raise SystemExit(f"{column} {name}: tree has {merged[name]}, POST_TREE {nr}")
            merged[name] = nr
        by_nr = {}
        for name, nr in merged.items():
            if nr in by_nr:
                raise SystemExit(f"{column}: {nr} is both {by_nr[nr]} and {name}")
            by_nr[nr] = name
        table[column] = merged

    names = sorted(set().union(*[set(t) for t in table.values()]))
    twins = ", ".join(f"{k}={v}" for k, v in TWINS.items())
    print(f"# syscage syscall table: seccomp_data.nr per architecture, PNR where the syscall does")
    print(f"# not exist there. Built once by tools/make_syscalls_csv.py from libseccomp "
          f"{scmp_version}'s resolver,")
    print(f"# the Linux {tree_version} tree's arch/*/syscall*.tbl + scripts/syscall.tbl "
          f"(Debian linux-source-6.12), and")
    print(f"# the syscalls of Linux 6.13-{TARGET_KERNEL} listed in the script (POST_TREE).")
    print(f"# Columns shared by endian twins: {twins}.")
    print("# x32: kernel table number WITHOUT __X32_SYSCALL_BIT (the API adds it). mips: the full")
    print("# number including __NR_Linux (o32 4000, n64 5000, n32 6000). arm: EABI, plus the")
    print("# __ARM_NR_* private calls at 0xf0000+ (arch/arm/include/uapi/asm/unistd.h).")
    print(f"#syscall (Linux {TARGET_KERNEL})," + ",".join(COLUMNS))
    for name in names:
        row = [str(table[c][name]) if name in table[c] else "PNR" for c in COLUMNS]
        print(name + "," + ",".join(row))


if __name__ == "__main__":
    main()
