// The README's "finance officer's day" commands really work: run them as
// written (./build/gfund -> the built gfund, fixtures/ -> the shipped
// fixtures) in a fresh folder, each must exit 0.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

TEST(ReadmeDay, FiveCommandsRunAsWritten) {
  std::string readme = read_file(std::string(GFUND_SOURCE_DIR) + "/README.md");
  auto start = readme.find("## A finance officer's day in five commands");
  ASSERT_NE(start, std::string::npos);
  auto block = readme.find("```sh\n", start);
  auto end = readme.find("```", block + 6);
  ASSERT_NE(block, std::string::npos);
  std::istringstream lines(readme.substr(block + 6, end - block - 6));
  TempDir dir;
  int commands = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    line = std::regex_replace(line, std::regex("\\./build/gfund"), gfund_exe());
    line = std::regex_replace(line, std::regex("fixtures/"), fixtures_dir() + "/");
    auto r = run_shell("cd '" + dir.path().string() + "' && " + line);
    EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.out << r.err;
    ++commands;
  }
  EXPECT_EQ(commands, 5);
  EXPECT_NE(read_file(dir.file("book-2024-01-31.csv")).find("SMEB-L0000001"), std::string::npos);
}

}  // namespace
}  // namespace gfund::testing
