// SPDX-License-Identifier: Apache-2.0
#include "syscage/trace/fake/fake_backend.h"

#include <cstring>

namespace syscage::trace {

size_t FakeMemory::Read(pid_t, uint64_t addr, void* out, size_t len) {
  // The region containing addr, read up to its end (a short read, like an unmapped page).
  auto it = regions_.upper_bound(addr);
  if (it == regions_.begin()) return 0;
  --it;
  const uint64_t offset = addr - it->first;
  if (offset >= it->second.size()) return 0;
  const size_t n = std::min<size_t>(len, it->second.size() - offset);
  std::memcpy(out, it->second.data() + offset, n);
  return n;
}

std::string FakeMemory::FdPath(pid_t pid, int fd) {
  auto it = fds_.find({pid, fd});
  return it == fds_.end() ? std::string() : it->second;
}

Result<> FakeBackend::Start(const Target& target) {
  if (target.command.empty() && target.attach_pids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "nothing to trace: give a command or -p PID");
  }
  if (!target.command.empty() && !events_.empty()) launched_ = events_.front().pid;
  return Ok{};
}

Result<std::optional<Event>> FakeBackend::Next() {
  if (stop_ || events_.empty()) return std::optional<Event>();
  Event e = events_.front();
  events_.pop_front();
  return e;
}

}  // namespace syscage::trace
