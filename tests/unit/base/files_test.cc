// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/files.h"

#include <stdlib.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

namespace syscage {
namespace {

TEST(FilesTest, WriteAtomicThenRead) {
  char dir[] = "/tmp/syscage-files-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/out.json";
  ASSERT_TRUE(WriteFileAtomic(path, "{\"a\":1}\n").has_value());
  auto data = ReadFile(path);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(*data, "{\"a\":1}\n");
  unlink(path.c_str());
  rmdir(dir);
}

TEST(FilesTest, MissingFileIsNotFound) {
  auto r = ReadFile("/nonexistent/syscage/file");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().sys_errno, ENOENT);
}

TEST(FilesTest, UnwritableDirectoryFailsAndLeavesNothing) {
  auto r = WriteFileAtomic("/nonexistent-dir/x.json", "x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace syscage
