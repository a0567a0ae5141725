#include <gtest/gtest.h>

#include <regex>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// The README promises exactly two set-up commands; CI must run the second.
TEST(Readme, CiRunsExactlyTheReadmeTestCommand) {
  std::string readme = read_file(std::string(GFUND_SOURCE_DIR) + "/README.md");
  std::string ci = read_file(std::string(GFUND_SOURCE_DIR) + "/.ci/run");
  std::regex block("```sh\n(scripts/install-deps.sh[^\n]*)\n```");
  std::vector<std::string> commands;
  for (std::sregex_iterator it(readme.begin(), readme.end(), block), end; it != end; ++it) commands.push_back((*it)[1]);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_NE(commands[0].find("gfund demo"), std::string::npos);
  EXPECT_NE(commands[1].find("ctest"), std::string::npos);
  // The sanitizer and fuzz checks stay in CI (issue 18): the test command runs them.
  EXPECT_NE(commands[1].find("scripts/check-sanitize.sh"), std::string::npos);
  EXPECT_NE(commands[1].find("scripts/check-fuzz.sh"), std::string::npos);
  EXPECT_NE(ci.find("\n" + commands[1] + "\n"), std::string::npos) << "CI does not run: " << commands[1];
}

}  // namespace
}  // namespace gfund::testing
