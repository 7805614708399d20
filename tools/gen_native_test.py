#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the native-table test's data: for every syscall name of syscalls.csv, the host
header's __NR_<name> when the header defines it (#ifdef guards), so the test can compare the csv
column with <asm/unistd_64.h>, <asm/unistd_32.h> and <asm/unistd_x32.h> (x86_64 hosts only; other
hosts get empty lists and the test skips). This is the only place __NR_* macros are used.

  gen_native_test.py --csv data/syscalls/syscalls.csv --out native_headers.cc \
      [--include-dir /usr/include/<multiarch>]

With --include-dir the header texts are also scanned for __NR_ names the csv lacks, so a
syscall the header knows and the csv misses fails the test too.
"""
import argparse
import os
import re

HEADERS = [("X86_64", "asm/unistd_64.h"), ("X86", "asm/unistd_32.h"), ("X32", "asm/unistd_x32.h")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--include-dir")
    args = ap.parse_args()
    names = []
    with open(args.csv, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            names.append(line.split(",", 1)[0])
    out = ["// GENERATED from data/syscalls/syscalls.csv — DO NOT EDIT (tools/gen_native_test.py)",
           "// clang-format off",
           '#include "native_headers.h"', "",
           "#if defined(__x86_64__) && __has_include(<asm/unistd.h>)",
           "#include <asm/unistd.h>  // __X32_SYSCALL_BIT",
           "#endif", ""]
    known = set(names)
    for ident, header in HEADERS:
        missing = []
        path = os.path.join(args.include_dir, header) if args.include_dir else None
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                header_names = re.findall(r"^#define __NR_(\w+)\s", f.read(), re.M)
            missing = sorted(set(header_names) - known)
        out.append(f"std::vector<std::string> HeaderNamesMissing{ident}() {{")
        out.append("  return {" + ", ".join(f'"{m}"' for m in missing) + "};")
        out.append("}")
        # One header after the other in this file: each macro is #undef'd after use, and the
        # headers have distinct include guards, so the next header defines its own values.
        out.append(f"#if defined(__x86_64__) && __has_include(<{header}>)")
        out.append(f"#include <{header}>")
        out.append(f"std::vector<HeaderNr> HeaderNrs{ident}() {{")
        out.append("  std::vector<HeaderNr> v;")
        for n in names:
            out.append(f"#ifdef __NR_{n}")
            out.append(f'  v.push_back({{"{n}", static_cast<long long>(__NR_{n})}});')
            out.append(f"#undef __NR_{n}")
            out.append("#endif")
        out.append("  return v;")
        out.append("}")
        out.append("#else")
        out.append(f"std::vector<HeaderNr> HeaderNrs{ident}() {{ return {{}}; }}")
        out.append("#endif")
        out.append("")
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
