// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>

#include "syscage/base/scope_exit.h"

namespace syscage {
namespace {
ErrorCode CodeForErrno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return ErrorCode::kNotFound;
    case EACCES:
    case EPERM:
    case EROFS:
      return ErrorCode::kPermission;
    default:
      return ErrorCode::kInvalidArgument;
  }
}

Result<std::string> ReadFd(int fd, const std::string& name) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(CodeForErrno(errno), "cannot read " + name, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<> WriteAll(int fd, const std::string& data, const std::string& name) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(CodeForErrno(errno), "cannot write " + name, errno);
    }
    off += static_cast<size_t>(n);
  }
  return Ok{};
}
}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  if (path == "-") return ReadFd(STDIN_FILENO, "standard input");
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(CodeForErrno(errno), "cannot open " + path, errno);
  ScopeExit closer([fd] { close(fd); });
  return ReadFd(fd, path);
}

Result<> WriteFileAtomic(const std::string& path, const std::string& data) {
  if (path == "-") return WriteAll(STDOUT_FILENO, data, "standard output");
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // A device or FIFO (-o /dev/null, /dev/stdout, a pipe): renaming over it would replace the
    // device node itself (as root, /dev/null would become a plain file), so write through it.
    if (S_ISDIR(st.st_mode)) {
      return Fail(ErrorCode::kInvalidArgument, "cannot write " + path + ": it is a directory");
    }
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Fail(CodeForErrno(errno), "cannot write " + path, errno);
    ScopeExit closer([fd] { close(fd); });
    return WriteAll(fd, data, path);
  }
  // Through a symlink, replace the file it points to, not the link.
  char resolved[PATH_MAX];
  struct stat lst {};
  const std::string target = lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode) &&
                                     realpath(path.c_str(), resolved) != nullptr
                                 ? std::string(resolved)
                                 : path;
  std::string tmp = target + ".tmp.XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) return Fail(CodeForErrno(errno), "cannot create " + path, errno);
  ScopeExit cleanup([&] { unlink(tmp.c_str()); });
  {
    ScopeExit closer([fd] { close(fd); });
    RETURN_IF_ERROR(WriteAll(fd, data, path));
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
      return Fail(CodeForErrno(errno), "cannot write " + path, errno);
  }
  if (rename(tmp.c_str(), target.c_str()) != 0)
    return Fail(CodeForErrno(errno), "cannot write " + path, errno);
  cleanup.Dismiss();
  return Ok{};
}

}  // namespace syscage
