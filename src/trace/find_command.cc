// SPDX-License-Identifier: Apache-2.0
#include "syscage/trace/find_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace syscage::trace {

Result<std::string> FindCommand(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    struct stat st {};
    if (stat(name.c_str(), &st) != 0) {
      return Fail(SysError(ErrorCode::kNotFound, "Can't stat '" + name + "'", errno));
    }
    return name;
  }
  const char* env = getenv("PATH");
  std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string full = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(full.c_str(), X_OK) == 0) {
      return full;
    }
    start = end + 1;
  }
  return Fail(SysError(ErrorCode::kNotFound, "Can't stat '" + name + "'", ENOENT));
}

}  // namespace syscage::trace
