// SPDX-License-Identifier: Apache-2.0
// A Sink consumes the event stream (printer, -c summary, the recorder of `syscage record`).
// OnEvent runs while the event's thread is still stopped, so a sink may read its memory.
#pragma once

#include "syscage/trace/event.h"

namespace syscage::trace {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void OnEvent(const Event& event) = 0;
  // Called once when tracing ends (print totals, flush).
  virtual void Finish() {}
};

}  // namespace syscage::trace
