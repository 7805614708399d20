// SPDX-License-Identifier: Apache-2.0
// seccomp(2) constants from include/uapi/linux/seccomp.h, written out because Debian 12's uapi
// headers (Linux 6.1) lack the newer ones. One copy for every part that calls seccomp(2).
#pragma once

namespace syscage::seccomp_abi {

// seccomp(2) operations the uapi headers may lack.
inline constexpr unsigned kGetActionAvail = 2;  // SECCOMP_GET_ACTION_AVAIL (4.14)
inline constexpr unsigned kGetNotifSizes = 3;   // SECCOMP_GET_NOTIF_SIZES (5.0)

// SECCOMP_FILTER_FLAG_*.
inline constexpr unsigned kFlagTsync = 1u << 0;
inline constexpr unsigned kFlagLog = 1u << 1;
inline constexpr unsigned kFlagSpecAllow = 1u << 2;
inline constexpr unsigned kFlagNewListener = 1u << 3;
inline constexpr unsigned kFlagTsyncEsrch = 1u << 4;
inline constexpr unsigned kFlagWaitKillableRecv = 1u << 5;

}  // namespace syscage::seccomp_abi
