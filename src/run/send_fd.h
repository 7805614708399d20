// SPDX-License-Identifier: Apache-2.0
// Passing a file descriptor over a unix socket (SCM_RIGHTS), for the child's report to
// RunConfined and for handing a NOTIFY listener to listenerPath.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace syscage::run {

// Sends `size` bytes of `data` with `fd` attached as SCM_RIGHTS (nothing attached when fd < 0),
// retrying on EINTR, without SIGPIPE. Async-signal-safe, so a forked child may call it before
// exec. Returns what sendmsg(2) returns (-1 with errno set on failure).
ssize_t SendWithFd(int sock, const void* data, size_t size, int fd) noexcept;

}  // namespace syscage::run
