#pragma once
// A document exercising every block and chart kind, built by hand in tests
// (no engine): the renderers are tested on data whose numbers we chose.
#include <cmath>

#include <fmt/format.h>

#include "reports/document.hpp"

namespace gfund::testing {

// The exact figures the sample puts in its tables, for assertions.
struct SampleFigures {
  std::int64_t wing_outstanding_minor = 12'345'678'90;  // 12,345,678.90 USD
  std::int64_t boost_outstanding_minor = 98'765'43;     // 98,765.43 USD
  std::int64_t khr_outstanding_riel = 41'000'000;       // 41,000,000 KHR
  std::int64_t wing_loans = 1'234;
};

inline reports::Document sample_document(const SampleFigures& f = {}) {
  using namespace reports;
  Document d;
  d.title = "Guarantee fund dashboard";
  d.subtitle = "Sample fund (test data)";
  d.facts = {{"As of", "2025-03-31"}, {"Seed", "42"}, {"Scenarios", "10,000"}};
  d.footer = "gfund test · figures exact to the cent";

  Section fund;
  fund.heading = "Fund summary";
  fund.intro = "What the fund holds and what it has promised.";
  fund.sheet = "Fund";
  Column money_col{"outstanding", ColumnType::money, "USD", 2, "Outstanding"};
  fund.blocks.push_back(std::vector<Kpi>{
      {"Outstanding", Money(usd(), f.wing_outstanding_minor + f.boost_outstanding_minor), money_col, "1,300 loans"},
      {"PAR30", 0.0734, {"par30", ColumnType::percent, "", 1}, "of outstanding", true}});
  Table banks("Exposure by bank", {{"bank", ColumnType::text, "", 2, "Bank"},
                                   {"loans", ColumnType::integer, "", 0, "Loans"},
                                   {"outstanding", ColumnType::money, "", 2, "Outstanding"},
                                   {"coverage", ColumnType::ratio, "", 2, "Coverage"},
                                   {"par30", ColumnType::percent, "", 2, "PAR30"},
                                   {"as_of", ColumnType::date, "", 2, "As of"}});
  banks.add_row({std::string("Wing <Bank> & Co"), std::int64_t{f.wing_loans}, Money(usd(), f.wing_outstanding_minor),
                 Ratio::percent(50), 0.0512, parse_date("2025-03-31")});
  banks.add_row({std::string("=HYPERLINK(\"x\")"), std::int64_t{66}, Money(usd(), f.boost_outstanding_minor),
                 Ratio::from_ppm(333'333), 0.25, parse_date("2025-03-31")});
  banks.add_row({std::string("Canadia (riel)"), std::int64_t{12}, Money(khr(), f.khr_outstanding_riel), Ratio::percent(70),
                 std::monostate{}, std::monostate{}});
  banks.set_note("Outstanding principal at the as-of date.");
  fund.blocks.push_back(banks);

  Section arrears;
  arrears.heading = "Arrears and aging";
  arrears.intro = "Loans past due, by bank and over time.";
  Chart par{"Portfolio at risk by month", ChartKind::line, {}, {}, {}, "Month", "% of outstanding"};
  par.y_format = ValueFormat::percent;
  for (int m = 1; m <= 15; ++m) par.categories.push_back(fmt::format("{}-{:02}", 2024 + (m - 1) / 12, (m - 1) % 12 + 1));
  Series p30{"PAR30", {}, ""}, p90{"PAR90", {}, ""};
  for (int m = 0; m < 15; ++m) p30.values.push_back(0.02 + 0.004 * m), p90.values.push_back(0.01 + 0.002 * m);
  par.series = {p30, p90};
  Chart aging{"Aging buckets by bank", ChartKind::stacked_bar, {"Wing", "Boost Capital", "SME Bank"}, {}, {}, "Bank",
              "Outstanding (USD)"};
  aging.y_format = ValueFormat::money;
  aging.series = {{"current", {120000, 40000, 60000}, "#2a9d8f"},
                  {"1-30", {8000, 3000, 2000}, "#e9c46a"},
                  {"31-90", {4000, 1500, 500}, "#e08a1e"},
                  {"90+", {2000, 900, 0}, "#c0392b"}};
  arrears.blocks.push_back(par);
  arrears.blocks.push_back(aging);

  Section sim;
  sim.heading = "Simulated claims";
  sim.intro = "Distribution of the fund's claims over 12 months.";
  Chart hist{"Claims distribution", ChartKind::histogram, {}, {}, {}, "Claims (USD)", "Share of scenarios"};
  hist.x_format = ValueFormat::money;
  hist.y_format = ValueFormat::percent;
  for (int i = 0; i <= 20; ++i) hist.bin_edges.push_back(i * 5000.0);
  Series h{"scenarios", {}, ""};
  for (int i = 0; i < 20; ++i) h.values.push_back(0.1 * std::exp(-0.25 * i));
  hist.series = {h};
  hist.markers = {{"VaR 99%", 71000}, {"ES 99%", 78500}};
  hist.note = "10,000 scenarios, seed 42.";
  Chart contrib{"Contribution to expected shortfall", ChartKind::bar, {"Wing", "Boost Capital"}, {}, {}, "",
                "USD"};
  contrib.y_format = ValueFormat::money;
  contrib.series = {{"ES 99%", {52000, 26500}, ""}};
  Chart nothing{"Exhaustion probability against capital", ChartKind::line, {}, {}, {}, "Capital (USD)", "Probability"};
  sim.blocks.push_back(hist);
  sim.blocks.push_back(contrib);
  sim.blocks.push_back(nothing);
  sim.blocks.push_back(Paragraph{"Figures carry Monte Carlo error; see the table."});
  Table empty("Claims paid", {{"loan", ColumnType::text}, {"claim", ColumnType::money, "USD"}});
  sim.blocks.push_back(empty);

  d.sections = {fund, arrears, sim};
  return d;
}

}  // namespace gfund::testing
