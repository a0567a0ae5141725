// The workbook read back as a zip of XML parts: sheets, typed cells equal to
// the document's exact figures, formats, frozen headers, native charts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>

#include "models/errors.hpp"
#include "reports/xlsx_writer.hpp"
#include "sample_document.hpp"
#include "support/test_support.hpp"
#include "xlsx_reader.hpp"

namespace gfund::testing {
namespace {

// A number cell as exact minor units: the written double rounded to the unit.
std::int64_t minor_of(const std::string& v, int minor_digits) {
  return std::llround(std::stod(v) * std::pow(10.0, minor_digits));
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

class Workbook : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("report.xlsx");
    reports::write_workbook_xlsx(sample_document(figures_), path_);
    xlsx_ = std::make_unique<XlsxReader>(path_);
  }
  TempDir dir_;
  SampleFigures figures_;
  std::string path_;
  std::unique_ptr<XlsxReader> xlsx_;
};

TEST_F(Workbook, HasAnAboutSheetThenOneSheetPerSection) {
  EXPECT_EQ(xlsx_->sheet_names(), (std::vector<std::string>{"About", "Fund", "Arrears and aging", "Simulated claims"}));
  EXPECT_EQ(xlsx_->cell("About", "A1"), "Guarantee fund dashboard");
  EXPECT_EQ(xlsx_->cell("About", "B4"), "2025-03-31");  // the first fact
}

TEST_F(Workbook, MoneyCellsEqualTheFiguresToTheUnit) {
  bool is_string = true;
  auto wing = xlsx_->cell("Fund", "C6", &is_string);
  ASSERT_TRUE(wing);
  EXPECT_FALSE(is_string);
  EXPECT_EQ(minor_of(*wing, 2), figures_.wing_outstanding_minor);
  EXPECT_EQ(minor_of(*xlsx_->cell("Fund", "C7"), 2), figures_.boost_outstanding_minor);
  // The riel amount has its own column: USD and KHR never share one a SUM would add.
  EXPECT_FALSE(xlsx_->cell("Fund", "C8"));
  EXPECT_EQ(minor_of(*xlsx_->cell("Fund", "D8"), 0), figures_.khr_outstanding_riel);
  EXPECT_FALSE(xlsx_->cell("Fund", "D6"));
  EXPECT_EQ(xlsx_->cell("Fund", "B6"), std::to_string(figures_.wing_loans));
  EXPECT_EQ(xlsx_->cell("Fund", "E7"), "0.333333");  // 333,333 ppm as a fraction
  EXPECT_EQ(xlsx_->cell("Fund", "G6"), "45747");     // 2025-03-31 as an Excel date serial
  EXPECT_FALSE(xlsx_->cell("Fund", "F8"));           // empty cell stays empty
  EXPECT_EQ(xlsx_->cell("Fund", "A5"), "Bank");
  EXPECT_EQ(xlsx_->cell("Fund", "C5"), "Outstanding (USD)");
  EXPECT_EQ(xlsx_->cell("Fund", "D5"), "Outstanding (KHR)");
}

TEST_F(Workbook, FormulaLookingTextIsAStringNotAFormula) {
  bool is_string = false;
  EXPECT_EQ(xlsx_->cell("Fund", "A7", &is_string), "=HYPERLINK(\"x\")");
  EXPECT_TRUE(is_string);
  for (const auto& s : xlsx_->sheet_names()) EXPECT_EQ(xlsx_->sheet_xml(s).find("<f>"), std::string::npos) << s;
}

TEST_F(Workbook, RealNumberFormatsAndFrozenHeaders) {
  std::string styles = xlsx_->part("xl/styles.xml");
  for (const char* f : {"formatCode=\"#,##0.00\"", "formatCode=\"#,##0\"", "formatCode=\"0.00%\"",
                        "formatCode=\"yyyy-mm-dd\""})
    EXPECT_NE(styles.find(f), std::string::npos) << f;
  std::string fund = xlsx_->sheet_xml("Fund");
  EXPECT_NE(fund.find("<pane ySplit=\"5\" topLeftCell=\"A6\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos);
  // The USD column shows cents, the KHR column whole riel.
  std::regex style_of(R"re(<c r="([CD]\d)" s="(\d+)")re");
  std::map<std::string, std::string> s;
  for (std::sregex_iterator it(fund.begin(), fund.end(), style_of), end; it != end; ++it) s[(*it)[1]] = (*it)[2];
  EXPECT_EQ(s["C6"], s["C7"]);
  EXPECT_NE(s["C6"], s["D8"]);
}

TEST_F(Workbook, PrintsOnA4LandscapeOnePageWideWithHeadersRepeated) {
  std::string fund = xlsx_->sheet_xml("Fund");
  EXPECT_NE(fund.find("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"), std::string::npos)
      << fund.substr(fund.find("<pageSetup"), 120);
  EXPECT_NE(fund.find("<pageSetUpPr fitToPage=\"1\"/>"), std::string::npos);
  EXPECT_NE(fund.find("Page &amp;P of &amp;N"), std::string::npos);
  // The header row repeats on every printed page: a defined print-titles name.
  EXPECT_NE(xlsx_->part("xl/workbook.xml").find("_xlnm.Print_Titles"), std::string::npos);
}

TEST_F(Workbook, ChartsAreNativeExcelCharts) {
  auto parts = xlsx_->parts();
  std::vector<std::string> charts;
  std::copy_if(parts.begin(), parts.end(), std::back_inserter(charts),
               [](const std::string& p) { return p.rfind("xl/charts/chart", 0) == 0; });
  // PAR line, aging stacked bars, claims histogram, contributions; the empty chart draws none.
  ASSERT_EQ(charts.size(), 4u) << ::testing::PrintToString(parts);
  std::string all;
  for (const auto& c : charts) all += xlsx_->part(c);
  EXPECT_EQ(count(all, "<c:lineChart>"), 1u);
  EXPECT_EQ(count(all, "<c:barChart>"), 3u);
  EXPECT_EQ(count(all, "<c:grouping val=\"stacked\"/>"), 1u);
  EXPECT_NE(all.find("'Arrears and aging'!$"), std::string::npos);  // series read the sheet's cells
  EXPECT_NE(all.find("VaR 99% 71,000.00"), std::string::npos);       // markers named on the axis
  // Each chart's drawing hangs off its sheet.
  EXPECT_NE(std::find(parts.begin(), parts.end(), "xl/drawings/drawing1.xml"), parts.end());
  EXPECT_NE(xlsx_->part("xl/worksheets/_rels/sheet3.xml.rels").find("drawing"), std::string::npos);
}

TEST_F(Workbook, ChartDataSitsOnTheSheetWithItsValues) {
  // PAR chart data: categories and series beside the charts (column M = 2 + 11 - 1 ...).
  std::string xml = xlsx_->sheet_xml("Arrears and aging");
  EXPECT_NE(xml.find("<v>0.02</v>"), std::string::npos);   // PAR30 month 1
  EXPECT_NE(xml.find("<v>120000</v>"), std::string::npos);  // current bucket, Wing
}

TEST(WorkbookEdges, EmptyDocumentAndUnwritablePath) {
  TempDir dir;
  reports::Document empty{"Empty fund", "", {}, {}, ""};
  reports::write_workbook_xlsx(empty, dir.file("e.xlsx"));
  XlsxReader x(dir.file("e.xlsx"));
  EXPECT_EQ(x.sheet_names(), std::vector<std::string>{"About"});
  EXPECT_THROW(reports::write_workbook_xlsx(empty, dir.file("no/such/dir/e.xlsx")), IoError);
  // Nothing half-written left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 1);
}

TEST(WorkbookEdges, SheetNamesAreValidAndUnique) {
  reports::Document d{"D", "", {}, {}, ""};
  d.sections.push_back({"Banks: [all] / by region?", "", "", {}});
  d.sections.push_back({"A very long heading that goes well past thirty-one characters", "", "", {}});
  d.sections.push_back({"A very long heading that goes well past thirty-one characters, again", "", "", {}});
  auto names = reports::workbook_sheet_names(d);
  EXPECT_EQ(names[1], "Banks   all    by region");
  EXPECT_EQ(names[2].size(), 31u);
  EXPECT_NE(names[2], names[3]);
  EXPECT_LE(names[3].size(), 31u);
}

}  // namespace
}  // namespace gfund::testing
