// The staff lists as tables, on the page and in the workbook: currencies
// never summed together, totals equal to the ledger's, the long registers
// left to the workbook by the page (Table::page_rows), and the demo's
// workbook read back cell by cell against the engine's figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "reports/dashboard.hpp"
#include "reports/html_report.hpp"
#include "reports/staff_views.hpp"
#include "support/test_support.hpp"
#include "test_ledger.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {

std::size_t staff_count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// The small test ledger with its riel loan, as of 2020-12-31.
ledger::LedgerStatus staff_small_status(const TempDir& dir) {
  return ledger::read_status(make_test_ledger(dir, "staff.db", /*with_riel_loan=*/true), parse_date("2020-12-31"));
}

TEST(StaffViews, TheArrearsListKeepsCurrenciesApartAndTotalsOneBank) {
  TempDir dir;
  const auto s = staff_small_status(dir);
  // Every loan is past due at the end of 2020 (W2 claimed, WK1 in riel never paid).
  ASSERT_EQ(s.staff.arrears.size(), 5u);
  const reports::Table all = reports::arrears_table(s.staff);
  EXPECT_EQ(all.rows().size(), 5u);
  EXPECT_EQ(all.total_rows(), 0u);  // dollars and riel: no total
  EXPECT_EQ(all.columns()[all.column_index("outstanding")].unit, "");
  bool riel = false, claimed = false;
  for (std::size_t r = 0; r < all.rows().size(); ++r) {
    const auto& m = std::get<Money>(all.at(r, "outstanding"));
    if (std::get<std::string>(all.at(r, "loan")) == "WK1") riel = m.currency().code_view() == "KHR";
    if (std::get<std::string>(all.at(r, "loan")) == "W2") claimed = std::get<std::string>(all.at(r, "claim")) == "claimed";
  }
  EXPECT_TRUE(riel);
  EXPECT_TRUE(claimed);
  const reports::Table boost = reports::arrears_table(s.staff, "BOOST");
  ASSERT_EQ(boost.rows().size(), 3u);  // X1, X2 and the total
  EXPECT_EQ(boost.total_rows(), 1u);
  EXPECT_EQ(boost.columns()[boost.column_index("outstanding")].unit, "USD");
  const auto out = [&](std::size_t r) { return std::get<Money>(boost.at(r, "outstanding")).minor(); };
  EXPECT_EQ(out(2), out(0) + out(1));
  EXPECT_EQ(std::get<std::string>(boost.at(0, "bank")), "BOOST");
}

TEST(StaffViews, FlowsAreOneTablePerCurrencyWithTotalsEqualToTheLedgers) {
  TempDir dir;
  const auto s = staff_small_status(dir);
  for (const auto period : {ledger::FlowPeriod::month, ledger::FlowPeriod::quarter}) {
    const auto tables = reports::flows_tables(s.staff, period);
    ASSERT_EQ(tables.size(), 2u);
    EXPECT_NE(tables[0].title().find("USD"), std::string::npos);
    EXPECT_NE(tables[1].title().find("KHR"), std::string::npos);
    for (const auto& t : tables) {
      ASSERT_EQ(t.total_rows(), 1u);
      const auto& total = std::get<Money>(t.at(t.rows().size() - 1, "disbursed"));
      std::int64_t fund = -1;
      for (const auto& r : s.totals)
        if (r.level == "fund" && r.currency == total.currency()) fund = r.disbursed_minor;
      EXPECT_EQ(total.minor(), fund) << t.title();
      EXPECT_EQ(t.columns()[t.column_index("disbursed")].unit, std::string(total.currency().code_view()));
    }
  }
  // Quarters of 2020 for the dollar loans: Q1 to Q4.
  const auto q = reports::flows_tables(s.staff, ledger::FlowPeriod::quarter)[0];
  EXPECT_EQ(std::get<std::string>(q.at(0, "period")), "2020-Q1");
  EXPECT_EQ(q.rows().size(), 5u);
}

TEST(StaffViews, ParTablesFilterByBankAndKeepTheLastMonths) {
  TempDir dir;
  const auto s = staff_small_status(dir);
  const auto wing = reports::par_trend_table(s.staff, "WING", 3);
  ASSERT_FALSE(wing.rows().empty());
  std::set<Date> dates;
  for (std::size_t r = 0; r < wing.rows().size(); ++r) {
    EXPECT_EQ(std::get<std::string>(wing.at(r, "bank")), "WING");
    dates.insert(std::get<Date>(wing.at(r, "month_end")));
  }
  EXPECT_EQ(dates, (std::set<Date>{parse_date("2020-10-31"), parse_date("2020-11-30"), parse_date("2020-12-31")}));
  const auto wide = reports::par_trend_wide_table(s.staff, 3);
  EXPECT_EQ(wide.rows().size(), 3u);
  EXPECT_EQ(wide.columns().size(), 1u + 2u * 3u);  // BOOST USD, WING KHR, WING USD
  const auto province = reports::par_segment_table(s.staff, ledger::Segment::province);
  EXPECT_EQ(province.total_rows(), 0u);  // two currencies
  EXPECT_EQ(std::get<std::string>(province.at(0, "province")), "Kampot");
}

TEST(StaffViews, APageShowsTheLatestRowsOrPointsToTheWorkbook) {
  reports::Table register_table("Register", {{"n", reports::ColumnType::integer}});
  reports::Table trend("Trend", {{"n", reports::ColumnType::integer}});
  for (std::int64_t i = 1; i <= 50; ++i) register_table.add_row({i}), trend.add_row({i + 1000});
  trend.add_row({std::int64_t{-7}});
  trend.set_total_rows(1);
  register_table.set_page_rows(0);
  trend.set_page_rows(5, reports::Table::PageKeep::latest);
  reports::Document d{"D", "", {}, {reports::Section{"S", "", "", {register_table, trend}}}, ""};
  const std::string html = reports::render_html(d, {.appendix_rows = 30});
  EXPECT_NE(html.find("<strong>Register</strong>: 50 rows, in the workbook and the CSV export."), std::string::npos);
  EXPECT_EQ(html.find("<td class=\"num\">50</td>"), std::string::npos);
  EXPECT_NE(html.find("… 45 earlier rows"), std::string::npos);
  EXPECT_EQ(html.find("<td class=\"num\">1,045</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">1,046</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">1,050</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"total\"><td class=\"num\">-7</td>"), std::string::npos);
  EXPECT_EQ(html.find("Appendix: long tables"), std::string::npos);  // 5 rows shown: no appendix
}

// The demo ledger imported from the shipped fixtures, its dashboard workbook written once.
struct StaffDemo {
  TempDir dir;
  ledger::LedgerStatus status;
  std::string xlsx, html;
};
const StaffDemo& staff_demo() {
  static StaffDemo d;
  static const bool built = [] {
    const std::string db = d.dir.file("demo.db");
    ledger::create_ledger(db, "GF-KH-DEMO", "USD");
    std::vector<ledger::ImportFile> files;
    for (const auto& name : fixtures::generated_file_names({}))
      files.push_back({ledger::csv_kind_from_name(name), fixtures_dir() + "/demo/" + name});
    ledger::import_files(db, files, {});
    d.status = ledger::read_status(db, parse_date("2023-12-31"));
    d.xlsx = d.dir.file("dashboard.xlsx");
    reports::DashboardInputs in{.fund_name = "Demo", .status = &d.status};
    reports::write_dashboard_xlsx(in, d.xlsx);
    d.html = reports::render_html(reports::build_dashboard(in), {.appendix_rows = reports::kDashboardAppendixRows});
    return true;
  }();
  EXPECT_TRUE(built);
  return d;
}

// The first row (1-based) of `sheet` with `text` in column `col`, or 0.
int staff_row_of(const XlsxReader& x, const std::string& sheet, char col, const std::string& text, int from = 1) {
  for (int row = from; row <= 3000; ++row)
    if (x.cell(sheet, std::string(1, col) + std::to_string(row)) == text) return row;
  return 0;
}

TEST(StaffViews, TheDemoWorkbookHasTheListsToTheUnit) {
  const auto& demo = staff_demo();
  XlsxReader x(demo.xlsx);
  for (const char* sheet : {"PAR by bank", "Arrears list", "Flows"})
    EXPECT_NE(std::find(x.sheet_names().begin(), x.sheet_names().end(), sheet), x.sheet_names().end()) << sheet;
  // The arrears list: columns bank, loan, borrower, association, currency, then
  // outstanding and overdue each split into USD and KHR columns (the list has
  // riel loans: a sum never mixes them), days past due, bucket, claim status.
  const int row = staff_row_of(x, "Arrears list", 'B', "BOOST-L0000042");
  ASSERT_GT(row, 0);
  const std::string r = std::to_string(row);
  EXPECT_EQ(x.cell("Arrears list", "F" + r), "1299.71");
  EXPECT_FALSE(x.cell("Arrears list", "G" + r));  // no riel
  EXPECT_EQ(x.cell("Arrears list", "H" + r), "169.17");
  EXPECT_EQ(x.cell("Arrears list", "J" + r), "79");
  EXPECT_EQ(x.cell("Arrears list", "L" + r), "before trigger");
  // Every month end of every bank is in the workbook, though the page points to it.
  const int title = staff_row_of(x, "PAR by bank", 'A', "PAR by bank and month end");
  ASSERT_GT(title, 0);
  int rows = 0;
  while (x.cell("PAR by bank", "C" + std::to_string(title + 2 + rows))) ++rows;  // the month end (the note is in A)
  EXPECT_EQ(rows, static_cast<int>(demo.status.staff.par_trend.size()));
  // The dollar flows per quarter add up to the ledger's dollar disbursements: 245,850.00.
  const int flows = staff_row_of(x, "Flows", 'A', "Flows per quarter, USD");
  ASSERT_GT(flows, 0);
  const int total = staff_row_of(x, "Flows", 'A', "Total", flows);
  ASSERT_GT(total, flows);
  EXPECT_EQ(x.cell("Flows", "B" + std::to_string(total)), "245850");
  EXPECT_GT(staff_row_of(x, "Flows", 'A', "Flows per month, KHR"), 0);
}

TEST(StaffViews, TheDemoPageShowsTheListsAndLeavesTheRegistersToTheWorkbook) {
  const auto& html = staff_demo().html;
  for (const char* s : {"PAR by bank, province and sector", "PAR30 and PAR90 by bank, last 12 month ends",
                        "<strong>PAR by bank and month end</strong>", "PAR by province", "PAR by sector",
                        "Arrears list: loans past due, by bank", "Restructured loans", "Written-off loans",
                        "Flows per quarter, USD", "<strong>Flows per month, USD</strong>", "… 10 earlier rows"})
    EXPECT_NE(html.find(s), std::string::npos) << s;
  // The arrears list is short enough to stay in its section: no appendix entry for it.
  const auto appendix = html.find("Appendix: long tables");
  ASSERT_NE(appendix, std::string::npos);
  EXPECT_EQ(html.find("Arrears list: loans past due", appendix), std::string::npos);
  EXPECT_EQ(staff_count(html, "BOOST-L0000042"), 1u);
}

}  // namespace
}  // namespace gfund::testing
