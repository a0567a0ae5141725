// `gfund status --list / --trend / --by` on the demo ledger: the staff lists
// in the terminal and as JSON, the --bank filter, and every option that does
// not fit the list asked for refused with a message naming it (exit 64).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// The demo ledger, imported once through the CLI from the shipped fixtures.
const std::string& lists_demo_db() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string path = dir.file("demo.db");
    EXPECT_EQ(run_gfund({"init", "--db", path}).exit_code, 0);
    std::vector<std::string> args{"import", "--db", path};
    for (const char* k : {"banks", "associations", "borrowers", "agreements", "loans", "disbursements", "repayments", "events"})
      args.push_back(fixtures_dir() + "/demo/synthetic_" + k + ".csv");
    const auto r = run_gfund(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return path;
  }();
  return db;
}

RunResult lists_status(std::vector<std::string> extra) {
  std::vector<std::string> args{"status", "--db", lists_demo_db(), "--as-of", "2023-12-31"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_gfund(args);
}

nlohmann::json lists_json(std::vector<std::string> extra) {
  extra.push_back("--json");
  const auto r = lists_status(extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(StatusLists, ArrearsListPrintsEveryLoanPastDueByBank) {
  const auto r = lists_status({"--list", "arrears"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("As of 2023-12-31\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Arrears list: loans past due, by bank"), std::string::npos);
  // BOOST's oldest arrears first: 79 days, 169.17 overdue on 1,299.71.
  const auto boost = r.out.find("BOOST-L0000042");
  ASSERT_NE(boost, std::string::npos);
  const std::string line = r.out.substr(boost, r.out.find('\n', boost) - boost);
  for (const char* s : {"1,299.71 USD", "169.17 USD", "79", "61-90", "before trigger"})
    EXPECT_NE(line.find(s), std::string::npos) << s << " in " << line;
  EXPECT_LT(boost, r.out.find("BOOST-L0000099"));  // 79 days before 68
  EXPECT_LT(r.out.find("BOOST-L0000010"), r.out.find("CNB-L0000112"));  // by bank first
  EXPECT_NE(r.out.find("8,167,200 KHR"), std::string::npos);  // riel stays riel
}

TEST(StatusLists, JsonCarriesExactAmountsAndTheBankFilterKeepsOneBank) {
  const auto all = lists_json({"--list", "arrears"});
  EXPECT_EQ(all["as_of"], "2023-12-31");
  ASSERT_EQ(all["tables"].size(), 1u);
  EXPECT_EQ(all["tables"][0]["rows"].size(), 10u);
  const auto wing = lists_json({"--list", "arrears", "--bank", "WING"});
  const auto& rows = wing["tables"][0]["rows"];
  ASSERT_EQ(rows.size(), 5u);  // three in dollars, two in riel: no total across them
  for (const auto& row : rows) EXPECT_EQ(row["bank"], "WING");
  const auto boost = lists_json({"--list", "arrears", "--bank", "BOOST"});
  const auto& b = boost["tables"][0]["rows"];
  ASSERT_EQ(b.size(), 5u);  // four loans and their total
  EXPECT_EQ(b[0]["loan"], "BOOST-L0000042");
  EXPECT_EQ(b[0]["overdue"]["minor"], 16917);
  EXPECT_EQ(b[0]["overdue"]["currency"], "USD");
  EXPECT_EQ(b[4]["bank"], "Total");
}

TEST(StatusLists, RestructuredAndWrittenOffLists) {
  const auto rs = lists_json({"--list", "restructured"});
  EXPECT_EQ(rs["tables"][0]["rows"].size(), 5u);
  EXPECT_EQ(rs["tables"][0]["rows"][3]["loan"], "WING-L0000029");
  EXPECT_EQ(rs["tables"][0]["rows"][3]["rescheduled"]["minor"], 364583);
  const auto wo = lists_json({"--list", "written-off", "--bank", "SMEB"});
  const auto& rows = wo["tables"][0]["rows"];
  ASSERT_EQ(rows.size(), 3u);  // two SMEB write-offs and their total
  EXPECT_EQ(rows[2]["written_off"]["minor"], 210000 + 71913);
  const auto text = lists_status({"--list", "written-off"});
  EXPECT_NE(text.out.find("9,400,000 KHR"), std::string::npos);
}

TEST(StatusLists, ParTrendFlowsAndBreakdowns) {
  const auto par = lists_json({"--trend", "par", "--bank", "CNB", "--months", "3"});
  const auto& rows = par["tables"][0]["rows"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2]["month_end"], "2023-12-31");
  EXPECT_EQ(rows[2]["outstanding"]["minor"], 786582);  // CNB's dollar loans, as `status` totals them
  EXPECT_EQ(lists_json({"--trend", "par", "--months", "0"})["tables"][0]["rows"].size(), 271u);
  // Default: the last 12 month ends of each bank and currency (BOOST lent in riel from March 2023 only).
  EXPECT_EQ(lists_json({"--trend", "par"})["tables"][0]["rows"].size(), 12u * 6u - 2u);
  const auto flows = lists_json({"--trend", "flows", "--period", "month"});
  ASSERT_EQ(flows["tables"].size(), 2u);
  EXPECT_EQ(flows["tables"][0]["title"], "Flows per month, USD");
  EXPECT_EQ(flows["tables"][0]["rows"].back()["disbursed"]["minor"], 24'585'000);
  const auto quarters = lists_status({"--trend", "flows"});
  EXPECT_NE(quarters.out.find("Flows per quarter, KHR"), std::string::npos);
  const auto sector = lists_json({"--by", "sector"});
  EXPECT_EQ(sector["tables"][0]["title"], "PAR by sector");
  EXPECT_EQ(lists_json({"--by", "province"})["tables"][0]["rows"][0]["province"], "Battambang");
}

TEST(StatusLists, OptionsThatDoNotFitAreRefusedNamingTheOption) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
      {{"--list", "overdue"}, "--list"},
      {{"--trend", "npl"}, "--trend"},
      {{"--by", "district"}, "--by"},
      {{"--list", "arrears", "--bank", "ACLEDA"}, "no bank ACLEDA in the ledger (banks: BOOST, CNB, SMEB, WING)"},
      {{"--trend", "flows", "--bank", "WING"}, "--bank"},
      {{"--bank", "WING"}, "--bank"},
      {{"--list", "arrears", "--period", "month"}, "--period"},
      {{"--trend", "flows", "--period", "week"}, "--period"},
      {{"--list", "arrears", "--months", "3"}, "--months"},
      {{"--list", "arrears", "--trend", "par"}, "--trend"},
  };
  for (const auto& [args, what] : bad) {
    const auto r = lists_status(args);
    EXPECT_EQ(r.exit_code, 64) << what << ": " << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << what;
  }
}

}  // namespace
}  // namespace gfund::testing
