// SPDX-License-Identifier: Apache-2.0
#include "syscage/trace/ptrace/process_memory.h"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

namespace syscage::trace {

size_t ProcessMemory::Read(pid_t tid, uint64_t addr, void* out, size_t len) {
  if (addr == 0 || len == 0) return 0;
  iovec local{out, len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
  if (n > 0) return static_cast<size_t>(n);
  // A read crossing into an unmapped page fails as a whole: retry up to the page end.
  const uint64_t page_end = (addr | 4095) + 1;
  if (page_end - addr < len) return Read(tid, addr, out, page_end - addr);
  return 0;
}

std::string ProcessMemory::FdPath(pid_t pid, int fd) {
  // AT_FDCWD asks for the working directory (the decoders' -y for *at calls).
  std::string link = "/proc/" + std::to_string(pid) +
                     (fd == AT_FDCWD ? std::string("/cwd") : "/fd/" + std::to_string(fd));
  char buf[4096];
  ssize_t n = readlink(link.c_str(), buf, sizeof(buf));
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

}  // namespace syscage::trace
