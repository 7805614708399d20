// SPDX-License-Identifier: Apache-2.0
// Loader, launcher and reader for the eBPF counter of `syscage trace -c` (see ebpf_counter.h).
// The skeleton header is generated at build time by `bpftool gen skeleton` from
// ebpf/count.bpf.c; the slot layout and constants below mirror that file.
#include "syscage/record/ebpf_counter.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "count.skel.h"
#include "syscage/base/files.h"
#include "syscage/record/cgroup.h"
#include "syscage/record/ebpf_abi.h"

namespace syscage::record {
namespace {

// Mirrors ebpf/count.bpf.c (the ABI slots: ebpf_abi.h).
constexpr uint32_t kModeCgroup = 0;
constexpr uint32_t kModeTgids = 1;
constexpr uint32_t kModeTid = 2;

struct Stats {
  uint64_t calls;
  uint64_t errors;
  uint64_t nanos;
};

// libbpf prints through one global callback: keep its last warning for the error message.
std::mutex g_log_mu;
std::string g_last_message;

int LibbpfPrint(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG) return 0;
  char buf[512];
  int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
  std::lock_guard<std::mutex> lock(g_log_mu);
  g_last_message.assign(buf);
  if (g_last_message.rfind("libbpf: ", 0) == 0) g_last_message.erase(0, 8);
  while (!g_last_message.empty() && g_last_message.back() == '\n') g_last_message.pop_back();
  return n;
}

Error LoadError(const char* what, int err) {
  if (err < 0) err = -err;
  std::string libbpf;
  {
    std::lock_guard<std::mutex> lock(g_log_mu);
    if (!g_last_message.empty()) libbpf = " (libbpf: " + g_last_message + ")";
  }
  if (err == EPERM || err == EACCES) {
    return Error{ErrorCode::kPermission,
                 std::string("no permission to ") + what +
                     " the eBPF counter: needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)" + libbpf,
                 err};
  }
  return Error{ErrorCode::kKernel,
               std::string("the kernel refused to ") + what + " the eBPF counter" + libbpf, err};
}

// The launched command, for the signal handler.
std::atomic<pid_t> g_child{0};
std::atomic<bool> g_stop{false};

void OnStopSignal(int sig, siginfo_t* info, void*) {
  g_stop.store(true);
  // A terminal's signal (SI_KERNEL) reached the command's process group already.
  const pid_t child = g_child.load();
  if (child > 0 && info != nullptr && info->si_code != SI_KERNEL) kill(child, sig);
}

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

class StopSignals {
 public:
  StopSignals() {
    g_stop.store(false);
    struct sigaction sa {};
    sa.sa_sigaction = OnStopSignal;
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART: waitpid returns EINTR and the loop sees g_stop
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < std::size(kStopSignals); ++i) sigaction(kStopSignals[i], &sa, &old_[i]);
  }
  ~StopSignals() {
    for (size_t i = 0; i < std::size(kStopSignals); ++i)
      sigaction(kStopSignals[i], &old_[i], nullptr);
    g_child.store(0);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_[std::size(kStopSignals)]{};
};

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Waits (up to about 2 s) until `pid` is blocked in read(2), per /proc/PID/syscall, whose first
// field is the number of the call a blocked task is in. Selecting the child only then keeps its
// own setup calls (close, the read's entry) out of the counts: a call is counted only when its
// entry was seen.
void WaitUntilBlockedInRead(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/syscall";
  const std::string want = std::to_string(SYS_read) + " ";
  for (int i = 0; i < 2000; ++i) {
    auto text = ReadFile(path);
    if (!text || text->rfind(want, 0) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

struct EbpfCounter::Impl {
  count_bpf* skel = nullptr;
  EbpfCountTarget target;
  std::optional<Cgroup2Mount> mount;
  CgroupRef leaf;
  ~Impl() {
    // Detach the programs before the cgroup goes: nothing is counted after Run.
    if (skel != nullptr) count_bpf__destroy(skel);
    RemoveLeafCgroup(leaf);
    if (mount) ReleaseCgroup2(*mount);
  }

  Result<> AddId(pid_t id) {
    uint32_t key = static_cast<uint32_t>(id);
    uint8_t one = 1;
    if (bpf_map__update_elem(skel->maps.ids, &key, sizeof(key), &one, sizeof(one), BPF_ANY) != 0) {
      return Fail(ErrorCode::kKernel, "cannot add process " + std::to_string(id), errno);
    }
    return {};
  }

  bool AnyTracked() const {
    uint32_t next = 0;
    return bpf_map__get_next_key(skel->maps.ids, nullptr, &next, sizeof(next)) == 0;
  }

  Result<> Launch(EbpfCountResult& result, const std::function<void()>& started);
  Result<std::vector<EbpfCountRow>> Collect() const;
};

EbpfCounter::EbpfCounter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EbpfCounter::~EbpfCounter() = default;

Result<std::unique_ptr<EbpfCounter>> EbpfCounter::Open(const EbpfCountTarget& target) {
  if (arch::NativeArch() != arch::Arch::kX86_64) {
    return Fail(ErrorCode::kUnsupportedArch,
                "the eBPF counter supports x86_64 hosts only (it reads x86's TS_COMPAT)");
  }
  if (target.command.empty() == target.attach_pids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the eBPF counter needs a command or -p PID");
  }
  for (pid_t pid : target.attach_pids) {
    if (kill(pid, 0) != 0 && errno == ESRCH) {
      return Fail(
          SysError(ErrorCode::kNotFound, "attach: no process " + std::to_string(pid), ESRCH));
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->target = target;
  const bool cgroup = !target.command.empty() && target.follow_forks;
  if (cgroup) {
    ASSIGN_OR_RETURN(Cgroup2Mount m, FindOrMountCgroup2());
    impl->mount = m;
    ASSIGN_OR_RETURN(impl->leaf, CreateLeafCgroup(m.path));
  }
  libbpf_set_print(LibbpfPrint);
  impl->skel = count_bpf__open();
  if (impl->skel == nullptr) return Fail(LoadError("open", errno));
  auto* ro = impl->skel->rodata;
  ro->mode = cgroup ? kModeCgroup : target.command.empty() ? kModeTgids : kModeTid;
  ro->target_cgroup_id = impl->leaf.id;
  ro->target_cgroup_level = impl->leaf.level;
  ro->follow_forks = target.follow_forks ? 1 : 0;
  if (ro->mode != kModeTgids) {
    bpf_program__set_autoload(impl->skel->progs.count_fork, false);
    bpf_program__set_autoload(impl->skel->progs.count_exit, false);
  }
  int err = count_bpf__load(impl->skel);
  if (err != 0) return Fail(LoadError("load", err));
  err = count_bpf__attach(impl->skel);
  if (err != 0) return Fail(LoadError("attach", err));
  for (pid_t pid : target.attach_pids) RETURN_IF_ERROR(impl->AddId(pid));
  return std::unique_ptr<EbpfCounter>(new EbpfCounter(std::move(impl)));
}

// Forks the command, parks it until it is selected (in the leaf cgroup, or its tid in the set),
// then lets it execve. Its only syscall after that is the execve: syscage's setup is not counted
// (the read it is parked in entered before selection, and a call is counted at exit only when
// its entry was seen).
Result<> EbpfCounter::Impl::Launch(EbpfCountResult& result, const std::function<void()>& started) {
  std::vector<char*> argv;
  for (const auto& a : target.command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int go[2];
  if (pipe2(go, O_CLOEXEC) != 0) return Fail(SysError(ErrorCode::kKernel, "pipe2", errno));
  pid_t child = fork();
  if (child < 0) {
    close(go[0]);
    close(go[1]);
    return Fail(SysError(ErrorCode::kKernel, "fork", errno));
  }
  if (child == 0) {
    for (int sig : kStopSignals) signal(sig, SIG_DFL);
    close(go[1]);
    char c;
    ssize_t n;
    while ((n = read(go[0], &c, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1) _exit(127);
    execv(target.path.c_str(), argv.data());
    const char msg[] = "syscage: error: execve failed\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    _exit(127);
  }
  close(go[0]);
  g_child.store(child);
  WaitUntilBlockedInRead(child);
  auto selected = leaf.path.empty() ? AddId(child) : MoveToCgroup(leaf, child);
  if (!selected) {
    kill(child, SIGKILL);
    close(go[1]);
    waitpid(child, nullptr, 0);
    return Fail(selected.error());
  }
  if (started) started();
  (void)!write(go[1], "g", 1);
  close(go[1]);
  int status = 0;
  for (;;) {
    pid_t w = waitpid(child, &status, 0);
    if (w == child) break;
    if (w < 0 && errno != EINTR) return Fail(SysError(ErrorCode::kKernel, "waitpid", errno));
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  result.kill_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  // With -f, what the command left running is still counted, as strace -f waits for it.
  while (!leaf.path.empty() && CgroupPopulated(leaf) && !g_stop.load()) SleepMs(20);
  return {};
}

Result<EbpfCountResult> EbpfCounter::Run(const std::function<void()>& started) {
  StopSignals signals;
  EbpfCountResult result;
  if (!impl_->target.command.empty()) {
    RETURN_IF_ERROR(impl_->Launch(result, started));
  } else {
    if (started) started();
    while (impl_->AnyTracked() && !g_stop.load()) SleepMs(50);
  }
  ASSIGN_OR_RETURN(result.rows, impl_->Collect());
  return result;
}

Result<std::vector<EbpfCountRow>> EbpfCounter::Impl::Collect() const {
  const int ncpu = libbpf_num_possible_cpus();
  if (ncpu <= 0) return Fail(ErrorCode::kKernel, "cannot count CPUs", -ncpu);
  // One batched read of the whole per-CPU array (a lookup per slot would be 3072 bpf(2) calls).
  const size_t slots = kAbiCount * kMaxNr;
  const size_t cpus = static_cast<size_t>(ncpu);
  std::vector<uint32_t> keys(slots);
  std::vector<Stats> values(slots * cpus);
  const int fd = bpf_map__fd(skel->maps.counts);
  size_t done = 0;
  uint32_t batch = 0;
  bool first = true;
  while (done < slots) {
    uint32_t n = static_cast<uint32_t>(slots - done);
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int r = bpf_map_lookup_batch(fd, first ? nullptr : &batch, &batch, keys.data() + done,
                                 values.data() + done * cpus, &n, &opts);
    first = false;
    done += n;
    if (r != 0) {
      if (errno == ENOENT) break;  // the end of the array
      return Fail(SysError(ErrorCode::kKernel, "cannot read the syscall counts", errno));
    }
  }
  std::vector<EbpfCountRow> rows;
  for (size_t i = 0; i < done; ++i) {
    EbpfCountRow row;
    for (size_t c = 0; c < cpus; ++c) {
      const Stats& s = values[i * cpus + c];
      row.calls += s.calls;
      row.errors += s.errors;
      row.nanos += s.nanos;
    }
    if (row.calls == 0) continue;
    auto call = CallOfSlot(keys[i]);
    if (!call) continue;
    row.arch = call->arch;
    row.nr = call->nr;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace syscage::record
