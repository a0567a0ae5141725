// The sizing answers as tables and JSON (reports/sizing_text.hpp) on
// hand-built results: a figure in the terminal table is the same figure in
// the --json, typed field and table cell alike.
#include <gtest/gtest.h>

#include "reports/sizing_text.hpp"

namespace gfund::reports {
namespace {

SizingRun run_usd() {
  return {.currency = usd(), .seed = 7, .scenarios = 1000, .target = "P(exhaustion) <= 1%",
          .capital_minor = 10'000'000, .provenance = "test book", .warnings = {"a warning"}};
}

TEST(SizingText, SizeCapitalFigureInTableTextAndJson) {
  sizing::CapitalAnswer a;
  a.capital_minor = {12'345'600, 178'000, 12'000'000, 12'700'000};
  a.curve = {{5'000'000, 0.2}, {10'000'000, 0.03}};
  SizeAnswers answers;
  answers.capital = a;
  answers.exhaustion_now = {0.03, 0.005, 0.02, 0.04};
  const auto v = size_view(run_usd(), answers);
  ASSERT_EQ(v.tables.size(), 2u);  // the answer and its curve
  const Table& t = v.tables[0];
  EXPECT_EQ(std::get<Money>(t.at(0, "value")).minor(), 12'345'600);
  EXPECT_NE(render_text(t).find("123,456.00"), std::string::npos);
  EXPECT_DOUBLE_EQ(v.json["capital"]["required_minor"].get<double>(), 12'345'600);
  EXPECT_EQ(v.json["tables"][0]["rows"][0]["value"]["minor"].get<std::int64_t>(), 12'345'600);
  EXPECT_EQ(v.json["seed"].get<std::uint64_t>(), 7u);
  EXPECT_EQ(v.json["warnings"][0].get<std::string>(), "a warning");
  EXPECT_FALSE(v.json.contains("coverage"));  // not asked
}

TEST(SizingText, StressRequiredCapitalInTableAndJson) {
  std::vector<sizing::StressRow> rows(2);
  rows[0].scenario = "base";
  rows[0].description = "the model as given";
  rows[0].summary.required_capital_minor.value = 10'000'000;
  rows[1].scenario = "severe";
  rows[1].description = "PD x 2";
  rows[1].summary.required_capital_minor = {25'000'050, 510'000, 24'000'000, 26'000'000};
  sizing::ReverseStress rev;
  rev.probability = 0.01;
  rev.pd_reached = true;
  rev.pd_multiplier = 1.8;
  const auto v = stress_view(run_usd(), rows, rev);
  ASSERT_EQ(v.tables.size(), 2u);  // scenarios, reverse stress
  const Table& t = v.tables[0];
  EXPECT_EQ(std::get<Money>(t.at(1, "required capital")).minor(), 25'000'050);
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(1, "x base")), 2.500005);
  EXPECT_NE(render_text(t).find("250,000.50"), std::string::npos);
  EXPECT_DOUBLE_EQ(v.json["rows"][1]["required_capital_minor"].get<double>(), 25'000'050);
  EXPECT_EQ(v.json["tables"][0]["rows"][1]["required capital"]["minor"].get<std::int64_t>(), 25'000'050);
  EXPECT_DOUBLE_EQ(v.json["reverse"]["pd_multiplier"].get<double>(), 1.8);
  EXPECT_NE(render_text(v.tables[1]).find("default rates x1.80 exhaust the fund with P >= 1%"), std::string::npos);
}

}  // namespace
}  // namespace gfund::reports
