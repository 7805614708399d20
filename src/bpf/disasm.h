// SPDX-License-Identifier: Apache-2.0
// A readable assembly of a seccomp filter, annotated with what each load reads (arch, nr,
// args[i] hi/lo), the arch each compare runs under and the syscall names of number compares, and
// the action of each RET. Used by `compile --format asm`, `--dump-after`, `inspect`, and tests.
#pragma once

#include <span>
#include <string>

#include "syscage/bpf/program.h"

namespace syscage::bpf {

// One instruction without annotation: "jeq #0x3b jt 4 jf 5" (targets as absolute indexes).
std::string FormatInsn(const sock_filter& insn, size_t pc);

// The whole program, one line per instruction: "  12: jeq  #0x3b  jt 14  jf 13  ; execve".
std::string Disassemble(std::span<const sock_filter> program);

}  // namespace syscage::bpf
