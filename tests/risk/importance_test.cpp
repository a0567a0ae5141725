// Importance sampling for the tail (engine/risk/importance.hpp): the weighted
// estimators on known samples, the shifted run against the Vasicek closed
// form and against plain Monte Carlo, its standard errors, and the same bytes
// on any thread count and SIMD path.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/risk/importance.hpp"
#include "engine/risk/normal.hpp"
#include "engine/risk/risk_stats.hpp"
#include "engine/risk/simulate.hpp"
#include "risk_test_books.hpp"
#include "support/test_support.hpp"

namespace gfund::risk {
namespace {

using namespace gfund::risk::testing;

TEST(WeightedEstimators, UnitWeightsGiveThePlainVarAndTheAcerbiTaschePointEs) {
  std::vector<double> x(10), w(10, 1.0);
  std::iota(x.begin(), x.end(), 1.0);
  std::reverse(x.begin(), x.end());  // order of the scenarios must not matter
  const Distribution d = summarize_weighted(x, w);
  std::vector<double> sorted(x.rbegin(), x.rend());
  for (const auto& t : d.tails) EXPECT_EQ(t.var.value, quantile_estimate(sorted, t.level).value) << t.level;
  // ES 75%: VaR 8, the tail of mass 2.5 out of 10 is 10, 9 and half of 8.
  const std::vector<double> one = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const auto tail = weighted_tail(one, w, 0.75);
  EXPECT_DOUBLE_EQ(std::accumulate(tail.begin(), tail.end(), 0.0), 2.5);
  EXPECT_DOUBLE_EQ(weighted_mean_over(one, tail).value, (10 + 9 + 0.5 * 8) / 2.5);
  const std::vector<unsigned char> hits = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(weighted_share(hits, w).value, 0.2);
  const std::vector<unsigned char> none(10, 0);
  EXPECT_EQ(weighted_share(none, w).value, 0.0);
  EXPECT_GT(weighted_share(none, w).hi, 0.2);  // Wilson's bound for 0 of 10, not [0, 0]
  EXPECT_DOUBLE_EQ(d.mean.value, 5.5);
}

TEST(WeightedEstimators, WeightsCarryTheTailMass) {
  // Half the samples at 0 weighing 1.8 each, half at 1 weighing 0.2: P(X = 1) = 0.1.
  std::vector<double> x, w;
  for (int i = 0; i < 1000; ++i) {
    x.push_back(i % 2);
    w.push_back(i % 2 ? 0.2 : 1.8);
  }
  const Distribution d = summarize_weighted(x, w);
  EXPECT_NEAR(d.mean.value, 0.1, 1e-12);
  for (const auto& t : d.tails) EXPECT_EQ(t.var.value, 1.0) << t.level;        // 0.95 and up: inside the 10% atom
  for (const auto& t : d.tails) EXPECT_NEAR(t.es.value, 1.0, 1e-12) << t.level;
  EXPECT_EQ(d.quantiles.front().second, 0.0);  // the 1% quantile
  // The tail-side VaR at 85%: P(X > 0) = 0.1 <= 15%, so VaR is 0.
  std::vector<double> t85 = weighted_tail(x, w, 0.85);
  EXPECT_NEAR(std::accumulate(t85.begin(), t85.end(), 0.0) / 1000, 0.15, 1e-12);
}

Book homogeneous_book(std::size_t loans) {
  Book book;
  book.as_of = date(2022, 6, 30);
  for (std::size_t i = 0; i < loans; ++i) book.loans.push_back(loan("L" + std::to_string(i), "WING", 10000, 24));
  return book;
}

// ES at level a of the Vasicek loss fraction, (1/(1-a)) int_a^1 q(u) du (midpoint rule in u).
double vasicek_es(double pd, double rho, double a) {
  const int steps = 200000;
  double s = 0;
  for (int i = 0; i < steps; ++i) {
    const double u = a + (1 - a) * (i + 0.5) / steps;
    s += norm_cdf((norm_quantile(pd) + std::sqrt(rho) * norm_quantile(u)) / std::sqrt(1 - rho));
  }
  return s / steps;
}

TEST(ImportanceSampling, LargeHomogeneousBookEsMatchesVasicekWithFarSmallerErrorThanPlain) {
  const double pd = 0.02, rho = 0.12;
  const std::size_t loans = 20000;
  const RiskModel m = one_factor_model(pd, rho, 1.0);
  const PreparedBook pb = prepare_book(homogeneous_book(loans), {}, m, usd());
  const ClaimsSetup setup = make_claims_setup(pb, {}, m, FundInputs{usd(), 0, {}, {}});
  const std::uint32_t n = 3000;
  SimulationOptions is{.seed = 5, .scenarios = n, .threads = 2};
  is.method = Method::importance;
  const OutcomeMatrix shifted = run_scenarios(pb, setup, is);
  const OutcomeMatrix plain = run_scenarios(pb, setup, {.seed = 5, .scenarios = n, .threads = 2});
  ASSERT_EQ(shifted.weights.size(), n);
  ASSERT_TRUE(plain.weights.empty());
  // The shift points down the economy (defaults come with low factor values).
  ASSERT_EQ(shifted.shift.size(), 1u);
  EXPECT_LT(shifted.shift[0], -2.0);
  const SimulationResult r = summarize(pb, setup, shifted, 5);
  const SimulationResult p = summarize(pb, setup, plain, 5);
  EXPECT_EQ(r.method, "importance");
  EXPECT_EQ(p.method, "plain");
  const double exposure = 10000.0 * loans;
  for (std::size_t t = 1; t < 4; ++t) {  // 99%, 99.5%, 99.9%
    const auto& es = r.entities.front().loss.tails[t].es;
    const double level = r.entities.front().loss.tails[t].level;
    const double closed = vasicek_es(pd, rho, level) * exposure;
    // 4 standard errors, plus the finite book's granularity (binomial noise
    // given the factor, which the closed form's infinite book has not): 1%.
    EXPECT_NEAR(es.value, closed, 4 * es.se + 0.01 * closed) << level;
    EXPECT_LT(es.se, 0.02 * closed) << level;
    // The plain run's error at the same scenario count is several times larger.
    EXPECT_GT(p.entities.front().loss.tails[t].es.se, 2 * es.se) << level;
  }
  // The weights average 1 (the sampling law's likelihood ratio).
  double w1 = 0, w2 = 0;
  for (double w : shifted.weights) {
    w1 += w;
    w2 += w * w;
  }
  const double mean = w1 / n, se = std::sqrt((w2 / n - mean * mean) / n);
  EXPECT_NEAR(mean, 1.0, 4 * se + 1e-3);
  EXPECT_LT(r.effective_scenarios, n);
  // The expected loss is still right under the weights: pd x exposure within 4 se.
  EXPECT_NEAR(r.entities.front().loss.mean.value, pd * exposure, 4 * r.entities.front().loss.mean.se);
}

TEST(ImportanceSampling, SameBytesOnOneAndTwoThreads) {
  const RiskModel m = one_factor_model(0.05, 0.15, 0.6);
  const PreparedBook pb = prepare_book(homogeneous_book(3000), {}, m, usd());
  const ClaimsSetup setup = make_claims_setup(pb, {}, m, FundInputs{usd(), 500000, {}, {}});
  SimulationOptions o{.seed = 11, .scenarios = 1500, .threads = 1};
  o.method = Method::importance;
  const OutcomeMatrix a = run_scenarios(pb, setup, o);
  o.threads = 2;
  const OutcomeMatrix b = run_scenarios(pb, setup, o);
  EXPECT_EQ(a.cells, b.cells);
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.shift, b.shift);
  // A shift is a pure function of (book, level, seed).
  EXPECT_EQ(tail_shift(pb, 0.999, 11).mu, tail_shift(pb, 0.999, 11).mu);
  EXPECT_NE(tail_shift(pb, 0.999, 11).mu, tail_shift(pb, 0.999, 12).mu);
}

TEST(ImportanceSampling, EulerContributionsAddUpToTheFundsTail) {
  Book book = homogeneous_book(2000);
  for (std::size_t i = 0; i < book.loans.size(); i += 2) book.loans[i].bank = "ACLEDA";
  RiskModel m = one_factor_model(0.05, 0.15, 0.5);
  m.factors.push_back({"bank:WING", LoanFilter{.bank = "WING"}, std::sqrt(0.08)});
  const std::vector<Agreement> agr = {agreement("A1", "WING", 50, std::nullopt, std::nullopt),
                                      agreement("A2", "ACLEDA", 70, std::nullopt, std::nullopt)};
  for (std::size_t i = 0; i < book.loans.size(); ++i) book.loans[i].agreement = book.loans[i].bank == "WING" ? "A1" : "A2";
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  const ClaimsSetup setup = make_claims_setup(pb, agr, m, FundInputs{usd(), 100000000, {}, {}});
  SimulationOptions o{.seed = 3, .scenarios = 2000, .threads = 2};
  o.method = Method::importance;
  const SimulationResult r = summarize(pb, setup, run_scenarios(pb, setup, o), 3);
  double banks = 0;
  for (const auto& e : r.entities)
    if (e.kind == EntityKind::bank) banks += e.es_contribution.value;
  const double fund = r.entities.front().es_contribution.value;
  EXPECT_NEAR(banks, fund, 1e-9 * fund);
  EXPECT_GT(fund, 0);
  ASSERT_EQ(r.factor_shift.size(), 2u);  // both factors, by their model names
}

TEST(ImportanceSampling, FixedFactorsAreNeverShifted) {
  RiskModel m = one_factor_model(0.05, 0.15, 0.6);
  m.factors.push_back({"bank:WING", LoanFilter{.bank = "WING"}, std::sqrt(0.08)});
  m.fixed_factors.push_back({"economy", -2.0});
  const PreparedBook pb = prepare_book(homogeneous_book(500), {}, m, usd());
  const TailShift s = tail_shift(pb, 0.99, 1);
  ASSERT_EQ(s.mu.size(), 2u);
  EXPECT_EQ(s.mu[0], 0.0);  // the fixed economy comes first in internal order
  EXPECT_LT(s.mu[1], 0.0);
  ScenarioDrawer d(pb);
  std::vector<double> bad = {0.5, -1.0};
  EXPECT_THROW(d.set_shift(bad), std::invalid_argument);
}

}  // namespace
}  // namespace gfund::risk
