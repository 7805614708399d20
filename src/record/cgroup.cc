// SPDX-License-Identifier: Apache-2.0
// cgroup v2 helpers for the eBPF recorder (see cgroup.h). The id of a cgroup is the inode number
// of its directory: kernfs uses the node id as inode number on 64-bit kernels, the same value
// bpf_get_current_cgroup_id() returns.
#include "syscage/record/cgroup.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "syscage/base/files.h"

namespace syscage::record {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      out.push_back(static_cast<char>(std::strtol(s.substr(i + 1, 3).c_str(), nullptr, 8)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

uint32_t Depth(const std::string& path) {
  uint32_t n = 0;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (!part.empty() && part != ".") ++n;
  }
  return n;
}

struct MountEntry {
  std::string root;  // the path inside the hierarchy mounted there
  std::string mount_point;
};

std::vector<MountEntry> Cgroup2Mounts() {
  std::vector<MountEntry> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // id parent maj:min root mount_point options [optional...] - fstype source super_options
    std::istringstream ls(line);
    std::vector<std::string> f;
    std::string w;
    while (ls >> w) f.push_back(w);
    size_t dash = 0;
    for (size_t i = 6; i < f.size(); ++i) {
      if (f[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 1 >= f.size() || f[dash + 1] != "cgroup2") continue;
    out.push_back({Unescape(f[3]), Unescape(f[4])});
  }
  return out;
}

}  // namespace

Result<Cgroup2Mount> FindOrMountCgroup2() {
  for (const auto& m : Cgroup2Mounts()) {
    if (access(m.mount_point.c_str(), W_OK) == 0) return Cgroup2Mount{m.mount_point, false};
  }
  char tmpl[] = "/tmp/syscage-cgroup2-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    return Fail(ErrorCode::kKernel, "cannot create a directory for a cgroup2 mount", errno);
  }
  if (mount("cgroup2", tmpl, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    int err = errno;
    rmdir(tmpl);
    return Fail(err == EPERM ? ErrorCode::kPermission : ErrorCode::kKernel,
                "no cgroup2 hierarchy is mounted and mounting one failed", err);
  }
  return Cgroup2Mount{tmpl, true};
}

void ReleaseCgroup2(const Cgroup2Mount& mount) {
  if (!mount.mounted_here) return;
  umount2(mount.path.c_str(), MNT_DETACH);
  rmdir(mount.path.c_str());
}

Result<CgroupRef> ResolveCgroup(const std::string& path, const std::string& mount) {
  std::string full = path;
  struct statfs sfs {};
  // "/kubepods/pod.../..." as /proc/PID/cgroup prints it is relative to the hierarchy root.
  if (path.empty() || path[0] != '/' || statfs(path.c_str(), &sfs) != 0) {
    std::string rel = path;
    while (!rel.empty() && rel[0] == '/') rel.erase(0, 1);
    full = mount + "/" + rel;
  }
  if (statfs(full.c_str(), &sfs) != 0) {
    return Fail(ErrorCode::kNotFound, "cgroup '" + path + "' does not exist", errno);
  }
  if (sfs.f_type != CGROUP2_SUPER_MAGIC) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + full +
                    "' is not a cgroup v2 directory (cgroup v1 cannot select tasks for "
                    "eBPF; give the container's cgroup2 path)");
  }
  struct stat st {};
  if (stat(full.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Fail(ErrorCode::kNotFound, "cgroup '" + full + "' is not a directory", errno);
  }
  // The depth counts from the hierarchy root: add the mount's own root inside the hierarchy.
  char real[PATH_MAX];
  if (realpath(full.c_str(), real) == nullptr) {
    return Fail(ErrorCode::kNotFound, "cgroup '" + full + "' does not exist", errno);
  }
  std::string real_path = real;
  uint32_t level = 0;
  size_t best = 0;
  for (const auto& m : Cgroup2Mounts()) {
    const std::string& mp = m.mount_point;
    bool under = real_path == mp ||
                 (real_path.rfind(mp, 0) == 0 && (mp == "/" || real_path[mp.size()] == '/'));
    if (under && mp.size() >= best) {
      best = mp.size();
      level = Depth(m.root) + Depth(real_path.substr(mp.size()));
    }
  }
  if (best == 0) {
    return Fail(ErrorCode::kInvalidArgument, "'" + full + "' is under no cgroup2 mount");
  }
  return CgroupRef{real_path, static_cast<uint64_t>(st.st_ino), level};
}

Result<CgroupRef> CreateLeafCgroup(const std::string& mount) {
  static std::atomic<int> counter{0};
  std::string path = mount + "/syscage-record-" + std::to_string(getpid()) + "-" +
                     std::to_string(counter.fetch_add(1));
  if (mkdir(path.c_str(), 0755) != 0) {
    int err = errno;
    return Fail(err == EACCES || err == EPERM ? ErrorCode::kPermission : ErrorCode::kKernel,
                "cannot create cgroup " + path, err);
  }
  auto ref = ResolveCgroup(path, mount);
  if (!ref) rmdir(path.c_str());
  return ref;
}

Result<> MoveToCgroup(const CgroupRef& cgroup, pid_t pid) {
  std::string procs = cgroup.path + "/cgroup.procs";
  int fd = open(procs.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kKernel, "cannot open " + procs, errno);
  std::string s = std::to_string(pid);
  ssize_t n = write(fd, s.data(), s.size());
  int err = errno;
  close(fd);
  if (n != static_cast<ssize_t>(s.size())) {
    return Fail(err == ESRCH ? ErrorCode::kNotFound : ErrorCode::kKernel,
                "cannot move process " + s + " into " + cgroup.path, err);
  }
  return {};
}

bool CgroupPopulated(const CgroupRef& cgroup) {
  auto text = ReadFile(cgroup.path + "/cgroup.events");
  if (!text) return false;
  return text->find("populated 1") != std::string::npos;
}

void RemoveLeafCgroup(const CgroupRef& leaf) {
  if (leaf.path.empty()) return;
  if (rmdir(leaf.path.c_str()) == 0 || errno != EBUSY) return;
  // Processes the workload left running (daemons) go to the parent; they keep running.
  std::string parent = leaf.path.substr(0, leaf.path.rfind('/'));
  auto procs = ReadFile(leaf.path + "/cgroup.procs");
  if (procs) {
    std::istringstream in(*procs);
    pid_t pid;
    CgroupRef up{parent, 0, 0};
    while (in >> pid) (void)MoveToCgroup(up, pid);
  }
  rmdir(leaf.path.c_str());
}

}  // namespace syscage::record
