// Sizing's risk measures are the risk engine's: the same numbers give the
// same VaR, ES and probability, with the same error, through either door.
#include <random>

#include <gtest/gtest.h>

#include "engine/risk/risk_stats.hpp"
#include "engine/sizing/measures.hpp"

namespace gfund::sizing {
namespace {

TEST(Measures, AreTheRiskEnginesEstimators) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> claims(10.0, 1.2);
  std::vector<std::int64_t> v(5000);
  for (auto& x : v) x = static_cast<std::int64_t>(claims(rng));
  const std::vector<double> d(v.begin(), v.end());
  const risk::Distribution r = risk::summarize_distribution(d);
  for (const auto& t : r.tails) {
    const Estimate var = quantile(v, t.level), es = expected_shortfall(v, t.level);
    EXPECT_EQ(var.value, t.var.value) << t.level;
    EXPECT_EQ(var.lo, t.var.lo) << t.level;
    EXPECT_EQ(var.hi, t.var.hi) << t.level;
    EXPECT_EQ(es.value, t.es.value) << t.level;
    EXPECT_EQ(es.se, t.es.se) << t.level;
    EXPECT_LT(es.lo, es.value);
    EXPECT_GT(es.hi, es.value);
  }
  EXPECT_EQ(mean_estimate(v).value, r.mean.value);
  EXPECT_EQ(mean_estimate(v).se, r.mean.se);
}

TEST(Measures, AProbabilityCarriesAWilsonInterval) {
  const std::vector<std::int64_t> none(1000, 5);
  const Estimate p0 = exceed_probability(none, 5);
  EXPECT_EQ(p0.value, 0.0);
  EXPECT_EQ(p0.lo, 0.0);
  EXPECT_GT(p0.hi, 0.0);  // zero hits in 1,000 is not certainty
  EXPECT_LT(p0.hi, 0.005);
  std::vector<std::int64_t> some(1000, 0);
  for (int i = 0; i < 30; ++i) some[static_cast<std::size_t>(i)] = 10;
  const Estimate p = exceed_probability(some, 5);
  EXPECT_DOUBLE_EQ(p.value, 0.03);
  EXPECT_NEAR(p.se, std::sqrt(0.03 * 0.97 / 1000), 1e-15);
  EXPECT_EQ(p.value, risk::probability_estimate(30, 1000).value);
  EXPECT_LT(p.lo, 0.03);
  EXPECT_GT(p.hi, 0.03);
}

}  // namespace
}  // namespace gfund::sizing
