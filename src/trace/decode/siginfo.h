// SPDX-License-Identifier: Apache-2.0
// strace's "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=.., ...}" for a signal-delivery-stop.
#pragma once

#include <signal.h>

#include <string>

namespace syscage::trace::decode {

// The braces part of "--- SIGX {...} ---".
std::string FormatSiginfo(const siginfo_t& si);

}  // namespace syscage::trace::decode
