// SPDX-License-Identifier: Apache-2.0
// Symbolic names the decoders print: errno and signal names, and the flag/constant tables for
// open, mmap, clone, socket... (values from the Linux UAPI headers, generic x86 family layout).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace syscage::trace::decode {

struct Named {
  uint64_t value;
  const char* name;
};

// "ENOENT"; empty when `err` has no name. Kernel-internal restart codes (512..) included.
std::string_view ErrnoName(int err);
// "No such file or directory" (strace's wording, including the restart codes).
std::string ErrnoMessage(int err);
// "SIGCHLD", "SIGRTMIN", "SIGRT_3"; "" for 0 or out of range.
std::string SignalName(int sig);
// The signal number of "SIGUSR1" or "USR1" (case-insensitive), 0 when unknown.
int SignalFromName(std::string_view name);

// Flag sets: every bit in `value` named from `table`, joined with '|'; leftover bits as hex;
// `zero` (e.g. "0") when value is 0.
std::string FormatFlags(uint64_t value, std::span<const Named> table, const char* zero = "0");
// The name of `value` in `table`, or `fallback` formatted by the caller when absent.
const char* FindName(uint64_t value, std::span<const Named> table);

// Tables (each a std::span over a constexpr array).
std::span<const Named> OpenAccessModes();  // O_RDONLY O_WRONLY O_RDWR
std::span<const Named> OpenFlags();        // O_CREAT ... without the access mode
std::span<const Named> AtFlags();
std::span<const Named> AccessModes();  // R_OK W_OK X_OK
std::span<const Named> MmapProt();
std::span<const Named> MmapFlags();
std::span<const Named> MmapType();  // MAP_SHARED / MAP_PRIVATE
std::span<const Named> CloneFlags();
std::span<const Named> SocketFamilies();
std::span<const Named> SocketTypes();
std::span<const Named> SocketTypeFlags();
std::span<const Named> FcntlCmds();
std::span<const Named> FdFlags();
std::span<const Named> Whence();
std::span<const Named> RlimitResources();
std::span<const Named> SigprocmaskHow();
std::span<const Named> SaFlags();
std::span<const Named> WaitOptions();
std::span<const Named> FutexOps();
std::span<const Named> ArchPrctlCodes();
std::span<const Named> ClockIds();
std::span<const Named> IoctlRequests();
std::span<const Named> PrctlOptions();
std::span<const Named> GrndFlags();
std::span<const Named> MadviseAdvice();
std::span<const Named> FadviseAdvice();
std::span<const Named> MremapFlags();
std::span<const Named> EpollCtlOps();
std::span<const Named> EpollEvents();
std::span<const Named> PollEvents();
std::span<const Named> SocketLevels();
std::span<const Named> SolSocketOptions();
std::span<const Named> MsgFlags();
std::span<const Named> ShutdownHow();
std::span<const Named> StatxMask();
std::span<const Named> FlockOps();
std::span<const Named> RenameFlags();
std::span<const Named> UmountFlags();
std::span<const Named> MsyncFlags();
std::span<const Named> ItimerWhich();
std::span<const Named> SchedPolicies();
std::span<const Named> PersonalityTypes();
std::span<const Named> SiCodes();      // SI_USER ... (generic)
std::span<const Named> ChldCodes();    // CLD_EXITED ...
std::span<const Named> SegvCodes();    // SEGV_MAPERR ...
std::span<const Named> FileTypes();    // S_IFREG ...
std::span<const Named> FsMagics();     // statfs f_type: EXT2_SUPER_MAGIC ...
std::span<const Named> StatfsFlags();  // statfs f_flags: ST_VALID ...
std::span<const Named> EventfdFlags();
std::span<const Named> PipeFlags();
std::span<const Named> MemfdFlags();
std::span<const Named> InotifyMasks();
std::span<const Named> TimerfdFlags();
std::span<const Named> Ipprotos();

}  // namespace syscage::trace::decode
