// Core of sizing on the risk engine's draws: common random numbers, claim
// rules, and the monotonicity every solver relies on.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/sizing/claims.hpp"
#include "engine/sizing/default_draws.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/sizing.hpp"
#include "sizing/sizing_fixtures.hpp"

namespace gfund::sizing {
namespace {

using testing::one_factor_model;
using testing::two_bank_portfolio;

DefaultDraws draw(const Portfolio& p, const risk::RiskModel& m, const DrawOptions& o) {
  return draw_defaults_risk(p, m, Shocks{}, o);
}

TEST(DefaultDraws, SameSeedSameDrawsWhateverTheThreads) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto a = draw(p, m, {.scenarios = 500, .seed = 7, .threads = 1});
  auto b = draw(p, m, {.scenarios = 500, .seed = 7, .threads = 2});
  ASSERT_GT(a.events.size(), 0u);
  ASSERT_EQ(a.offsets, b.offsets);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].exposure, b.events[i].exposure);
    EXPECT_EQ(a.events[i].claim_month, b.events[i].claim_month);
    EXPECT_EQ(a.events[i].ead_minor, b.events[i].ead_minor);
    EXPECT_EQ(a.events[i].recovery_minor, b.events[i].recovery_minor);
  }
  EXPECT_EQ(a.economy_factor, b.economy_factor);  // bit for bit, as every double above
  auto c = draw(p, m, {.scenarios = 500, .seed = 8, .threads = 2});
  EXPECT_NE(a.offsets, c.offsets);  // another seed, other draws
  EXPECT_NE(a.economy_factor, c.economy_factor);
}

TEST(DefaultDraws, DefaultRateMatchesPd) {
  // No factor: each loan defaults within 12 months with probability pd,
  // independently of the others.
  risk::RiskModel m;
  m.horizon_months = 12;
  Book book;
  testing::add_loans(book, 1000, "B", "A", 100'000, 0.10, 12, ScheduleType::balloon);
  PortfolioInput in{.book = &book, .agreements = {testing::make_agreement("A", "B", 50)}};
  auto p = build_portfolio(in, m);
  auto d = draw(p, m, {.scenarios = 400, .seed = 3});
  const double rate = static_cast<double>(d.events.size()) / (1000.0 * 400);
  EXPECT_NEAR(rate, 0.10, 4 * std::sqrt(0.1 * 0.9 / 400000));
}

TEST(Claims, FundPlusBankIsLossAndCapsHold) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 300, .seed = 11});
  Candidate c = base_candidate(p);
  c.terms[0].per_loan_cap = Money(usd(), 50'000);
  c.terms[1].portfolio_cap = Money(usd(), 300'000);
  auto run = aggregate_claims(p, d, c);
  for (int s = 0; s < run.scenarios; ++s) {
    EXPECT_LE(run.agreement_net[static_cast<std::size_t>(s) * 2 + 1], 300'000);
    EXPECT_GE(run.net[static_cast<std::size_t>(s)], 0);
    EXPECT_LE(run.net[static_cast<std::size_t>(s)], run.gross[static_cast<std::size_t>(s)]);
    EXPECT_GE(run.peak[static_cast<std::size_t>(s)], 0);
  }
  // Per-loan cap: WING's claims are at most 500.00 a defaulted loan.
  for (int s = 0; s < run.scenarios; ++s) {
    std::int64_t n_wing = 0;
    for (auto k = d.offsets[static_cast<std::size_t>(s)]; k < d.offsets[static_cast<std::size_t>(s) + 1]; ++k)
      n_wing += p.exposures[static_cast<std::size_t>(d.events[static_cast<std::size_t>(k)].exposure)].agreement == 0;
    EXPECT_LE(run.agreement_net[static_cast<std::size_t>(s) * 2], n_wing * 50'000);
  }
}

TEST(Monotone, MoreCapitalNeverRaisesExhaustion) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 2000, .seed = 5});
  auto run = aggregate_claims(p, d, base_candidate(p));
  double last = 1.0;
  bool moved = false;
  for (std::int64_t cap = 0; cap <= 10'000'000; cap += 250'000) {
    double pe = exceed_probability(run.peak, cap).value;
    EXPECT_LE(pe, last);
    moved = moved || pe < last;
    last = pe;
  }
  EXPECT_TRUE(moved);
  EXPECT_LT(last, 0.01);
}

TEST(Monotone, MoreCoverageNeverLowersClaimsInAnyScenario) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 1000, .seed = 9});
  Candidate c = base_candidate(p);
  c.terms[1].portfolio_cap_rate = Ratio::percent(15);  // with a cap binding sometimes
  std::vector<std::int64_t> prev(1000, 0);
  for (int pct = 10; pct <= 100; pct += 10) {
    for (auto& t : c.terms) t.coverage = Ratio::percent(pct);
    auto run = aggregate_claims(p, d, c);
    for (std::size_t s = 0; s < prev.size(); ++s) {
      EXPECT_GE(run.gross[s], prev[s]) << "coverage " << pct << "% scenario " << s;
      prev[s] = run.gross[s];
    }
  }
}

TEST(Sizing, CapitalAnswerMeetsTargetAndOneUnitLessDoesNot) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 2000, .seed = 21});
  auto run = aggregate_claims(p, d, base_candidate(p));
  Target t;  // P(exhaustion) <= 1%
  auto a = size_capital(run, t);
  const auto c = static_cast<std::int64_t>(a.capital_minor.value);
  EXPECT_TRUE(meets_target(run, c, t));
  EXPECT_FALSE(meets_target(run, c - 1, t));
  EXPECT_LE(a.capital_minor.lo, a.capital_minor.value);
  EXPECT_GE(a.capital_minor.hi, a.capital_minor.value);
  EXPECT_LT(a.capital_minor.lo, a.capital_minor.hi);
}

TEST(Sizing, CoverageAnswerIsTheBoundary) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 1500, .seed = 4});
  Candidate base = base_candidate(p);
  Target t;
  const auto capital = static_cast<std::int64_t>(size_capital(aggregate_claims(p, d, base), t).capital_minor.value);
  auto ans = size_coverage(p, d, base, capital, t, "all");
  ASSERT_FALSE(ans.full);
  ASSERT_FALSE(ans.none);
  auto with = [&](double cov) {
    Candidate c = base;
    for (auto& x : c.terms) x.coverage = Ratio{std::llround(cov * Ratio::kOne)};
    return meets_target(aggregate_claims(p, d, c), capital, t);
  };
  EXPECT_TRUE(with(ans.coverage));
  EXPECT_FALSE(with(ans.coverage + 0.002));
  EXPECT_LE(ans.low, ans.coverage);
  EXPECT_GE(ans.high, ans.coverage);
  // The capital was sized for the current terms (50% / 70%), so a common
  // ratio lands between them.
  EXPECT_GT(ans.coverage, 0.45);
  EXPECT_LT(ans.coverage, 0.75);
  // Per bank: the other bank fixed, WING alone can go higher than the common ratio.
  auto wing = size_coverage(p, d, base, capital, t, "WING");
  EXPECT_GE(wing.coverage, 0.5 - 0.002);
}

TEST(Sizing, AllocationAddsUpToCapitalAndEs) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 1000, .seed = 2});
  Candidate c = base_candidate(p);
  auto run = aggregate_claims(p, d, c);
  auto rows = allocate_capital(p, run, c, 1'234'567);
  std::int64_t cap = 0;
  double share = 0, es_parts = 0;
  for (const auto& r : rows)
    if (r.kind == "agreement") {
      cap += r.capital_minor;
      share += r.capital_share;
      es_parts += r.es_contribution_minor;
    }
  EXPECT_EQ(cap, 1'234'567);
  EXPECT_NEAR(share, 1.0, 1e-9);
  EXPECT_NEAR(es_parts, expected_shortfall(run.net, 0.99).value, 1e-6 * es_parts);
}

TEST(Sizing, BreakEvenFeeCoversExpectedClaims) {
  const auto m = one_factor_model();
  auto p = two_bank_portfolio(m);
  auto d = draw(p, m, {.scenarios = 1000, .seed = 2});
  Candidate c = base_candidate(p);
  auto run = aggregate_claims(p, d, c);
  auto fees = break_even_fees(p, run, c, 0.2);
  ASSERT_EQ(fees.size(), 2u);
  for (const auto& f : fees) {
    EXPECT_GT(f.break_even_fee, 0);
    // fee x guaranteed outstanding-years = expected claims x 1.2
    EXPECT_NEAR(f.break_even_fee * f.guaranteed_years_minor, 1.2 * f.expected_net_minor, 1e-6 * f.expected_net_minor);
    EXPECT_LE(f.break_even_low, f.break_even_fee);
    EXPECT_GE(f.break_even_high, f.break_even_fee);
  }
  // BOOST: higher PD, coverage and LGD: the dearer guarantee.
  EXPECT_GT(fees[1].break_even_fee, fees[0].break_even_fee);
}

}  // namespace
}  // namespace gfund::sizing
