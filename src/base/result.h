// SPDX-License-Identifier: Apache-2.0
// Result<T>: a value or an Error. The single place to switch to std::expected at C++23.
#pragma once

#include <utility>

#include <tl/expected.hpp>

#include "syscage/base/error.h"

namespace syscage {

struct Ok {};

template <class T = Ok>
using Result = tl::expected<T, Error>;

// `return Fail(ErrorCode::kNotFound, "no such arch");` from a function returning Result<T>.
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, int sys_errno = 0) {
  return tl::unexpected<Error>(Error{code, std::move(message), sys_errno});
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace syscage

#define SYSCAGE_CONCAT_INNER_(a, b) a##b
#define SYSCAGE_CONCAT_(a, b) SYSCAGE_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result) from the enclosing function if it failed.
#define RETURN_IF_ERROR(expr)                                               \
  do {                                                                      \
    auto syscage_result_ = (expr);                                          \
    if (!syscage_result_) return ::tl::unexpected(syscage_result_.error()); \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)    \
  auto tmp = (expr);                              \
  if (!tmp) return ::tl::unexpected(tmp.error()); \
  lhs = std::move(*tmp)

// `ASSIGN_OR_RETURN(auto x, Foo());` declares x from Foo()'s value or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(SYSCAGE_CONCAT_(syscage_tmp_, __LINE__), lhs, expr)
