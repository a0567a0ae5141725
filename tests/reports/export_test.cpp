// CSV and JSON exports of every table: documented columns, money exact,
// formula-looking text defused.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "reports/export.hpp"
#include "sample_document.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

TEST(Export, OneCsvPerTableInDocumentOrder) {
  TempDir dir;
  auto paths = reports::write_csv_tables(sample_document(), dir.file("csv"));
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(std::filesystem::path(paths[0]).filename(), "01-fund-summary-exposure-by-bank.csv");
  EXPECT_EQ(std::filesystem::path(paths[1]).filename(), "02-simulated-claims-claims-paid.csv");
  std::string csv = read_file(paths[0]);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "bank,loans,outstanding,coverage,par30,as_of");
  EXPECT_NE(csv.find("\nWing <Bank> & Co,1234,12345678.90,0.5,0.0512,2025-03-31\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\",66,98765.43,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Canadia (riel),12,41000000,0.7,,\n"), std::string::npos) << csv;
  EXPECT_EQ(read_file(paths[1]), "loan,claim_USD\n");  // an empty table still documents its columns
}

TEST(Export, JsonKeepsMoneyAsIntegerMinorUnits) {
  SampleFigures f;
  auto j = reports::to_json(sample_document(f));
  EXPECT_EQ(j["title"], "Guarantee fund dashboard");
  EXPECT_EQ(j["facts"]["Seed"], "42");
  const auto& banks = j["sections"][0]["tables"][0];
  EXPECT_EQ(banks["rows"][0]["outstanding"]["minor"], f.wing_outstanding_minor);
  EXPECT_TRUE(banks["rows"][0]["outstanding"]["minor"].is_number_integer());
  EXPECT_EQ(banks["rows"][0]["outstanding"]["text"], "12345678.90");
  EXPECT_EQ(banks["rows"][2]["outstanding"]["currency"], "KHR");
  EXPECT_EQ(banks["columns"][2]["type"], "money");
  const auto& kpi = j["sections"][0]["kpis"][0];
  EXPECT_EQ(kpi["value"]["minor"], f.wing_outstanding_minor + f.boost_outstanding_minor);
  const auto& hist = j["sections"][2]["charts"][0];
  EXPECT_EQ(hist["kind"], "histogram");
  EXPECT_EQ(hist["bin_edges"].size(), 21u);
  EXPECT_EQ(hist["markers"][0]["label"], "VaR 99%");
  // Nothing in the whole export is a float amount of money.
  std::string dump = j.dump();
  EXPECT_EQ(dump.find("12345678.9,"), std::string::npos);
}

}  // namespace
}  // namespace gfund::testing
