// Ledger views on a real (small) ledger and on an empty one: every figure
// shown equals read_status's to the unit, in the tables, the workbook and
// the browser.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "headless_chromium.hpp"
#include "reports/dashboard.hpp"
#include "reports/html_report.hpp"
#include "reports/ledger_views.hpp"
#include "reports/xlsx_writer.hpp"
#include "support/test_support.hpp"
#include "test_ledger.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {
using reports::Section;
using reports::Table;

const Date kAsOf = parse_date("2020-12-31");

const Table& table_titled(const std::vector<Section>& sections, const std::string& title) {
  for (const auto& s : sections)
    for (const auto& b : s.blocks)
      if (const auto* t = std::get_if<Table>(&b); t && t->title() == title) return *t;
  throw std::runtime_error("no table " + title);
}
const reports::Chart& chart_titled(const std::vector<Section>& sections, const std::string& title) {
  for (const auto& s : sections)
    for (const auto& b : s.blocks)
      if (const auto* c = std::get_if<reports::Chart>(&b); c && c->title == title) return *c;
  throw std::runtime_error("no chart " + title);
}
std::int64_t minor(const reports::Cell& c) { return std::get<Money>(c).minor(); }
const ledger::StatusTotals& totals(const ledger::LedgerStatus& s, const std::string& level, const std::string& key) {
  for (const auto& t : s.totals)
    if (t.level == level && t.key == key) return t;
  throw std::runtime_error("no totals " + level + " " + key);
}

class LedgerViews : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = make_test_ledger(dir_);
    status_ = ledger::read_status(db_, kAsOf);
    sections_ = reports::ledger_sections(status_);
  }
  TempDir dir_;
  std::string db_;
  ledger::LedgerStatus status_;
  std::vector<Section> sections_;
};

TEST_F(LedgerViews, SectionsInDashboardOrder) {
  std::vector<std::string> headings;
  for (const auto& s : sections_) headings.push_back(s.heading);
  EXPECT_EQ(headings, (std::vector<std::string>{"Fund summary", "Banks", "Associations", "Aging of arrears",
                                                "Portfolio at risk over time", "Vintage default curves",
                                                "Claims and recoveries"}));
}

TEST_F(LedgerViews, BankRowsEqualTheLedgerToTheUnit) {
  const auto& t = table_titled(sections_, "Banks: exposure and arrears");
  ASSERT_EQ(t.rows().size(), 3u);  // WING, BOOST (sorted by key) and the total
  for (std::size_t r = 0; r < 2; ++r) {
    auto key = std::get<std::string>(t.at(r, "key"));
    const auto& want = totals(status_, "bank", key);
    EXPECT_EQ(minor(t.at(r, "outstanding")), want.outstanding_minor) << key;
    EXPECT_EQ(minor(t.at(r, "disbursed")), want.disbursed_minor) << key;
    EXPECT_EQ(minor(t.at(r, "claims_paid")), want.claims_paid_minor) << key;
    EXPECT_EQ(minor(t.at(r, "guaranteed_exposure")), want.guaranteed_exposure_minor) << key;
    EXPECT_EQ(std::get<double>(t.at(r, "par30")), want.par30()) << key;
    EXPECT_EQ(std::get<std::int64_t>(t.at(r, "loans")), want.loans) << key;
  }
  EXPECT_EQ(t.total_rows(), 1u);
  EXPECT_EQ(minor(t.at(2, "outstanding")), totals(status_, "fund", "").outstanding_minor);
  // The ledger is not trivial: a loan fell behind and was claimed.
  EXPECT_GT(totals(status_, "bank", "WING").claims_paid_minor, 0);
}

TEST_F(LedgerViews, FundAccountAddsUpToTheBalance) {
  const auto& t = table_titled(sections_, "Fund account");
  // Capital, fees, claims paid and recoveries add up to the balance (row 5);
  // less claims owed (row 6) it is the available capital (the last row).
  ASSERT_EQ(t.rows().size(), 8u);
  Money sum = Money::zero(usd());
  for (std::size_t r = 0; r < 5; ++r) sum += std::get<Money>(t.at(r, "amount"));
  EXPECT_EQ(sum.minor(), status_.fund.balance_minor);
  EXPECT_EQ(minor(t.at(5, "amount")), status_.fund.balance_minor);
  EXPECT_EQ(minor(t.at(6, "amount")), -status_.fund.claims_due_minor);
  EXPECT_EQ(minor(t.at(5, "amount")) + minor(t.at(6, "amount")), minor(t.at(7, "amount")));
  EXPECT_EQ(minor(t.at(7, "amount")), status_.fund.available_capital_minor);
  EXPECT_EQ(minor(t.at(0, "amount")), 5'000'000);  // the 50,000.00 USD paid in
  const auto& caps = table_titled(sections_, "Agreements: caps and maximum liability");
  ASSERT_EQ(caps.rows().size(), status_.fund.caps.size());
  for (std::size_t r = 0; r < caps.rows().size(); ++r) {
    EXPECT_EQ(minor(caps.at(r, "claims_paid")), status_.fund.caps[r].claims_paid_minor);
    EXPECT_EQ(minor(caps.at(r, "max_liability")), status_.fund.caps[r].max_liability_minor);
  }
  const auto& fees = table_titled(sections_, "Guarantee fees receivable");
  ASSERT_EQ(fees.rows().size(), status_.fund.caps.size() + 1);  // agreements and the total
  std::int64_t earned = 0, receivable = 0;
  for (std::size_t r = 0; r < status_.fund.caps.size(); ++r) {
    EXPECT_EQ(minor(fees.at(r, "earned")), status_.fund.caps[r].fees_accrued_minor);
    EXPECT_EQ(minor(fees.at(r, "receivable")), status_.fund.caps[r].fees_receivable_minor());
    earned += minor(fees.at(r, "earned"));
    receivable += minor(fees.at(r, "receivable"));
  }
  EXPECT_GT(earned, 0);
  EXPECT_EQ(minor(fees.at(status_.fund.caps.size(), "earned")), earned);
  // Every fee here was paid by a bank with an agreement: the rows add up to the total.
  EXPECT_EQ(minor(fees.at(status_.fund.caps.size(), "receivable")), receivable);
  EXPECT_EQ(receivable, status_.fund.fees_receivable_minor());
}

TEST_F(LedgerViews, ClaimsPipelineTableIsTheStatussPipeline) {
  // On 2020-06-30 W2 (nothing repaid; first installment 2020-03-10) is past the
  // 90-day trigger of WING-2019 and not yet claimed (its claim is dated 2020-08-20).
  const auto june = ledger::read_status(db_, parse_date("2020-06-30"));
  ASSERT_FALSE(june.pipeline.loans.empty());
  const auto sections = reports::ledger_sections(june);
  const auto& t = table_titled(sections, "Claims pipeline: past the claim trigger, not yet claimed");
  ASSERT_EQ(t.rows().size(), june.pipeline.loans.size() + 1);
  for (std::size_t r = 0; r < june.pipeline.loans.size(); ++r) {
    EXPECT_EQ(std::get<std::string>(t.at(r, "loan")), june.pipeline.loans[r].loan);
    EXPECT_EQ(minor(t.at(r, "fund_would_owe")), june.pipeline.loans[r].fund_would_owe_minor);
  }
  EXPECT_EQ(minor(t.at(june.pipeline.loans.size(), "fund_would_owe")), june.pipeline.fund_would_owe_minor);
  EXPECT_GT(june.pipeline.fund_would_owe_minor, 0);
}

TEST_F(LedgerViews, AgingTotalsAndChartMatchTheBuckets) {
  const auto& t = table_titled(sections_, "Outstanding by days past due");
  const auto& chart = chart_titled(sections_, "Aging buckets by bank");
  ASSERT_EQ(t.rows().size(), status_.aging.size() + 1);  // banks and the total
  EXPECT_EQ(minor(t.at(status_.aging.size(), "total")), totals(status_, "fund", "").outstanding_minor);
  for (std::size_t r = 0; r < status_.aging.size(); ++r) {
    const auto& a = status_.aging[r];
    std::int64_t sum = 0;
    for (std::size_t b = 0; b < 6; ++b) {
      EXPECT_EQ(minor(t.rows()[r][2 + b]), a.outstanding_minor[b]);
      EXPECT_DOUBLE_EQ(chart.series[b].values[r], static_cast<double>(a.outstanding_minor[b]) / 100.0);
      sum += a.outstanding_minor[b];
    }
    EXPECT_EQ(minor(t.at(r, "total")), sum);
    EXPECT_EQ(sum, totals(status_, "bank", a.bank).outstanding_minor);
  }
}

TEST_F(LedgerViews, ClaimsTableAndParTrendFollowTheStatus) {
  const auto& claims = table_titled(sections_, "Claims paid");
  ASSERT_EQ(status_.claims.size(), 1u);
  EXPECT_EQ(minor(claims.at(0, "fund_paid")), status_.claims[0].fund_paid_minor);
  EXPECT_EQ(minor(claims.at(0, "recovered_fund")), status_.claims[0].recovered_fund_minor);
  EXPECT_EQ(claims.total_rows(), 1u);
  const auto& par = chart_titled(sections_, "PAR30 and PAR90 by month");
  ASSERT_EQ(par.categories.size(), status_.par_history.size());
  EXPECT_EQ(par.categories.front(), format_date(status_.par_history.front().month_end).substr(0, 7));
}

TEST(LedgerViewsPooling, VintagesPoolByYearFromCounts) {
  std::vector<ledger::VintageCurve> v{{"2020-01", 10, {0.0, 0.1, 0.2}}, {"2020-02", 30, {0.0, 0.0, 0.1, 0.1}},
                                      {"2021-05", 5, {0.0, 0.2}}};
  auto p = reports::pool_vintages_by_year(v);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].year, "2020");
  EXPECT_EQ(p[0].loans, 40);
  ASSERT_EQ(p[0].cumulative_default_rate.size(), 3u);  // January observed 3 months: the pool stops there
  EXPECT_DOUBLE_EQ(p[0].cumulative_default_rate[1], 1.0 / 40);
  EXPECT_DOUBLE_EQ(p[0].cumulative_default_rate[2], 5.0 / 40);
  EXPECT_DOUBLE_EQ(p[1].cumulative_default_rate[1], 0.2);
}

TEST_F(LedgerViews, WorkbookCellsEqualTheLedgerToTheUnit) {
  reports::DashboardInputs in{.fund_name = "Test fund", .status = &status_};
  std::string path = dir_.file("dash.xlsx");
  reports::write_dashboard_xlsx(in, path);
  XlsxReader x(path);
  auto names = x.sheet_names();
  EXPECT_EQ(names, (std::vector<std::string>{"About", "Fund", "Banks", "Associations", "Aging", "PAR trend", "Vintages",
                                             "Claims", "PAR by bank", "Arrears list", "Flows"}));
  // Banks sheet: heading, intro, blank, table title, header (row 5), banks from row 6; F = Outstanding.
  EXPECT_EQ(x.cell("Banks", "F5"), "Outstanding (USD)");
  for (int row = 6; row <= 7; ++row) {
    auto key = *x.cell("Banks", "A" + std::to_string(row));
    auto v = x.cell("Banks", "F" + std::to_string(row));
    ASSERT_TRUE(v) << key;
    EXPECT_EQ(std::llround(std::stod(*v) * 100), totals(status_, "bank", key).outstanding_minor) << key;
  }
  EXPECT_EQ(x.cell("Banks", "A8"), "Total");
}

TEST_F(LedgerViews, DashboardInTheBrowserShowsTheLedgersFigures) {
  reports::DashboardInputs in{.fund_name = "Test fund", .source = "ledger fund.db", .status = &status_};
  std::string path = dir_.file("dash.html");
  reports::write_dashboard_html(in, path);
  std::filesystem::create_directories(dir_.path() / "profile");
  HeadlessChromium chrome(dir_.file("profile"), dir_.file("chromium.log"));
  PageVisit v = chrome.visit("file://" + path);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  EXPECT_EQ(v.requests, std::vector<std::string>{"file://" + path});
  EXPECT_EQ(v.headings.size(), 11u);  // the title, the ledger's 7 sections and the staff lists' 3
  EXPECT_NE(v.text.find(format_money(Money(usd(), status_.fund.balance_minor), false)), std::string::npos);
  EXPECT_NE(v.text.find(format_money(Money(usd(), totals(status_, "bank", "WING").outstanding_minor), false)),
            std::string::npos);
  std::filesystem::path art = std::filesystem::path(gfund_exe()).parent_path() / "test-artifacts";
  std::filesystem::create_directories(art);
  write_file((art / "ledger-dashboard.png").string(), v.png);
}

TEST(LedgerViewsCurrencies, RielAndDollarsAreShownApartAndNeverAdded) {
  TempDir dir;
  auto status = ledger::read_status(make_test_ledger(dir, "two.db", true), kAsOf);
  auto sections = reports::ledger_sections(status);
  const auto& banks = table_titled(sections, "Banks: exposure and arrears");
  // WING in USD and in KHR, BOOST in USD; no total row across currencies.
  EXPECT_EQ(banks.total_rows(), 0u);
  ASSERT_EQ(banks.rows().size(), 3u);
  EXPECT_EQ(banks.columns()[banks.column_index("outstanding")].unit, "");
  bool riel = false;
  for (std::size_t r = 0; r < banks.rows().size(); ++r) {
    const auto& m = std::get<Money>(banks.at(r, "outstanding"));
    if (m.currency() == khr()) {
      riel = true;
      EXPECT_EQ(m.minor(), 4'000'000);  // nothing repaid: the whole principal, in riel
      EXPECT_EQ(reports::format_cell(banks.at(r, "outstanding"), banks.columns()[banks.column_index("outstanding")]),
                "4,000,000 KHR");
    }
  }
  EXPECT_TRUE(riel);
  // Charts draw the fund currency only: two banks, not three bars of mixed units.
  EXPECT_EQ(chart_titled(sections, "Outstanding and guaranteed exposure").categories.size(), 2u);
}

TEST(LedgerViewsEmpty, AnEmptyLedgerGivesEmptyTablesNotErrors) {
  TempDir dir;
  std::string db = dir.file("empty.db");
  ledger::create_ledger(db, "EMPTY", "USD");
  auto status = ledger::read_status(db, kAsOf);
  reports::DashboardInputs in{.fund_name = "Empty fund", .status = &status};
  auto doc = reports::build_dashboard(in);
  EXPECT_EQ(doc.sections.size(), 10u);
  std::string html = reports::render_html(doc);
  EXPECT_NE(html.find("No data"), std::string::npos);
  EXPECT_NE(html.find("Nothing to show"), std::string::npos);
  reports::write_dashboard_xlsx(in, dir.file("empty.xlsx"));
  XlsxReader x(dir.file("empty.xlsx"));
  EXPECT_EQ(x.sheet_names().size(), 11u);
}

}  // namespace
}  // namespace gfund::testing
