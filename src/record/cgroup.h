// SPDX-License-Identifier: Apache-2.0
// cgroup v2 plumbing for the eBPF recorder: find (or mount) a cgroup2 hierarchy, make a leaf for a
// launched command, resolve --cgroup PATH to the id and depth bpf_get_current_ancestor_cgroup_id
// compares against, and watch cgroup.events for "populated 0".
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "syscage/base/result.h"

namespace syscage::record {

// A cgroup v2 directory, with what the BPF program selects on.
struct CgroupRef {
  std::string path;    // absolute directory
  uint64_t id = 0;     // kernfs id (the directory's inode number), as bpf_get_current_cgroup_id
  uint32_t level = 0;  // depth below the hierarchy root (root = 0)
};

// The mount point of a cgroup2 hierarchy: the first cgroup2 entry of /proc/self/mountinfo
// (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems). With none, mounts one on a
// private temporary directory and returns that (`mounted_here` set, so the caller unmounts it).
// kPermission / kKernel when it cannot mount.
struct Cgroup2Mount {
  std::string path;
  bool mounted_here = false;
};
Result<Cgroup2Mount> FindOrMountCgroup2();

// Unmounts and removes a mount made by FindOrMountCgroup2 (no-op otherwise).
void ReleaseCgroup2(const Cgroup2Mount& mount);

// Resolves a cgroup v2 directory: absolute, or relative to `mount` (a leading "/" inside the
// hierarchy also works, as /proc/PID/cgroup prints it). kNotFound when it does not exist,
// kInvalidArgument when it is not on a cgroup2 filesystem.
Result<CgroupRef> ResolveCgroup(const std::string& path, const std::string& mount);

// Creates a fresh leaf "syscage-record-PID-N" under the mount's root. kPermission / kKernel.
Result<CgroupRef> CreateLeafCgroup(const std::string& mount);

// Moves `pid` (a whole process) into `cgroup`. kNotFound / kKernel with errno.
Result<> MoveToCgroup(const CgroupRef& cgroup, pid_t pid);

// True while a process lives in `cgroup` or below (cgroup.events "populated 1"); false when it
// is empty or gone.
bool CgroupPopulated(const CgroupRef& cgroup);

// Moves any processes left in `leaf` to its parent and removes the directory.
void RemoveLeafCgroup(const CgroupRef& leaf);

}  // namespace syscage::record
