// SPDX-License-Identifier: Apache-2.0
// ScopeExit: run a callable when the scope ends (nsjail's defer).
#pragma once

#include <utility>

namespace syscage {

template <class F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() {
    if (armed_) f_();
  }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  // Keeps the callable from running.
  void Dismiss() { armed_ = false; }

 private:
  F f_;
  bool armed_ = true;
};

}  // namespace syscage
