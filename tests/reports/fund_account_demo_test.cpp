// The fund account complete on the demo ledger (as of 2023-12-31), as finance
// staff read it: the dashboard in real headless Chromium and the workbook read
// back. Figures are read_status's own, so the page and the sheet must show
// what the engine says (claims owed 414.30 USD on the demo).
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/ledger/status.hpp"
#include "headless_chromium.hpp"
#include "support/test_support.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {
namespace fs = std::filesystem;

// The demo, built once: its ledger, dashboard and workbook.
const std::string& demo_dir() {
  static TempDir dir;
  static const std::string out = [] {
    const auto r = run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "50", "--seed", "7"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return dir.file("demo");
  }();
  return out;
}

// The value right of the first cell in `sheet` whose text is `label`
// (columns A..P, rows 1..400), or nullopt.
std::optional<std::string> value_beside(const XlsxReader& x, const std::string& sheet, const std::string& label) {
  for (int row = 1; row <= 400; ++row)
    for (char col = 'A'; col < 'P'; ++col) {
      bool is_string = false;
      const auto v = x.cell(sheet, std::string(1, col) + std::to_string(row), &is_string);
      if (v && is_string && *v == label) return x.cell(sheet, std::string(1, char(col + 1)) + std::to_string(row));
    }
  return std::nullopt;
}

TEST(FundAccountDemo, StatusHasTheDemosClaimsOwedAndAvailableCapital) {
  const auto s = ledger::read_status(demo_dir() + "/ledger.db", parse_date("2023-12-31"));
  EXPECT_EQ(s.fund.claims_due_minor, 41430);
  EXPECT_EQ(s.fund.balance_minor, 14754718);
  EXPECT_EQ(s.fund.available_capital_minor, 14754718 - 41430);
  EXPECT_EQ(s.fund.fees_receivable_minor(), 252604 - 191368);
  bool cnb = false;
  for (const auto& c : s.fund.caps)
    if (c.agreement == "CNB-YEAC") {
      cnb = true;
      EXPECT_TRUE(c.exposure_over_cap());
      EXPECT_EQ(c.max_liability_minor, *c.remaining_cap_minor);
    } else {
      EXPECT_FALSE(c.exposure_over_cap()) << c.agreement;
    }
  EXPECT_TRUE(cnb);
}

TEST(FundAccountDemo, WorkbookReconcilesCapitalToAvailableCapital) {
  XlsxReader x(demo_dir() + "/dashboard.xlsx");
  EXPECT_EQ(value_beside(x, "Fund", "Claims owed, not yet paid"), std::optional<std::string>("-414.3"));
  EXPECT_EQ(value_beside(x, "Fund", "= Balance (cash held)"), std::optional<std::string>("147547.18"));
  EXPECT_EQ(value_beside(x, "Fund", "= Available capital"), std::optional<std::string>("147132.88"));
  EXPECT_EQ(value_beside(x, "Fund", "CNB-YEAC").has_value(), true);
  // Provision: exposure by bucket x the default rates + claims owed 414.30 (the status's own total).
  const auto s = ledger::read_status(demo_dir() + "/ledger.db", parse_date("2023-12-31"));
  EXPECT_EQ(s.provisioning.total_minor(), 181256);
  EXPECT_EQ(value_beside(x, "Aging", "Claims owed, not yet paid"), std::optional<std::string>("414.3"));
}

TEST(FundAccountDemo, DashboardShowsClaimsOwedFeesReceivableAndTheCapAlert) {
  TempDir dir;
  fs::create_directories(dir.path() / "profile");
  HeadlessChromium chrome(dir.file("profile"), dir.file("chromium.log"));
  const PageVisit v = chrome.visit("file://" + demo_dir() + "/dashboard.html");
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  for (const char* s : {"Claims owed (not yet paid)", "414.30", "Available capital", "147,132.88", "147,547.18",
                        "Fees receivable", "612.36", "Maximum liability", "exposure above remaining cap",
                        "Alert: CNB-YEAC guarantees 7,865.82 USD on live loans but has only 5,119.75 USD",
                        "Claims pipeline: past the claim trigger, not yet claimed", "Owed, not yet paid",
                        "Provisioning by aging bucket", "1,812.56"})
    EXPECT_NE(v.text.find(s), std::string::npos) << "not on the page: " << s;
  EXPECT_LE(v.page_width, 1366);
}


TEST(FundAccountDemo, HeadlinesAddRielInDollarsAtTheLedgersRateAndTheWorkbookNeverMixesCurrencies) {
  const auto s = ledger::read_status(demo_dir() + "/ledger.db", parse_date("2023-12-31"));
  ASSERT_TRUE(s.in_fund_currency.total);
  ASSERT_EQ(s.in_fund_currency.rates.size(), 1u);
  EXPECT_EQ(s.in_fund_currency.rates[0].text, "4100");  // fixtures/demo/fx_rates.csv, rate of 2023-12-01
  const std::string html = read_file(demo_dir() + "/dashboard.html");
  EXPECT_NE(html.find("all currencies in USD: KHR at 4100 per USD (ledger rate of 2023-12-01)"), std::string::npos);
  EXPECT_NE(html.find("All currencies"), std::string::npos);
  // The portfolio's riel and dollar amounts in separate columns (a mixed
  // column is split, reports/currency_columns.hpp): the headers name each.
  XlsxReader x(demo_dir() + "/dashboard.xlsx");
  const std::string strings = x.part("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Outstanding (USD)"), std::string::npos);
  EXPECT_NE(strings.find("Outstanding (KHR)"), std::string::npos);
}

}  // namespace
}  // namespace gfund::testing
