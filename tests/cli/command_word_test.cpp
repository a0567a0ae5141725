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


TEST(CommandWord, AnUnknownOptionIsToldTheVerbsNearestOption) {
  auto r = run_gfund({"status", "--db", "x.db", "--jsno"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("gfund status: unknown option '--jsno'; did you mean '--json'?"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not expected"), std::string::npos) << r.err;  // not CLI11's own words
  // The verb's own names: simulate's --scenarios, not another verb's.
  r = run_gfund({"simulate", "--scenaros", "10"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("gfund simulate: unknown option '--scenaros'; did you mean '--scenarios'?"), std::string::npos)
      << r.err;
  // A top-level option the verb falls through to, and a value given with '='.
  r = run_gfund({"status", "--db", "x.db", "--quite"});
  EXPECT_NE(r.err.find("did you mean '--quiet'?"), std::string::npos) << r.err;
  r = run_gfund({"verify", "--db", "x.db", "--sael=abc"});
  EXPECT_NE(r.err.find("unknown option '--sael'; did you mean '--seal'?"), std::string::npos) << r.err;
  // Nothing near: no guess. A stray value is named as such.
  r = run_gfund({"status", "--db", "x.db", "--zzzzzzzzzz"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("gfund status: unknown option '--zzzzzzzzzz' (gfund status --help"), std::string::npos) << r.err;
  r = run_gfund({"status", "--db", "x.db", "stray"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("gfund status: unexpected argument 'stray'"), std::string::npos) << r.err;
}

TEST(CommandWord, TheHelpsUsageLineNamesGfund) {
  EXPECT_NE(run_gfund({}).out.find("Usage: gfund [OPTIONS] SUBCOMMAND"), std::string::npos) << run_gfund({}).out;
  const auto r = run_gfund({"status", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Usage: gfund status [OPTIONS]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gfund
