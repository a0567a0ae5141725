// A case with a closed form: one homogeneous agreement in the Vasicek
// large-portfolio limit. With 100% coverage, LGD 100%, bullet loans (EAD =
// principal), one economy factor of loading sqrt(rho) and a one-year life,
// the fund's claims are the portfolio's default rate x its volume, whose
// q-quantile is (Vasicek 2002)
//   L_q = Phi((Phi^-1(PD) + sqrt(rho) Phi^-1(q)) / sqrt(1 - rho)).
// Required capital for P(exhaustion) <= 1% is then volume x L_0.99. The
// defaults are the risk engine's (draw_defaults_risk).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "engine/risk/normal.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/sizing.hpp"
#include "sizing/sizing_fixtures.hpp"

namespace gfund::sizing {
namespace {

double vasicek_quantile(double pd, double rho, double q) {
  using risk::norm_cdf, risk::norm_quantile;
  return norm_cdf((norm_quantile(pd) + std::sqrt(rho) * norm_quantile(q)) / std::sqrt(1 - rho));
}

// The homogeneous book both tests size: `loans` bullet loans of 1,000.00,
// one agreement at 100% coverage, LGD 100%, one economy factor of loading
// sqrt(rho), a one-year life all claimed within the 13-month horizon.
constexpr double kPd = 0.05, kRho = 0.12;
constexpr int kLoans = 10000;
constexpr std::int64_t kPrincipal = 100'000;

risk::RiskModel vasicek_model() {
  risk::RiskModel m = testing::one_factor_model(std::sqrt(kRho));
  m.pd_annual_default = kPd;
  m.lgd_mean = 1.0;
  m.horizon_months = 13;  // defaults in months 1..12 of the loans' life, all claimed within the horizon
  m.recovery_lag_months = 0;
  return m;
}

Portfolio vasicek_portfolio(const risk::RiskModel& m) {
  Book book;
  testing::add_loans(book, kLoans, "B", "A", kPrincipal, kPd, 12, ScheduleType::balloon, 1.0);
  book.as_of = parse_date("2025-01-31");
  PortfolioInput in{.book = &book, .agreements = {testing::make_agreement("A", "B", 100, Structure::pari_passu, 30)}};
  return build_portfolio(in, m);
}

TEST(Vasicek, RequiredCapitalMatchesTheLargePortfolioFormula) {
  const double pd = kPd, rho = kRho;
  const int loans = kLoans, scenarios = 4000;
  const std::int64_t principal = kPrincipal;
  const risk::RiskModel m = vasicek_model();
  auto p = vasicek_portfolio(m);
  auto d = draw_defaults_risk(p, m, Shocks{}, {.scenarios = scenarios, .seed = 2024});
  auto run = aggregate_claims(p, d, base_candidate(p));
  auto ans = size_capital(run, Target{TargetKind::exhaustion, 0.01});

  const double volume = static_cast<double>(loans) * static_cast<double>(principal);
  const double formula = volume * vasicek_quantile(pd, rho, 0.99);
  std::printf("vasicek: simulated capital %.0f [%.0f, %.0f] minor, formula %.0f\n", ans.capital_minor.value,
              ans.capital_minor.lo, ans.capital_minor.hi, formula);
  // Tolerance: the empirical 99% quantile of the factor over 4,000
  // scenarios has a standard error of sqrt(0.99 x 0.01 / 4000) / phi(2.326)
  // = 0.059, which moves L_0.99 = 18.6% by 3.1% of itself; 10,000 loans add
  // binomial granularity of sqrt(L (1 - L) / 10000) = 2.1% of L. Combined
  // 3.8%: 8% is more than two standard errors.
  EXPECT_NEAR(ans.capital_minor.value, formula, 0.08 * formula);
  // Expected claims: volume x PD exactly in expectation (LGD 1, coverage 1).
  auto s = summarize(run, static_cast<std::int64_t>(formula), Target{});
  EXPECT_NEAR(s.expected_net_minor.value, volume * pd, 4 * (s.expected_net_minor.hi - s.expected_net_minor.value));
  // And the exhaustion probability at the formula's capital is about 1%:
  // binomial sd sqrt(0.01 x 0.99 / 4000) = 0.16 points, and granularity
  // lifts the finite book's true value by about 0.1 point; 0.6 covers both.
  EXPECT_NEAR(s.exhaustion_probability.value, 0.01, 0.006);
}

// The same book sized for its far tail with importance sampling: capital
// for P(exhaustion) <= 0.1% and for ES 99.9%, against the closed forms, from
// 2,000 weighted scenarios (plain Monte Carlo would see two in that tail).
TEST(Vasicek, ImportanceSamplingSizesTheFarTailAgainstTheFormula) {
  const double pd = kPd, rho = kRho;
  const int loans = kLoans;
  const std::int64_t principal = kPrincipal;
  const risk::RiskModel m = vasicek_model();
  auto p = vasicek_portfolio(m);
  DrawOptions o{.scenarios = 2000, .seed = 2024};
  o.importance = true;
  o.tail_level = 0.999;
  auto d = draw_defaults_risk(p, m, Shocks{}, o);
  ASSERT_EQ(d.weights.size(), 2000u);
  auto run = aggregate_claims(p, d, base_candidate(p));
  const double volume = static_cast<double>(loans) * static_cast<double>(principal);
  // P(exhaustion) <= 0.1%: the 99.9% quantile, within 4 of its standard
  // errors plus 3% for the 10,000 loans' granularity (see above).
  const auto var = size_capital(run, Target{TargetKind::exhaustion, 0.001});
  const double q999 = volume * vasicek_quantile(pd, rho, 0.999);
  EXPECT_NEAR(var.capital_minor.value, q999, 4 * var.capital_minor.se + 0.03 * q999);
  EXPECT_LT(var.capital_minor.se, 0.02 * q999);
  // ES 99.9%: the mean of L_u over u in (0.999, 1).
  double es = 0;
  for (int i = 0; i < 20000; ++i) es += vasicek_quantile(pd, rho, 0.999 + 0.001 * (i + 0.5) / 20000);
  es = volume * es / 20000;
  const auto esa = size_capital(run, Target{TargetKind::es, 0.999});
  EXPECT_NEAR(esa.capital_minor.value, es, 4 * esa.capital_minor.se + 0.03 * es);
  EXPECT_LT(esa.capital_minor.se, 0.02 * es);
  // The weighted exhaustion probability at that capital is near 0.1%.
  const auto s = summarize(run, static_cast<std::int64_t>(q999), Target{});
  EXPECT_NEAR(s.exhaustion_probability.value, 0.001, 4 * s.exhaustion_probability.se + 0.0004);
}

}  // namespace
}  // namespace gfund::sizing
