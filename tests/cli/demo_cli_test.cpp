#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// The README's main job: the demo builds the ledger, simulates, and leaves
// the dashboard and the workbook where it says.
TEST(DemoCli, LeavesLedgerDashboardAndWorkbook) {
  TempDir dir;
  const std::string out = dir.file("demo");
  auto r = run_gfund({"demo", "--out", out, "--scenarios", "2000", "--seed", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("verify: ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Simulating defaults on the book at 2023-12-31 (2000 scenarios, seed 7"), std::string::npos);
  EXPECT_NE(r.out.find("By bank"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("By association"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Planning (book + 24-month plan"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stress severe"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Dashboard (HTML, opens offline): " + out + "/dashboard.html"), std::string::npos) << r.out;
  std::string html = read_file(out + "/dashboard.html");
  EXPECT_NE(html.find("<html"), std::string::npos);
  // The only URL allowed is the SVG namespace name, which is never fetched.
  const std::string svg_ns = "http://www.w3.org/2000/svg";
  for (auto p = html.find(svg_ns); p != std::string::npos; p = html.find(svg_ns)) html.erase(p, svg_ns.size());
  EXPECT_EQ(html.find("http://"), std::string::npos) << "the dashboard must not point at the network";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "the dashboard must not point at the network";
  const std::string xlsx = read_file(out + "/dashboard.xlsx");
  ASSERT_GT(xlsx.size(), 4u);
  EXPECT_EQ(xlsx.substr(0, 2), "PK");  // an xlsx is a zip package
  EXPECT_TRUE(std::filesystem::exists(out + "/ledger.db"));
}

}  // namespace
}  // namespace gfund::testing
