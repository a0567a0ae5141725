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
  EXPECT_EQ(account["rows"].back()["amount"]["minor"], status.fund.balance_minor);
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

TEST_F(ReportCli, BadInputExitsWithItsCodeAndWritesNothing) {
  auto r = report("pdf", dir_.file("d.pdf"));
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  r = run_gfund({"report", "--db", dir_.file("missing.db"), "--format", "html", "--out", dir_.file("m.html")});
  EXPECT_EQ(r.exit_code, 66) << r.err;
  r = run_gfund({"report", "--db", db_, "--as-of", "2020-02-30", "--format", "html", "--out", dir_.file("x.html")});
  EXPECT_EQ(r.exit_code, 65) << r.err;
  r = report("html", dir_.file("no/such/folder/x.html"));
  EXPECT_EQ(r.exit_code, 74) << r.err;
  r = report("html", dir_.file("s.html"), {"--simulate"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  for (const char* f : {"d.pdf", "m.html", "x.html", "s.html"}) EXPECT_FALSE(fs::exists(dir_.file(f))) << f;
}

}  // namespace
}  // namespace gfund::testing
