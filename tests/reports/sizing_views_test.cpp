// Sizing views on hand-built sizing answers: the capital curve, stress
// scenarios beside the base, reverse stress, and the term sheet in the
// dashboard's look (HTML) and as Markdown.
#include <gtest/gtest.h>

#include "reports/dashboard.hpp"
#include "reports/html_report.hpp"
#include "reports/sizing_views.hpp"

namespace gfund::reports {
namespace {

// (not table_in: simulation_views_test.cpp has one, and a unity build may merge the two)
const Table& sizing_table_in(const Section& s, const std::string& title) {
  for (const auto& b : s.blocks)
    if (const auto* t = std::get_if<Table>(&b); t && t->title() == title) return *t;
  throw std::runtime_error("no table " + title);
}

TEST(SizingViews, CapitalCurveStressAndReverseStress) {
  sizing::CapitalAnswer a;
  a.capital_minor = {12'345'600, 178'000, 12'000'000, 12'700'000};
  a.summary.exhaustion_probability = {0.0098, 0.001, 0.008, 0.012};
  a.curve = {{5'000'000, 0.2}, {10'000'000, 0.03}, {15'000'000, 0.004}};
  auto cap = capital_section(a, usd());
  const auto& t = sizing_table_in(cap, "Exhaustion probability by capital");
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_EQ(std::get<Money>(t.at(1, "capital")).minor(), 10'000'000);
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(1, "probability")), 0.03);
  const auto& curve = std::get<Chart>(cap.blocks[1]);
  EXPECT_EQ(curve.categories, (std::vector<std::string>{"50k", "100k", "150k"}));

  std::vector<sizing::StressRow> rows(2);
  rows[0].scenario = "base";
  rows[1].scenario = "severe";
  rows[1].description = "PD x 2";
  rows[1].summary.exhaustion_probability.value = 0.08;
  rows[1].summary.required_capital_minor.value = 20'000'000;
  rows[1].summary.capital_minor = 5'000'000;
  sizing::ReverseStress rev;
  rev.pd_reached = true;
  rev.pd_multiplier = 1.8;
  rev.pd_multiplier_low = 1.7;
  rev.pd_multiplier_high = 1.9;
  auto st = stress_section(rows, usd(), rev);
  const auto& s = sizing_table_in(st, "Scenarios beside the base");
  EXPECT_DOUBLE_EQ(std::get<double>(s.at(1, "required_capital")), 200'000);
  EXPECT_EQ(std::get<Money>(s.at(1, "capital")).minor(), 5'000'000);
  const auto& r = sizing_table_in(st, "Reverse stress: what it takes to exhaust the fund");
  EXPECT_EQ(std::get<std::string>(r.at(0, "value")), "1.80x");
}

TEST(SizingViews, TermSheetInTheHouseLookAndInMarkdown) {
  sizing::Termsheet ts;
  ts.bank = "WING";
  ts.capital_minor = 5'000'000;
  ts.enrolled_minor = 20'000'000;
  ts.scenarios = 10'000;
  ts.seed = 7;
  ts.cost_loading = 0.2;
  sizing::TermsheetRow r;
  r.label = "50% pari passu";
  r.coverage = 0.5;
  r.structure = "pari_passu";
  r.caps = "per loan 2,500.00";
  r.bank_loss_rate_gross.value = 0.04;
  r.bank_loss_rate_net.value = 0.02;
  r.fund_expected_claims_minor.value = 400'000;
  r.break_even_fee.value = 0.0123;
  ts.rows = {r};
  r.fee = 0.01;
  sizing::TermsheetRow now = r;
  now.label = "current terms";
  ts.rows = {now, r};
  ts.rows[1].break_even_fee.value = 0.0059;
  auto doc = termsheet_document(ts, usd(), "Demo fund");
  std::string html = render_html(doc);
  EXPECT_NE(html.find("<h1>Guarantee term sheet: WING</h1>"), std::string::npos);
  EXPECT_NE(html.find("1.23% a year (above the fee charged)"), std::string::npos);
  std::string md = render_markdown(doc);
  // The terms first, read down a column: current terms beside each option.
  EXPECT_LT(md.find("The terms"), md.find("What each option means in figures")) << md;
  EXPECT_NE(md.find("| Term | current terms | 50% pari passu |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Coverage | 50% of each loss | 50% of each loss |"), std::string::npos) << md;
  for (const char* term : {"| Claim allowed | at 90 days past due", "| Lock-in | none", "| Claim paid | all at claim",
                           "| Recoveries | shared pro rata", "| Eligible loans |", "| Availability |",
                           "| Guarantee fee | 1.00% a year", "| Most paid on one loan | no cap"})
    EXPECT_NE(md.find(term), std::string::npos) << term << "\n" << md;
  EXPECT_NE(md.find("| Fund's expected claims | 4,000 USD | 4,000 USD |"), std::string::npos) << md;
  // The break-even fee beside the fee charged now, in words.
  EXPECT_NE(md.find("On the current terms the fee is 1.00% a year; covering the expected claims (with a 20% cost "
                    "loading) would take 1.23% a year: the fund subsidises the difference."),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("pari_passu"), std::string::npos) << md;
  EXPECT_NE(md.find("- **Fund capital:** 50,000 USD"), std::string::npos);
  // A most-lending answer at the search limit reads "at least".
  sizing::VolumeAnswer v;
  v.at_max = true;
  v.most_monthly_minor = 300'000;
  ts.rows[1].most_lending = v;
  EXPECT_NE(render_markdown(termsheet_document(ts, usd())).find("at least 3,000.00 USD (search limit)"), std::string::npos);
}

TEST(SizingViews, DashboardAddsSizingAndStressSections) {
  sizing::CapitalAnswer a;
  a.curve = {{5'000'000, 0.2}, {10'000'000, 0.03}};
  std::vector<sizing::StressRow> rows(1);
  rows[0].scenario = "base";
  DashboardInputs in{.fund_name = "F", .sizing_currency = usd(), .capital = &a, .stress = &rows};
  auto doc = build_dashboard(in);
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].heading, "Fund size");
  EXPECT_EQ(doc.sections[1].heading, "Stress tests");
  EXPECT_NE(render_html(doc).find("Probability of exhaustion against fund capital"), std::string::npos);
}

}  // namespace
}  // namespace gfund::reports
