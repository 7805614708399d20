// SPDX-License-Identifier: Apache-2.0
// Printer: layout rules from strace's output (strace.c printleader/tabto): "[pid %5u] " when
// more than one thread is traced (or "%-5d " into a -o file with -f), timestamps after the pid,
// return values aligned at column 40, and a line left open while its call runs.
#include "syscage/trace/printer.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include "syscage/syscalls/table.h"
#include "syscage/trace/decode/names.h"
#include "syscage/trace/decode/siginfo.h"

namespace syscage::trace {
namespace {

constexpr size_t kReturnColumn = 40;

std::string SyscallName(const Event& e) {
  if (auto n = syscalls::NameOf(e.arch, e.nr)) return std::string(*n);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "syscall_%#x", e.nr);
  return buf;
}

std::string Duration(const timespec& from, const timespec& to) {
  int64_t ns = (to.tv_sec - from.tv_sec) * 1000000000LL + (to.tv_nsec - from.tv_nsec);
  if (ns < 0) ns = 0;
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%lld.%06lld", static_cast<long long>(ns / 1000000000LL),
                static_cast<long long>((ns % 1000000000LL) / 1000));
  return buf;
}

}  // namespace

Printer::Printer(FILE* out, TraceeMemory& memory, const SyscallFilter& filter,
                 PrinterOptions options)
    : out_(out), decoder_(memory, options.decode), filter_(filter), opts_(options) {
  deferred_ = !opts_.status.IsAll();
}

void Printer::SelectOutput(pid_t tid) {
  if (opts_.per_thread_path.empty() || tid == output_tid_) return;
  if (output_tid_ != 0) {
    auto it = thread_outputs_.find(output_tid_);
    if (it != thread_outputs_.end()) {
      it->second.column = column_;
      it->second.open_line = current_ == output_tid_;
    }
  }
  ThreadOutput& t = thread_outputs_[tid];
  if (t.file == nullptr) {
    const std::string path = opts_.per_thread_path + "." + std::to_string(tid);
    t.file = fopen(path.c_str(), "we");
    if (t.file == nullptr) {
      Message("can't fopen '" + path + "': " + std::strerror(errno));
      t.file = stderr;
    }
  }
  out_ = t.file;
  column_ = t.column;
  current_ = t.open_line ? tid : 0;
  output_tid_ = tid;
}

void Printer::ReleaseOutput(pid_t tid) {
  auto it = thread_outputs_.find(tid);
  if (it == thread_outputs_.end()) return;
  if (it->second.file != nullptr && it->second.file != stderr) fclose(it->second.file);
  thread_outputs_.erase(it);
  if (output_tid_ == tid) {
    output_tid_ = 0;
    out_ = stderr;
    column_ = 0;
    current_ = 0;
  }
}

void Printer::Write(std::string_view text) {
  fwrite(text.data(), 1, text.size(), out_);
  const size_t nl = text.rfind('\n');
  column_ = nl == std::string_view::npos ? column_ + text.size() : text.size() - nl - 1;
}

void Printer::Message(const std::string& text) {
  if (out_ != stderr) fflush(out_);
  std::fprintf(stderr, "syscage: %s\n", text.c_str());
}

void Printer::CloseCurrent() {
  if (current_ == 0) return;
  Write(" <unfinished ...>\n");
  current_ = 0;
}

std::string Printer::Prefix(const Event& e) {
  std::string out;
  char buf[64];
  if (!opts_.per_thread_path.empty()) {
    // -ff: one file per thread, no pid column.
  } else if (opts_.to_file && opts_.follow_forks) {
    std::snprintf(buf, sizeof(buf), "%-5d ", e.tid);
    out += buf;
  } else if (live_.size() > 1) {
    std::snprintf(buf, sizeof(buf), "[pid %5d] ", e.tid);
    out += buf;
  }
  if (opts_.timestamps != Timestamps::kNone) {
    const time_t secs = e.wall.tv_sec;
    tm local{};
    localtime_r(&secs, &local);
    if (opts_.timestamps == Timestamps::kEpoch) {
      std::snprintf(buf, sizeof(buf), "%lld.%06ld ", static_cast<long long>(secs),
                    e.wall.tv_nsec / 1000);
    } else {
      size_t n = strftime(buf, sizeof(buf), "%H:%M:%S", &local);
      if (opts_.timestamps == Timestamps::kMicros) {
        std::snprintf(buf + n, sizeof(buf) - n, ".%06ld ", e.wall.tv_nsec / 1000);
      } else {
        std::snprintf(buf + n, sizeof(buf) - n, " ");
      }
    }
    out += buf;
  }
  if (opts_.relative) {
    const timespec from = last_line_.tv_sec == 0 && last_line_.tv_nsec == 0 ? e.mono : last_line_;
    std::string d = Duration(from, e.mono);
    std::snprintf(buf, sizeof(buf), "%13s ", d.c_str());
    out += buf;
    last_line_ = e.mono;
  }
  return out;
}

void Printer::EndLine(const Event& e, Line& line, const std::string& exit_text,
                      const std::string& ret) {
  Write(exit_text);
  Write(" ");
  if (column_ < kReturnColumn) Write(std::string(kReturnColumn - column_, ' '));
  std::string tail = "= " + ret;
  if (opts_.syscall_times && ret != "?") tail += " <" + Duration(line.entry_mono, e.mono) + ">";
  Write(tail + "\n");
  current_ = 0;
}

void Printer::FinishUnreturned(const Event& e, const char* why) {
  auto it = lines_.find(e.tid);
  if (it == lines_.end()) return;
  Line& line = it->second;
  if (!line.skip) {
    if (std::string_view(why) == "?" && (deferred_ ? opts_.status.unfinished : true)) {
      if (deferred_) {
        CloseCurrent();
        Write(line.held);
        EndLine(e, line, ")", "?");
      } else if (current_ == e.tid) {
        EndLine(e, line, ")", "?");
      } else {
        CloseCurrent();
        Write(Prefix(e) + "<... " + line.name + " resumed>");
        EndLine(e, line, ")", "?");
      }
    } else if (std::string_view(why) == "detached" && (!deferred_ || opts_.status.detached)) {
      if (current_ == e.tid) {
        Write(" <detached ...>\n");
        current_ = 0;
      } else if (!deferred_) {
        CloseCurrent();
        Write(Prefix(e) + "<... " + line.name + " resumed> <detached ...>\n");
      }
    }
  }
  lines_.erase(it);
}

void Printer::OnEvent(const Event& e) {
  if (e.kind != EventKind::kNewChild) SelectOutput(e.tid);
  switch (e.kind) {
    case EventKind::kAttached:
      live_.insert(e.tid);
      if (opts_.attach_messages) Message("Process " + std::to_string(e.tid) + " attached");
      return;
    case EventKind::kNewChild:
      live_.insert(e.child);
      return;
    case EventKind::kSyscallEntry: {
      live_.insert(e.tid);
      auto p = personality_.find(e.pid);
      if (p != personality_.end() && p->second != e.arch) {
        CloseCurrent();
        std::string mode =
            e.arch == arch::Arch::kX32 ? "x32" : std::to_string(arch::Info(e.arch).bits) + " bit";
        Write("[ Process PID=" + std::to_string(e.pid) + " runs in " + mode + " mode. ]\n");
      }
      personality_[e.pid] = e.arch;
      Line& line = lines_[e.tid];
      line = Line{};
      line.name = SyscallName(e);
      line.entry_mono = e.mono;
      // restart_syscall continues the call a signal interrupted: strace names that call.
      std::string& previous = previous_call_[e.tid];
      std::string resumed;
      if (line.name == "restart_syscall") {
        resumed = "<... resuming interrupted " +
                  (previous.empty() ? std::string("system call") : previous) + " ...>";
      }
      previous = line.name;
      if (!filter_.Matches(line.name)) {
        line.skip = true;
        return;
      }
      std::string text = decoder_.Entry(e, line.name) + resumed;
      if (deferred_) {
        line.held = Prefix(e) + text;
        return;
      }
      CloseCurrent();
      Write(Prefix(e) + text);
      line.started = true;
      current_ = e.tid;
      break;
    }
    case EventKind::kSyscallExit: {
      auto it = lines_.find(e.tid);
      if (it == lines_.end()) return;
      Line& line = it->second;
      if (line.skip) {
        lines_.erase(it);
        return;
      }
      const std::string exit_text = decoder_.Exit(e, line.name);
      const std::string ret = decoder_.Return(e, line.name);
      if (deferred_) {
        const bool show = e.is_error ? opts_.status.failed : opts_.status.successful;
        if (show) {
          CloseCurrent();
          Write(line.held);
          EndLine(e, line, exit_text, ret);
        }
      } else if (current_ == e.tid) {
        EndLine(e, line, exit_text, ret);
      } else {
        CloseCurrent();
        Write(Prefix(e) + "<... " + line.name + " resumed>");
        EndLine(e, line, exit_text, ret);
      }
      lines_.erase(it);
      break;
    }
    case EventKind::kSignal:
      if (!opts_.signals.Shows(e.signo)) break;
      CloseCurrent();
      Write(Prefix(e) + "--- " + decode::SignalName(e.signo) + " " +
            decode::FormatSiginfo(e.siginfo) + " ---\n");
      break;
    case EventKind::kGroupStop:
      if (!opts_.signals.Shows(e.signo)) break;
      CloseCurrent();
      Write(Prefix(e) + "--- stopped by " + decode::SignalName(e.signo) + " ---\n");
      break;
    case EventKind::kExec:
      if (e.former_tid != 0 && e.former_tid != e.tid) {
        live_.erase(e.former_tid);
        auto it = lines_.find(e.former_tid);
        if (it != lines_.end()) {
          lines_[e.tid] = it->second;
          lines_.erase(it);
        }
      }
      break;
    case EventKind::kExited:
    case EventKind::kKilled: {
      FinishUnreturned(e, "?");
      CloseCurrent();
      if (e.kind == EventKind::kExited) {
        Write(Prefix(e) + "+++ exited with " + std::to_string(e.exit_status) + " +++\n");
      } else {
        Write(Prefix(e) + "+++ killed by " + decode::SignalName(e.signo) +
              (e.core_dumped ? " (core dumped)" : "") + " +++\n");
      }
      live_.erase(e.tid);
      previous_call_.erase(e.tid);
      break;
    }
    case EventKind::kDetached:
      FinishUnreturned(e, "detached");
      live_.erase(e.tid);
      if (e.tid == e.pid) Message("Process " + std::to_string(e.tid) + " detached");
      break;
  }
  if (opts_.flush_each_event) fflush(out_);
  if (e.kind == EventKind::kExited || e.kind == EventKind::kKilled ||
      e.kind == EventKind::kDetached) {
    ReleaseOutput(e.tid);  // -ff: the thread's file is complete
  }
}

void Printer::Finish() {
  CloseCurrent();
  fflush(out_);
  while (!thread_outputs_.empty()) ReleaseOutput(thread_outputs_.begin()->first);
}

}  // namespace syscage::trace
