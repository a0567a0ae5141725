// Simulation views on a hand-built engine result: the figures are the
// engine's (converted to major units once), the charts carry the markers.
#include <gtest/gtest.h>

#include <numeric>

#include "reports/html_report.hpp"
#include "reports/simulation_views.hpp"

namespace gfund::reports {
namespace {

risk::Distribution distribution(double scale) {
  risk::Distribution d;
  d.mean = {10'000 * scale, 50 * scale};
  d.sd = 4'000 * scale;
  for (double lvl : risk::kTailLevels) d.tails.push_back({lvl, {30'000 * scale * lvl, 510 * scale, 29'000 * scale, 31'000 * scale}, {36'000 * scale * lvl, 300 * scale}});
  double v = 1'000 * scale;
  for (double p : risk::kQuantileLevels) d.quantiles.emplace_back(p, v += 2'500 * scale);
  d.quantiles.emplace_back(1.0, 60'000 * scale);
  return d;
}

risk::SimulationResult sample_result() {
  risk::SimulationResult r;
  r.model_name = "demo";
  r.as_of = parse_date("2025-03-31");
  r.horizon_months = 12;
  r.seed = 42;
  r.scenarios = 10'000;
  r.currency = usd();
  r.capital_minor = 5'000'000;
  r.exhaustion_probability = {0.0234, 0.0015};
  r.exhaustion_month_probability = std::vector<double>(12, 0.0234 / 12);
  risk::EntityResult fund{risk::EntityKind::fund, "", 152, 26'300'000, distribution(100), distribution(50), distribution(50), {}};
  r.entities.push_back(fund);
  const double es99 = fund.claims.tails[1].es.value;
  r.entities.push_back({risk::EntityKind::bank, "BOOST", 60, 10'000'000, distribution(40), distribution(20), distribution(20),
                        {es99 * 0.4, 1000}});
  r.entities.push_back({risk::EntityKind::bank, "WING", 92, 16'300'000, distribution(60), distribution(30), distribution(30),
                        {es99 * 0.6, 1200}});
  r.entities.push_back({risk::EntityKind::association, "CWEA", 40, 5'000'000, distribution(10), distribution(5),
                        distribution(5), {es99 * 0.25, 500}});
  return r;
}

const Table& table_in(const Section& s, const std::string& title) {
  for (const auto& b : s.blocks)
    if (const auto* t = std::get_if<Table>(&b); t && t->title() == title) return *t;
  throw std::runtime_error("no table " + title);
}

TEST(SimulationViews, FundFiguresInMajorUnitsWithErrors) {
  auto r = sample_result();
  auto secs = simulation_sections(r);
  ASSERT_EQ(secs.size(), 3u);
  const auto& t = table_in(secs[0], "Fund: loss, claims and what is left to the banks");
  const auto& f = r.entities[0];
  EXPECT_EQ(std::get<std::string>(t.at(0, "measure")), "Expected");
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(0, "claims")), f.claims.mean.value / 100);
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(0, "claims_error")), 1.96 * f.claims.mean.se / 100);
  EXPECT_EQ(std::get<std::string>(t.at(4, "measure")), "VaR 99%");
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(4, "claims")), f.claims.tails[1].var.value / 100);
  EXPECT_EQ(std::get<std::string>(t.at(7, "measure")), "ES 99.5%");
  EXPECT_DOUBLE_EQ(std::get<double>(t.at(7, "claims_error")), 1.96 * f.claims.tails[2].es.se / 100);
  EXPECT_EQ(t.columns()[2].unit, "USD");
  const auto& kpis = std::get<std::vector<Kpi>>(secs[0].blocks[0]);
  EXPECT_TRUE(kpis.back().alert);  // 2.34% > the 1% target
}

TEST(SimulationViews, HistogramIsADistributionWithVarAndEsMarked) {
  auto r = sample_result();
  const auto& d = r.entities[0].claims;
  Chart h = distribution_histogram(d, usd(), "Claims", "Claims (USD)");
  validate(h);
  double total = std::accumulate(h.series[0].values.begin(), h.series[0].values.end(), 0.0);
  EXPECT_NEAR(total, 1.0, 1e-12);
  ASSERT_EQ(h.markers.size(), 3u);
  EXPECT_EQ(h.markers[1].label, "VaR 99%");
  EXPECT_DOUBLE_EQ(h.markers[1].x, d.tails[1].var.value / 100);
  EXPECT_DOUBLE_EQ(h.markers[2].x, d.tails[1].es.value / 100);
  // The bins reach past the 99.9% quantile and the ES.
  EXPECT_GE(h.bin_edges.back(), d.tails[1].es.value / 100);
  // Mass below the median quantile is half (within one bin's interpolation).
  double median = 0;
  for (auto [p, v] : d.quantiles)
    if (p == 0.5) median = v / 100;
  double below = 0;
  for (std::size_t i = 0; i + 1 < h.bin_edges.size(); ++i)
    if (h.bin_edges[i + 1] <= median) below += h.series[0].values[i];
  EXPECT_LE(below, 0.5 + 1e-12);
  EXPECT_GT(below, 0.3);
}

TEST(SimulationViews, ContributionsByBankShareTheFundEs) {
  auto r = sample_result();
  auto secs = simulation_sections(r);
  const auto& t = table_in(secs[1], "By bank");
  ASSERT_EQ(t.rows().size(), 2u);
  double shares = std::get<double>(t.at(0, "es_share")) + std::get<double>(t.at(1, "es_share"));
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_EQ(std::get<std::string>(t.at(1, "id")), "WING");
  const auto& chart = std::get<Chart>(secs[1].blocks[0]);
  EXPECT_EQ(chart.categories, (std::vector<std::string>{"BOOST", "WING"}));
  EXPECT_DOUBLE_EQ(chart.series[0].values[1], r.entities[2].es_contribution.value / 100);
}

}  // namespace
}  // namespace gfund::reports
