// SPDX-License-Identifier: Apache-2.0
// siginfo in strace's layout: the code named per signal (CLD_*, SEGV_*, SI_*), then the union
// member that code fills (sender pid/uid, child status and times, fault address, timer).
#include "syscage/trace/decode/siginfo.h"

#include <cinttypes>
#include <cstdio>

#include "syscage/trace/decode/names.h"

namespace syscage::trace::decode {
namespace {

std::string Hex(uint64_t v) {
  if (v == 0) return "NULL";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%#" PRIx64, v);
  return buf;
}

std::string CodeName(int signo, int code) {
  const char* n = nullptr;
  if (code <= 0 || code == SI_KERNEL) {
    n = FindName(static_cast<uint64_t>(static_cast<int64_t>(code)), SiCodes());
  } else if (signo == SIGCHLD) {
    n = FindName(static_cast<uint64_t>(code), ChldCodes());
  } else if (signo == SIGSEGV) {
    n = FindName(static_cast<uint64_t>(code), SegvCodes());
  } else if (signo == SIGBUS) {
    static constexpr Named kBus[] = {{1, "BUS_ADRALN"},
                                     {2, "BUS_ADRERR"},
                                     {3, "BUS_OBJERR"},
                                     {4, "BUS_MCEERR_AR"},
                                     {5, "BUS_MCEERR_AO"}};
    n = FindName(static_cast<uint64_t>(code), kBus);
  } else if (signo == SIGTRAP) {
    static constexpr Named kTrap[] = {
        {1, "TRAP_BRKPT"}, {2, "TRAP_TRACE"}, {3, "TRAP_BRANCH"}, {4, "TRAP_HWBKPT"}};
    n = FindName(static_cast<uint64_t>(code), kTrap);
  } else if (signo == SIGSYS) {
    static constexpr Named kSys[] = {{1, "SYS_SECCOMP"}};
    n = FindName(static_cast<uint64_t>(code), kSys);
  } else if (signo == SIGFPE) {
    static constexpr Named kFpe[] = {{1, "FPE_INTDIV"}, {2, "FPE_INTOVF"}, {3, "FPE_FLTDIV"},
                                     {4, "FPE_FLTOVF"}, {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"},
                                     {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"}};
    n = FindName(static_cast<uint64_t>(code), kFpe);
  } else if (signo == SIGILL) {
    static constexpr Named kIll[] = {{1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"},
                                     {4, "ILL_ILLTRP"}, {5, "ILL_PRVOPC"}, {6, "ILL_PRVREG"},
                                     {7, "ILL_COPROC"}, {8, "ILL_BADSTK"}};
    n = FindName(static_cast<uint64_t>(code), kIll);
  }
  return n != nullptr ? n : std::to_string(code);
}

}  // namespace

std::string FormatSiginfo(const siginfo_t& si) {
  const int signo = si.si_signo;
  const int code = si.si_code;
  std::string sig = SignalName(signo);
  std::string out = "{si_signo=" + (sig.empty() ? std::to_string(signo) : sig) +
                    ", si_code=" + CodeName(signo, code);
  if (si.si_errno != 0) {
    std::string_view e = ErrnoName(si.si_errno);
    out += ", si_errno=" + (e.empty() ? std::to_string(si.si_errno) : std::string(e));
  }
  auto sender = [&] {
    out += ", si_pid=" + std::to_string(si.si_pid) + ", si_uid=" + std::to_string(si.si_uid);
  };
  auto value = [&] {
    out += ", si_int=" + std::to_string(si.si_int) +
           ", si_ptr=" + Hex(reinterpret_cast<uintptr_t>(si.si_ptr));
  };
  if (code == SI_USER || code == SI_TKILL) {
    sender();
  } else if (code == SI_QUEUE || code == SI_MESGQ) {
    sender();
    value();
  } else if (code == SI_TIMER) {
    out += ", si_timerid=" + std::to_string(si.si_timerid) +
           ", si_overrun=" + std::to_string(si.si_overrun);
    value();
  } else if (code > 0 && code != SI_KERNEL && signo == SIGCHLD) {
    sender();
    std::string status;
    if (code == CLD_EXITED) {
      status = std::to_string(si.si_status);
    } else {
      status = SignalName(si.si_status);
      if (status.empty()) status = std::to_string(si.si_status);
    }
    out += ", si_status=" + status + ", si_utime=" + std::to_string(si.si_utime) +
           ", si_stime=" + std::to_string(si.si_stime);
  } else if (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE ||
             signo == SIGTRAP) {
    if (code > 0 || code == SI_KERNEL) {
      out += ", si_addr=" + Hex(reinterpret_cast<uintptr_t>(si.si_addr));
    }
  } else if (signo == SIGSYS && code == 1) {
    out += ", si_call_addr=" + Hex(reinterpret_cast<uintptr_t>(si.si_call_addr)) +
           ", si_syscall=" + std::to_string(si.si_syscall) +
           ", si_arch=" + std::to_string(si.si_arch);
  } else if (code == SI_SIGIO || (signo == SIGIO && code > 0)) {
    out += ", si_band=" + std::to_string(si.si_band) + ", si_fd=" + std::to_string(si.si_fd);
  }
  return out + "}";
}

}  // namespace syscage::trace::decode
