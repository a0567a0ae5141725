#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

TEST(ScheduleCli, PrintsTableCsvAndJson) {
  auto r = run_gfund({"schedule", "--principal", "1,500.00", "--rate", "15%", "--months", "12", "--first-due", "2024-02-15"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("135.39"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1,500.00 USD"), std::string::npos);
  r = run_gfund({"schedule", "--principal", "1500", "--rate", "0.15", "--months", "12", "--first-due", "2024-02-15", "--csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "no,due,principal_USD,interest_USD,payment_USD,capitalised_USD,balance_USD");
  r = run_gfund({"schedule", "--principal", "6000000 KHR", "--rate", "18%", "--months", "6", "--type", "flat",
                 "--disbursed", "2024-01-31", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 6u);
  EXPECT_EQ(j["rows"][0]["interest"]["minor"], 90000);
  EXPECT_EQ(j["rows"][0]["interest"]["currency"], "KHR");
  EXPECT_EQ(j["rows"][5]["balance"]["minor"], 0);
}

TEST(ScheduleCli, BadInputGetsAClearMessageAndExitCode) {
  auto r = run_gfund({"schedule", "--principal", "12.345", "--rate", "15%", "--first-due", "2024-02-15"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("12.345"), std::string::npos) << r.err;
  r = run_gfund({"schedule", "--principal", "100", "--rate", "15%", "--first-due", "2025-02-30"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("2025-02-30"), std::string::npos) << r.err;
  r = run_gfund({"schedule", "--principal", "100", "--rate", "15%"});
  EXPECT_EQ(r.exit_code, 64);
  r = run_gfund({"schedule", "--rate", "15%"});
  EXPECT_EQ(r.exit_code, 64);
  r = run_gfund({"schedule", "--principal", "100", "--rate", "15%", "--months", "0", "--first-due", "2024-02-15"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("term_months"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
