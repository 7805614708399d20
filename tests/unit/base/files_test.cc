// SPDX-License-Identifier: Apache-2.0
#include "syscage/base/files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
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

// `-o` at a FIFO (or a device such as /dev/null) writes through it: renaming over it would
// replace the node itself. A FIFO stands in for /dev/null so a regression cannot break the host.
TEST(FilesTest, WriteAtomicWritesThroughAFifoAndKeepsIt) {
  char dir[] = "/tmp/syscage-files-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string fifo = std::string(dir) + "/pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  ASSERT_TRUE(WriteFileAtomic(fifo, "profile\n").has_value());
  char buf[16] = {};
  EXPECT_EQ(read(reader, buf, sizeof(buf)), 8);
  EXPECT_STREQ(buf, "profile\n");
  close(reader);
  struct stat st {};
  ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced by a file";
  unlink(fifo.c_str());
  rmdir(dir);
}

TEST(FilesTest, WriteAtomicThroughASymlinkReplacesItsTarget) {
  char dir[] = "/tmp/syscage-files-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string target = std::string(dir) + "/real.json";
  const std::string link = std::string(dir) + "/link.json";
  ASSERT_TRUE(WriteFileAtomic(target, "old").has_value());
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  ASSERT_TRUE(WriteFileAtomic(link, "new").has_value());
  struct stat st {};
  ASSERT_EQ(lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "the symlink was replaced by a file";
  auto data = ReadFile(target);
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(*data, "new");
  unlink(link.c_str());
  unlink(target.c_str());
  rmdir(dir);
}

TEST(FilesTest, WriteAtomicToADirectoryIsAnError) {
  auto r = WriteFileAtomic("/tmp", "x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace syscage
