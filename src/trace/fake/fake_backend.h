// SPDX-License-Identifier: Apache-2.0
// FakeBackend: scripted events and tracee memory for sink and decoder tests (falco's test_input
// engine, sandbox2's fakes). No process is traced.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "syscage/trace/backend.h"

namespace syscage::trace {

class FakeMemory final : public TraceeMemory {
 public:
  // Places `bytes` at `addr` (for every tid).
  void Put(uint64_t addr, std::string bytes) { regions_[addr] = std::move(bytes); }
  // Places a NUL-terminated string.
  void PutString(uint64_t addr, const std::string& s) { Put(addr, s + '\0'); }
  void SetFdPath(pid_t pid, int fd, std::string path) { fds_[{pid, fd}] = std::move(path); }

  size_t Read(pid_t tid, uint64_t addr, void* out, size_t len) override;
  std::string FdPath(pid_t pid, int fd) override;

 private:
  std::map<uint64_t, std::string> regions_;
  std::map<std::pair<pid_t, int>, std::string> fds_;
};

class FakeBackend final : public Backend {
 public:
  // Events returned by Next() in order; then nullopt.
  void Push(const Event& e) { events_.push_back(e); }
  FakeMemory& fake_memory() { return memory_; }

  // kInvalidArgument when the target is empty, like the real backends.
  Result<> Start(const Target& target) override;
  Result<std::optional<Event>> Next() override;
  void Stop() override { events_.clear(); }
  void RequestStop() override { stop_ = true; }
  TraceeMemory& memory() override { return memory_; }
  pid_t launched_pid() const override { return launched_; }

 private:
  std::deque<Event> events_;
  FakeMemory memory_;
  pid_t launched_ = 0;
  bool stop_ = false;
};

}  // namespace syscage::trace
