// SPDX-License-Identifier: Apache-2.0
// Decoder: turns a syscall entry/exit Event into strace's text, reading strings and structs from
// the stopped tracee. The entry part is "name(" plus the input arguments; the exit part is the
// output arguments plus ")" ; the return part is "0", "0x7f..", "3</etc/passwd>" or
// "-1 ENOENT (No such file or directory)".
#pragma once

#include <string>
#include <string_view>

#include "syscage/trace/decode/signatures.h"
#include "syscage/trace/event.h"

namespace syscage::trace::decode {

struct DecodeOptions {
  size_t string_limit = 32;  // -s: bytes shown of a string before "..."
  bool fd_paths = false;     // -y: "3</etc/passwd>"
};

class Decoder {
 public:
  Decoder(TraceeMemory& memory, DecodeOptions options) : mem_(memory), opts_(options) {}

  // "name(" followed by the arguments known at entry, each followed by ", " when more follow.
  std::string Entry(const Event& entry, std::string_view name);
  // The arguments decoded at exit, then ")". `exit` repeats the entry's nr and args.
  std::string Exit(const Event& exit, std::string_view name);
  // The value after "= ".
  std::string Return(const Event& exit, std::string_view name);

  // Helpers shared with the signal printer and tests.
  // strace-quoted string of `data` (at most string_limit bytes shown, "..." appended when
  // `more` or data is longer). `hex` forces \x escapes.
  std::string Quote(std::string_view data, bool more, bool hex = false) const;
  // NUL-terminated string at addr, truncated to `limit` (0 = string_limit): "\"/etc\"" or
  // the address when unreadable, "NULL" for 0.
  std::string CString(pid_t tid, uint64_t addr, size_t limit = 0);
  std::string Fd(pid_t pid, int64_t fd);
  // A signal set of `bytes` bytes: "[CHLD USR1]" or "~[RTMIN RT_1]".
  static std::string FormatSigset(const uint8_t* set, size_t bytes);

 private:
  std::string FormatArg(const Event& e, const Signature& sig, int i);
  std::string Pointer(uint64_t addr) const;
  std::string Stat(const Event& e, uint64_t addr, bool is64);
  std::string Statx(const Event& e, uint64_t addr);
  // struct statfs in the call's own layout; `is64`: an i386 statfs64/fstatfs64.
  std::string Statfs(const Event& e, uint64_t addr, bool is64);
  // `old32`: an i386 call's struct old_timespec32 (two 32-bit words; the *_time64 calls and
  // x32 use the 64-bit layout).
  std::string Timespec(pid_t tid, uint64_t addr, bool old32 = false);
  // struct compat_rlimit (two 32-bit words) when `words32`: i386 getrlimit/setrlimit/ugetrlimit.
  static bool CompatWords(const Event& e, std::string_view name);
  static bool OldTime32(const Event& e, std::string_view name);
  std::string Rlimit(pid_t tid, uint64_t addr, bool is64, bool words32 = false);
  std::string Sockaddr(pid_t tid, uint64_t addr, uint64_t len);
  std::string Sigaction(pid_t tid, uint64_t addr);
  std::string Sigset(pid_t tid, uint64_t addr, uint64_t size);
  std::string WaitStatus(pid_t tid, uint64_t addr);
  std::string StringArray(pid_t tid, uint64_t addr, bool is_env);
  std::string Ioctl(const Event& e);
  std::string Iov(const Event& e, uint64_t addr, uint64_t count, int64_t total);
  // old32: the timeout is an i386 struct old_timespec32 (futex, not futex_time64).
  std::string Futex(const Event& e, int i, bool old32);
  std::string CloneCall(const Event& e);
  std::string Clone3(const Event& e);
  std::string Dirents(const Event& e);

  TraceeMemory& mem_;
  DecodeOptions opts_;
};

}  // namespace syscage::trace::decode
