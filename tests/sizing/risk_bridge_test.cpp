// Sizing on the risk engine's draws: the fee base prices the PD the engine
// simulates, shocks move the answers the right way, and sizing's claims are
// the risk engine's claims on the same defaults (the closed form:
// vasicek_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "engine/risk/claims.hpp"
#include "engine/risk/prepared_book.hpp"
#include "engine/risk/simulate.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/sizing.hpp"
#include "sizing/sizing_fixtures.hpp"

namespace gfund::sizing {
namespace {

risk::RiskModel one_factor(double pd, double rho, int horizon, double lgd) {
  risk::RiskModel m;
  m.name = "test";
  m.horizon_months = horizon;
  m.pd_annual_default = pd;
  m.lgd_mean = lgd;
  m.recovery_lag_months = 0;
  m.factors.push_back({"economy", {}, std::sqrt(rho)});
  return m;
}

// Issue 12: one PD rule. Each exposure's PD and LGD for the fee base come
// from the risk model by the engine's own rule (the loan's own column, else
// the first matching segment; x the past-due multiplier for a loan behind),
// and equal what risk::prepare_book compiles for the same loan.
TEST(RiskBridge, FeeBasePdComesFromTheRiskModel) {
  auto model = one_factor(0.07, 0.09, 24, 0.55);
  model.pd_segments = {{{.bank = "BOOST", .association = "CWEA"}, 0.15},
                       {{.bank = "BOOST"}, 0.11},
                       {{.sector = "retail"}, 0.09}};
  model.lgd_segments = {{{.bank = "BOOST"}, 0.7}, {{.currency = "KHR"}, 0.5}};
  model.past_due_pd_multiplier = 2.5;
  Book book;
  testing::add_loans(book, 2, "WING", "WING-1", 150'000, 0.08, 18);  // own PD and LGD: they win
  testing::add_loans(book, 3, "BOOST", "BOOST-1", 200'000, 0, 12, ScheduleType::flat, 0, "CWEA", "retail");
  testing::add_loans(book, 2, "BOOST", "BOOST-1", 200'000, 0, 12, ScheduleType::flat, 0, "", "retail");
  testing::add_loans(book, 2, "WING", "WING-1", 150'000, 0, 12, ScheduleType::annuity, 0, "", "retail");
  testing::add_loans(book, 3, "WING", "WING-1", 150'000, 0, 12);  // food: no segment
  for (std::size_t i = 2; i < book.loans.size(); ++i) {
    book.loans[i].pd_annual.reset();
    book.loans[i].lgd.reset();
  }
  book.loans[3].days_past_due = 30;  // behind, not yet claimable (trigger 90)
  book.loans[11].currency = khr();
  book.loans[11].outstanding_minor = 6'000'000;
  book.as_of = parse_date("2025-01-31");
  Plan plan;
  plan.file = "plan";
  plan.lines.push_back({.bank = "BOOST", .association = "CWEA", .agreement = "BOOST-1", .sector = "retail",
                        .currency = usd(), .months = 2, .loans_per_month = 2, .size_mean_minor = 100'000});
  PortfolioInput in{.book = &book,
                    .agreements = {testing::make_agreement("WING-1", "WING", 50),
                                   testing::make_agreement("BOOST-1", "BOOST", 70)},
                    .plan = &plan};
  const auto p = build_portfolio(in, model);
  ASSERT_EQ(p.exposures.size(), book.loans.size() + 4);

  // By hand, from the segments above (first match wins).
  auto expected = [](const BookLoan& l) -> std::pair<double, double> {
    if (l.pd_annual) return {*l.pd_annual, *l.lgd};
    double pd = l.bank == "BOOST" ? (l.association == "CWEA" ? 0.15 : 0.11) : l.sector == "retail" ? 0.09 : 0.07;
    if (l.days_past_due > 0) pd *= 2.5;
    return {pd, l.bank == "BOOST" ? 0.7 : l.currency == khr() ? 0.5 : 0.55};
  };
  for (std::size_t i = 0; i < p.exposures.size(); ++i) {
    const BookLoan& l = p.loans.loans[i];
    const auto [pd, lgd] = expected(l);
    EXPECT_DOUBLE_EQ(p.exposures[i].pd_annual, pd) << l.loan;
    EXPECT_DOUBLE_EQ(p.exposures[i].lgd, lgd) << l.loan;
    if (!l.pd_annual && l.days_past_due == 0) {  // the engine's own lookup, exactly
      EXPECT_EQ(p.exposures[i].pd_annual,
                risk::segment_pd_annual(model, l.bank, l.association, l.sector, l.currency.code_view()))
          << l.loan;
    }
  }
  EXPECT_DOUBLE_EQ(p.exposures[3].pd_annual, 0.375);  // 15% x 2.5

  // The engine compiled every loan to the same PD and LGD, bit for bit.
  const auto pb = risk::prepare_book(p.loans, p.agreements, model, p.currency, p.start_months);
  std::size_t seen = 0;
  for (const auto& run : pb.runs)
    for (auto k = run.begin; k < run.end; ++k, ++seen) {
      const auto i = pb.loan_book_index[k];
      EXPECT_EQ(pb.loans[k].pd_annual, p.exposures[i].pd_annual) << p.loans.loans[i].loan;
      EXPECT_EQ(pb.loans[k].lgd_ppm, static_cast<std::uint32_t>(std::lround(p.exposures[i].lgd * 1e6)))
          << p.loans.loans[i].loan;
    }
  EXPECT_EQ(seen, p.exposures.size());
}

TEST(RiskBridge, ShocksRaiseClaimsAndTheMoratoriumDelaysThem) {
  auto model = one_factor(0.08, 0.09, 24, 0.6);
  auto p = testing::two_bank_portfolio(model);
  const DrawOptions o{.scenarios = 1500, .seed = 3};
  auto claims = [&](const Shocks& s) {
    return aggregate_claims(p, draw_defaults_risk(p, model, s, o), base_candidate(p));
  };
  auto base = claims(Shocks{});
  Shocks worse;
  worse.pd_multiplier = 2.0;
  EXPECT_GT(mean(claims(worse).net), 1.5 * mean(base.net));
  Shocks recession;
  recession.economy_factor = -2.0;
  EXPECT_GT(mean(claims(recession).net), 1.5 * mean(base.net));
  Shocks lgd;
  lgd.lgd_shift = 0.2;
  EXPECT_GT(mean(claims(lgd).net), mean(base.net));
  // A moratorium from month 1 for 6 months: no default is recognised (so no
  // claim) inside it; the risk engine extends lives and pauses amortisation.
  Shocks pause;
  pause.moratorium_months = 6;
  auto paused = draw_defaults_risk(p, model, pause, o);
  std::size_t inside = 0;
  for (const auto& e : paused.events) inside += e.claim_month >= 1 && e.claim_month <= 6;
  EXPECT_EQ(inside, 0u);
  EXPECT_GT(paused.events.size(), 0u);
  Shocks none;
  none.name = "no economy";
  none.economy_factor = 1.0;
  auto no_econ = model;
  no_econ.factors.clear();
  EXPECT_THROW(draw_defaults_risk(p, no_econ, none, o), DataError);
}


TEST(RiskBridge, ClaimsAndExhaustionAgreeWithTheRiskEnginesAggregation) {
  // The same recorded defaults aggregated two ways: the risk engine's claims
  // with a capital (paid in time order, cut when the balance runs out), and
  // sizing's capital-free path (exhausted iff its peak exceeds the capital).
  auto model = one_factor(0.10, 0.09, 24, 0.6);
  model.recovery_lag_months = 6;
  auto p = testing::two_bank_portfolio(model);
  Book book = p.loans;
  const auto pb = risk::prepare_book(book, p.agreements, model, p.currency, p.start_months);
  const risk::DefaultSet set = risk::record_defaults(pb, {.seed = 5, .scenarios = 1500, .threads = 1});
  const auto mine = aggregate_claims(p, draw_defaults_risk(p, model, Shocks{}, {.scenarios = 1500, .seed = 5}),
                                     base_candidate(p));
  auto theirs = [&](std::int64_t capital) {
    risk::FundInputs fund;
    fund.currency = p.currency;
    fund.capital_minor = capital;
    return risk::aggregate_claims(pb, set, risk::make_claims_setup(pb, p.agreements, model, fund), 1);
  };
  // Unlimited capital: the same gross and net claims, scenario by scenario.
  const auto all = theirs(std::int64_t{1} << 50);
  for (std::size_t s = 0; s < 1500; ++s) {
    ASSERT_EQ(all.at(s, risk::OutcomeLayout::kClaimsGross), mine.gross[s]) << s;
    ASSERT_EQ(all.at(s, risk::OutcomeLayout::kClaimsNet), mine.net[s]) << s;
  }
  // Capitals around the required one: the same scenarios exhaust.
  const auto need = static_cast<std::int64_t>(size_capital(mine, Target{}).capital_minor.value);
  for (std::int64_t c : {need / 4, need / 2, need - 1, need, need + need / 3}) {
    const auto om = theirs(c);
    int exhausted = 0;
    for (std::size_t s = 0; s < 1500; ++s) {
      const bool risk_exhausted = om.at(s, risk::OutcomeLayout::kExhaustMonth) != 0;
      ASSERT_EQ(risk_exhausted, mine.peak[s] > c) << "capital " << c << " scenario " << s;
      exhausted += risk_exhausted;
    }
    if (c == need) {
      EXPECT_LE(exhausted, 15);  // <= 1% of 1,500
    }
    if (c == need / 4) {
      EXPECT_GT(exhausted, 15);
    }
  }
}

// Issue 12: a book of USD and KHR loans is sized as it is simulated. The
// same recorded defaults give the same claims, scenario by scenario, through
// sizing's re-aggregation and the risk engine's (both convert the caps with
// models/fx.hpp and take each default's exposure from the engine).
TEST(RiskBridge, UsdAndKhrBookSizedAsSimulated) {
  auto model = one_factor(0.10, 0.09, 24, 0.6);
  model.recovery_lag_months = 6;
  model.fx_per_fund_unit = {{"KHR", 4100.0}};
  Book book;
  testing::add_loans(book, 200, "WING", "WING-1", 150'000, 0.08, 18);
  const std::size_t first_khr = book.loans.size();
  testing::add_loans(book, 150, "BOOST", "BOOST-1", 6'000'000, 0.12, 12, ScheduleType::flat, 0.7, "CWEA", "retail");
  for (std::size_t i = first_khr; i < book.loans.size(); ++i) book.loans[i].currency = khr();
  book.as_of = parse_date("2025-01-31");
  GuaranteeTermsData capped;
  capped.coverage = Ratio::percent(70);
  capped.per_loan_cap = Money(usd(), 50'000);     // 500.00 USD on a loan of about 1,463 USD
  capped.portfolio_cap = Money(usd(), 2'000'000);  // 20,000.00 USD in all
  PortfolioInput in{.book = &book,
                    .agreements = {testing::make_agreement("WING-1", "WING", 50),
                                   Agreement(AgreementData{"BOOST-1", "BOOST", usd(), GuaranteeTerms(capped)})}};
  const auto p = build_portfolio(in, model);
  const auto pb = risk::prepare_book(p.loans, p.agreements, model, p.currency, p.start_months);
  const risk::DefaultSet set = risk::record_defaults(pb, {.seed = 9, .scenarios = 1000, .threads = 1});
  const auto sized = aggregate_claims(p, draw_defaults_risk(p, model, Shocks{}, {.scenarios = 1000, .seed = 9}),
                                      base_candidate(p));
  risk::FundInputs fund;
  fund.currency = p.currency;
  fund.capital_minor = std::int64_t{1} << 50;
  const auto simulated = risk::aggregate_claims(pb, set, risk::make_claims_setup(pb, p.agreements, model, fund), 1);
  std::int64_t khr_claims = 0;
  for (std::size_t s = 0; s < 1000; ++s) {
    ASSERT_EQ(simulated.at(s, risk::OutcomeLayout::kClaimsGross), sized.gross[s]) << s;
    ASSERT_EQ(simulated.at(s, risk::OutcomeLayout::kClaimsNet), sized.net[s]) << s;
    khr_claims += sized.agreement_net[s * 2 + 1];
  }
  EXPECT_GT(khr_claims, 0);  // the riel loans did claim
}

}  // namespace
}  // namespace gfund::sizing
