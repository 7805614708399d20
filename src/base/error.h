// SPDX-License-Identifier: Apache-2.0
// The one error type of syscage's own code. Problems in user input (profile syntax, unknown names)
// are Diagnostics, not Errors: an Error means an operation could not continue.
#pragma once

#include <string>

namespace syscage {

// Closed set, in the spirit of libseccomp's _rc_filter(): anything else maps to kInternal.
enum class ErrorCode {
  kInvalidArgument,  // bad input from the caller or the user
  kNotFound,         // a file, process, syscall or arch that does not exist
  kUnsupportedArch,  // an arch we know of but have no table or support for
  kPermission,       // missing privilege (EPERM/EACCES)
  kKernel,           // the kernel refused (seccomp(2), ptrace, bpf...)
  kLimitExceeded,    // e.g. BPF_MAXINSNS
  kInternal,         // a bug in syscage
};

// Returns the lower-case name of `code`, e.g. "invalid argument".
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  int sys_errno = 0;  // errno of the failing system call, 0 if none

  // "message: strerror(sys_errno)" or just "message".
  std::string ToString() const;
};

// Builds an Error with errno taken from `sys_errno` (use for failing syscalls).
Error SysError(ErrorCode code, std::string message, int sys_errno);

}  // namespace syscage
