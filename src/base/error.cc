// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/error.h"

#include <cstring>

namespace syscage {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kUnsupportedArch:
      return "unsupported architecture";
    case ErrorCode::kPermission:
      return "permission denied";
    case ErrorCode::kKernel:
      return "kernel error";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "internal error";
}

std::string Error::ToString() const {
  if (sys_errno == 0) return message;
  return message + ": " + std::strerror(sys_errno);
}

Error SysError(ErrorCode code, std::string message, int sys_errno) {
  return Error{code, std::move(message), sys_errno};
}

}  // namespace syscage
