// The first word must be a command: bare `gfund` prints the help, a typo is
// told the nearest command's name; both exit 64, as a usage error.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace gfund {
namespace {

using gfund::testing::run_gfund;

TEST(CommandWord, BareGfundPrintsTheHelp) {
  const auto r = run_gfund({});
  EXPECT_EQ(r.exit_code, 64);
  for (const char* s : {"simulate", "status", "import", "termsheet", "--version"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

TEST(CommandWord, ATypoIsToldTheNearestCommand) {
  auto r = run_gfund({"stauts", "--db", "x.db"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("unknown command 'stauts'; did you mean 'status'?"), std::string::npos) << r.err;
  r = run_gfund({"simulat"});
  EXPECT_NE(r.err.find("did you mean 'simulate'?"), std::string::npos) << r.err;
  r = run_gfund({"zzzzzzzzzz"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("unknown command 'zzzzzzzzzz'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
  // Options and real commands are untouched.
  EXPECT_EQ(run_gfund({"--version"}).exit_code, 0);
  EXPECT_EQ(run_gfund({"status", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace gfund
