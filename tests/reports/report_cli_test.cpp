// `gfund report` end to end on a real ledger: every format, exit codes, and
// nothing written when the input is bad.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/ledger/status.hpp"
#include "support/test_support.hpp"
#include "test_ledger.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {
namespace fs = std::filesystem;

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override { db_ = make_test_ledger(dir_); }
  RunResult report(const std::string& format, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"report", "--db", db_, "--as-of", "2020-12-31", "--format", format, "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_gfund(args);
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(ReportCli, WritesHtmlAndSaysWhere) {
  auto r = report("html", dir_.file("d.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Wrote HTML report: " + dir_.file("d.html") + "\n");
  std::string html = read_file(dir_.file("d.html"));
  EXPECT_NE(html.find("<h2>Banks</h2>"), std::string::npos);
  EXPECT_NE(html.find("2020-12-31"), std::string::npos);
}

TEST_F(ReportCli, WorkbookAndJsonCarryTheLedgersBalance) {
  auto status = ledger::read_status(db_, parse_date("2020-12-31"));
  ASSERT_EQ(report("xlsx", dir_.file("d.xlsx")).exit_code, 0);
  XlsxReader x(dir_.file("d.xlsx"));
  EXPECT_EQ(x.sheet_names().at(1), "Fund");
  auto r = report("json", "-");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& account = j["sections"][0]["tables"][0];
  EXPECT_EQ(account["title"], "Fund account");
  // From capital to the balance, then less claims owed to the available capital.
  bool balance_row = false;
  for (const auto& row : account["rows"])
    if (row["item"] == "= Balance (cash held)") {
      balance_row = true;
      EXPECT_EQ(row["amount"]["minor"], status.fund.balance_minor);
    }
  EXPECT_TRUE(balance_row);
  EXPECT_EQ(account["rows"].back()["item"], "= Available capital");
  EXPECT_EQ(account["rows"].back()["amount"]["minor"], status.fund.available_capital_minor);
}

TEST_F(ReportCli, CsvWritesOneFilePerTable) {
  auto r = report("csv", dir_.file("csv"), {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "csv");
  EXPECT_GT(j["files"].size(), 10u);
  for (const auto& f : j["files"]) EXPECT_TRUE(fs::exists(f.get<std::string>())) << f;
  EXPECT_TRUE(fs::exists(dir_.file("csv/01-fund-summary-fund-account.csv")));
}

TEST_F(ReportCli, SimulatedViewsShowTheEnginesFigures) {
  // Same seed and scenarios: the report shows exactly what `gfund simulate --db` computes.
  std::string model = fixtures_dir() + "/models/demo.toml";
  std::vector<std::string> sim{"--simulate", "--model", model, "--scenarios", "2000", "--seed", "11"};
  auto r = report("json", "-", sim);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = nlohmann::json::parse(r.out);
  auto s = run_gfund({"simulate", "--db", db_, "--as-of", "2020-12-31", "--model", model, "--scenarios", "2000", "--seed",
                      "11", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto engine = nlohmann::json::parse(s.out);
  nlohmann::json fund, wing;
  for (const auto& e : engine["entities"]) {
    if (e["kind"] == "fund") fund = e;
    if (e["kind"] == "bank" && e["id"] == "WING") wing = e;
  }
  ASSERT_FALSE(fund.is_null() || wing.is_null()) << s.out;
  EXPECT_GT(fund["claims_minor"]["mean"]["value"].get<double>(), 0);
  const nlohmann::json* claims = nullptr;
  const nlohmann::json* banks = nullptr;
  for (const auto& sec : rep["sections"])
    for (const auto& t : sec["tables"]) {
      if (t["title"] == "Fund: loss, claims and what is left to the banks") claims = &t;
      if (t["title"] == "By bank") banks = &t;
    }
  ASSERT_TRUE(claims && banks);
  EXPECT_EQ((*claims)["rows"][0]["measure"], "Expected");
  EXPECT_DOUBLE_EQ((*claims)["rows"][0]["claims"].get<double>(), fund["claims_minor"]["mean"]["value"].get<double>() / 100);
  bool seen_wing = false;
  for (const auto& row : (*banks)["rows"]) {
    if (row["id"] != "WING") continue;
    seen_wing = true;
    EXPECT_DOUBLE_EQ(row["es_contribution"].get<double>(), wing["es_contribution_minor"]["value"].get<double>() / 100);
  }
  EXPECT_TRUE(seen_wing);
  auto h = report("html", dir_.file("sim.html"), sim);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  std::string html = read_file(dir_.file("sim.html"));
  for (const char* heading : {"<h2>Simulated claims</h2>", "<h2>Risk by bank</h2>", "<h2>Risk by association</h2>"})
    EXPECT_NE(html.find(heading), std::string::npos) << heading;
}

TEST_F(ReportCli, BadInputExitsWithItsCodeAndWritesNothing) {
  auto r = report("pdf", dir_.file("d.pdf"));
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  r = run_gfund({"report", "--db", dir_.file("missing.db"), "--format", "html", "--out", dir_.file("m.html")});
  EXPECT_EQ(r.exit_code, 66) << r.err;
  // A bad date on the command line is a usage error naming the option, as on every ledger verb.
  r = run_gfund({"report", "--db", db_, "--as-of", "2020-02-30", "--format", "html", "--out", dir_.file("x.html")});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
  r = report("html", dir_.file("no/such/folder/x.html"));
  EXPECT_EQ(r.exit_code, 74) << r.err;
  r = report("html", dir_.file("s.html"), {"--simulate", "--model", dir_.file("no-such-model.toml")});
  EXPECT_EQ(r.exit_code, 66) << r.err;
  for (const char* f : {"d.pdf", "m.html", "x.html", "s.html"}) EXPECT_FALSE(fs::exists(dir_.file(f))) << f;
  // --simulate without --model takes the shipped model, and says so.
  r = report("html", dir_.file("t.html"), {"--simulate", "--scenarios", "200"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("(the shipped default"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
