// Invariants of the engine: determinism across thread counts, caps and
// capital never exceeded, parts adding up to wholes, common random numbers,
// monotonicity, and the stress hooks doing what they say.
#include <algorithm>
#include <numeric>

#include <gtest/gtest.h>

#include "engine/risk/simulate.hpp"
#include "fixtures/generator/book_generator.hpp"
#include "models/errors.hpp"
#include "risk_test_books.hpp"

namespace gfund::risk {
namespace {

using namespace gfund::risk::testing;

std::vector<Agreement> demo_like_agreements(std::int64_t cap_scale) {
  return {agreement("WING-2019", "WING", 50, 2500'00, 400'00 * cap_scale),
          agreement("BOOST-2019", "BOOST", 80, 2000'00, 350'00 * cap_scale),
          agreement("SMEB-CWEA", "SMEB", 70, 3000'00, std::nullopt),
          agreement("CNB-YEAC", "CNB", 100, 3000'00, 200'00 * cap_scale, Structure::first_loss)};
}

RiskModel demo_like_model() {
  RiskModel m;
  m.name = "props";
  m.pd_annual_default = 0.08;
  m.lgd_kind = LgdKind::beta;
  m.lgd_mean = 0.6;
  m.lgd_sd = 0.2;
  m.recovery_lag_months = 12;
  m.factors = {{"economy", {}, 0.35}, {"bank:WING", {.bank = "WING"}, 0.25}, {"khr", {.currency = "KHR"}, 0.2}};
  return m;
}

Book generated(std::size_t n, std::uint64_t seed) {
  fixtures::BookGeneratorOptions o;
  o.loans = n;
  o.seed = seed;
  return fixtures::generate_book(o);
}

TEST(Properties, OneAndTwoThreadsGiveIdenticalOutcomes) {
  const Book book = generated(3000, 2);
  const auto agr = demo_like_agreements(10);
  const RiskModel m = demo_like_model();
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  const ClaimsSetup cs = make_claims_setup(pb, agr, m, {usd(), 60'000'00, {}, {}});
  const auto a = run_scenarios(pb, cs, {.seed = 77, .scenarios = 2000, .threads = 1});
  const auto b = run_scenarios(pb, cs, {.seed = 77, .scenarios = 2000, .threads = 2});
  EXPECT_EQ(a.cells, b.cells);
  const auto c = run_scenarios(pb, cs, {.seed = 78, .scenarios = 2000, .threads = 2});
  EXPECT_NE(a.cells, c.cells);
}

TEST(Properties, ClaimsNeverExceedCapsOrCapitalAndPartsAddUp) {
  const Book book = generated(4000, 3);
  const auto agr = demo_like_agreements(1);  // tight cumulative caps
  const RiskModel m = demo_like_model();
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  const std::int64_t capital = 40'000'00;
  const ClaimsSetup cs = make_claims_setup(pb, agr, m, {usd(), capital, {{"WING-2019", 100'00}}, {}});
  EXPECT_EQ(cs.rules[0].portfolio_room_minor, 400'00 - 100'00);  // claims already paid reduce the room
  const auto out = run_scenarios(pb, cs, {.seed = 4, .scenarios = 3000, .threads = 2});
  const auto& L = out.layout;
  std::size_t exhausted = 0, capped = 0;
  for (std::size_t s = 0; s < out.scenarios; ++s) {
    const std::int64_t* r = out.row(s);
    // Recoveries come back 12 months after default, after the horizon: the
    // fund can pay at most its capital.
    ASSERT_LE(r[OutcomeLayout::kClaimsGross], capital);
    ASSERT_LE(r[OutcomeLayout::kClaimsNet], r[OutcomeLayout::kClaimsGross]);
    if (r[OutcomeLayout::kExhaustMonth] > 0) {
      ++exhausted;
      ASSERT_EQ(r[OutcomeLayout::kClaimsGross], capital);
    }
    std::int64_t bank_loss = 0, bank_claims = 0, assoc_loss = 0, assoc_claims = 0, agr_claims = 0;
    for (std::size_t b = 0; b < L.banks; ++b) {
      ASSERT_GE(r[L.bank_claims(b)], 0);
      ASSERT_LE(r[L.bank_claims(b)], r[L.bank_loss(b)]);
      bank_loss += r[L.bank_loss(b)];
      bank_claims += r[L.bank_claims(b)];
    }
    for (std::size_t a = 0; a < L.associations; ++a) {
      ASSERT_LE(r[L.assoc_claims(a)], r[L.assoc_loss(a)]);
      assoc_loss += r[L.assoc_loss(a)];
      assoc_claims += r[L.assoc_claims(a)];
    }
    for (std::size_t g = 0; g < L.agreements; ++g) {
      if (cs.rules[g].portfolio_room_minor >= 0) {
        ASSERT_LE(r[L.agr_gross(g)], cs.rules[g].portfolio_room_minor);
        capped += r[L.agr_gross(g)] == cs.rules[g].portfolio_room_minor;
      }
      ASSERT_LE(r[L.agr_claims(g)], r[L.agr_loss(g)]);
      agr_claims += r[L.agr_claims(g)];
    }
    ASSERT_EQ(bank_loss, r[OutcomeLayout::kLoss]);
    ASSERT_EQ(assoc_loss, r[OutcomeLayout::kLoss]);
    ASSERT_EQ(bank_claims, r[OutcomeLayout::kClaimsNet]);
    ASSERT_EQ(assoc_claims, r[OutcomeLayout::kClaimsNet]);
    ASSERT_EQ(agr_claims, r[OutcomeLayout::kClaimsNet]);
  }
  // The limits were actually reached, so the checks above had teeth.
  EXPECT_GT(exhausted, 0u);
  EXPECT_GT(capped, 0u);
  const SimulationResult res = summarize(pb, cs, out, 4);
  EXPECT_NEAR(res.exhaustion_probability.value, static_cast<double>(exhausted) / out.scenarios, 1e-12);
  double by_month = std::accumulate(res.exhaustion_month_probability.begin(), res.exhaustion_month_probability.end(), 0.0);
  EXPECT_NEAR(by_month, res.exhaustion_probability.value, 1e-9);
  // Euler: bank contributions add up to the fund's ES, and so do associations'.
  double banks = 0, assocs = 0, fund_es = 0;
  for (const auto& e : res.entities) {
    if (e.kind == EntityKind::fund) fund_es = e.es_contribution.value;
    if (e.kind == EntityKind::bank) banks += e.es_contribution.value;
    if (e.kind == EntityKind::association) assocs += e.es_contribution.value;
  }
  const auto& fund_tail = res.entities.front().claims.tails[1];  // 99%
  EXPECT_NEAR(fund_es, fund_tail.es.value, 1e-6 * fund_es);
  EXPECT_NEAR(banks, fund_es, 1e-6 * fund_es);
  EXPECT_NEAR(assocs, fund_es, 1e-6 * fund_es);
}

TEST(Properties, PerLoanCapBoundsEveryClaim) {
  const Book book = generated(2000, 5);
  std::vector<Agreement> agr;
  for (const char* id : {"WING-2019", "BOOST-2019", "SMEB-CWEA", "CNB-YEAC"})
    agr.push_back(agreement(id, std::string(id).substr(0, std::string(id).find('-')), 100, 10'00, std::nullopt));
  const RiskModel m = demo_like_model();
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  const ClaimsSetup cs = make_claims_setup(pb, agr, m, {usd(), 1'000'000'00, {}, {}});
  const DefaultSet ds = record_defaults(pb, {.seed = 8, .scenarios = 500, .threads = 2});
  const auto out = aggregate_claims(pb, ds, cs, 2);
  std::int64_t total = 0;
  for (std::size_t s = 0; s < out.scenarios; ++s) {
    std::int64_t guaranteed_defaults = 0;
    for (const Default& d : ds.scenario(s)) guaranteed_defaults += pb.loans[d.loan].agreement != kNoIndex;
    ASSERT_LE(out.at(s, OutcomeLayout::kClaimsGross), guaranteed_defaults * 10'00);
    total += out.at(s, OutcomeLayout::kClaimsGross);
  }
  EXPECT_GT(total, 0);
}

TEST(Properties, RecordedDefaultsReaggregateToTheStreamedResultAndAreMonotone) {
  const Book book = generated(3000, 6);
  const auto agr = demo_like_agreements(10);
  const RiskModel m = demo_like_model();
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  const ClaimsSetup cs = make_claims_setup(pb, agr, m, {usd(), 30'000'00, {}, {}});
  const SimulationOptions opt{.seed = 21, .scenarios = 1500, .threads = 2};
  const DefaultSet ds = record_defaults(pb, opt);
  EXPECT_EQ(aggregate_claims(pb, ds, cs, 1).cells, run_scenarios(pb, cs, opt).cells);
  // More capital: a scenario exhausted under more capital is exhausted under less.
  ClaimsSetup more = cs;
  more.capital_minor *= 2;
  const auto small = aggregate_claims(pb, ds, cs, 2), big = aggregate_claims(pb, ds, more, 2);
  std::size_t ex_small = 0, ex_big = 0;
  for (std::size_t s = 0; s < small.scenarios; ++s) {
    const bool es = small.at(s, OutcomeLayout::kExhaustMonth) > 0, eb = big.at(s, OutcomeLayout::kExhaustMonth) > 0;
    ASSERT_TRUE(!eb || es);
    ex_small += es;
    ex_big += eb;
  }
  EXPECT_GT(ex_small, ex_big);
  // More coverage never lowers the fund's claims (with capital not binding).
  ClaimsSetup lo = more, hi = more;
  lo.capital_minor = hi.capital_minor = 1'000'000'000;
  for (auto& r : lo.rules) r.coverage = Ratio::percent(40);
  for (auto& r : hi.rules) r.coverage = Ratio::percent(60);
  const auto a = aggregate_claims(pb, ds, lo, 2), b = aggregate_claims(pb, ds, hi, 2);
  for (std::size_t s = 0; s < a.scenarios; ++s)
    ASSERT_LE(a.at(s, OutcomeLayout::kClaimsGross), b.at(s, OutcomeLayout::kClaimsGross));
}

TEST(Properties, MoratoriumMovesDefaultsAfterItAndKeepsTheirNumber) {
  Book book;
  book.as_of = date(2022, 6, 30);
  for (int i = 0; i < 3000; ++i) book.loans.push_back(loan("L" + std::to_string(i), "WING", 100000, 36, ScheduleType::annuity));
  RiskModel base = one_factor_model(0.1, 0.1, 0.5);
  RiskModel mor = base;
  mor.moratorium = {3, 4};  // months 3..6
  const SimulationOptions opt{.seed = 3, .scenarios = 300, .threads = 2};
  const PreparedBook pa = prepare_book(book, {}, base, usd()), pm = prepare_book(book, {}, mor, usd());
  const DefaultSet da = record_defaults(pa, opt), dm = record_defaults(pm, opt);
  ASSERT_EQ(da.defaults.size(), dm.defaults.size());  // same uniforms: same loans default
  std::size_t moved = 0;
  for (std::size_t i = 0; i < dm.defaults.size(); ++i) {
    ASSERT_TRUE(dm.defaults[i].month < 3 || dm.defaults[i].month >= 7);
    moved += dm.defaults[i].month == 7;
  }
  EXPECT_GT(moved, 0u);
  // The recorded factor values are the scenario's own: same seed, same economy.
  ASSERT_EQ(dm.factors.size(), 300u);
  EXPECT_EQ(dm.factors, da.factors);
  ScenarioDrawer replay(pa);
  std::vector<Default> one;
  replay.draw(3, 17, one);
  EXPECT_EQ(replay.factors()[0], da.factors[17]);
  EXPECT_EQ(one.size(), da.offsets[18] - da.offsets[17]);
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(book_index(pa, one[i]), book_index(pa, da.defaults[da.offsets[17] + i]));
  // No amortisation during the moratorium: a default recognised in month 7
  // (payments stopped 3 months before, inside the moratorium) has the balance
  // after the 2 installments of months 1-2, as a default in month 5 without it.
  const LoanRecord& l = pm.loans[0];
  EXPECT_EQ(exposure_at_default(pm, l, 7), exposure_at_default(pa, pa.loans[0], 5));
  EXPECT_GT(exposure_at_default(pa, pa.loans[0], 7), 0);
  EXPECT_LT(exposure_at_default(pa, pa.loans[0], 7), exposure_at_default(pm, l, 7));
}

TEST(Properties, PlannedLoansHaveNoDefaultBeforeTheyStart) {
  Book book;
  book.as_of = date(2022, 6, 30);
  std::vector<int> start;
  for (int i = 0; i < 2000; ++i) {
    book.loans.push_back(loan("P" + std::to_string(i), "WING", 100000, 12, ScheduleType::annuity));
    start.push_back(i % 2 ? 6 : 14);  // half start in month 6, half after the horizon
  }
  const RiskModel m = one_factor_model(0.3, 0.1, 0.5);
  const PreparedBook pb = prepare_book(book, {}, m, usd(), start);
  EXPECT_EQ(pb.loans.size(), 1000u);  // loans starting after the horizon carry no risk within it
  const DefaultSet ds = record_defaults(pb, {.seed = 1, .scenarios = 200, .threads = 2});
  ASSERT_FALSE(ds.defaults.empty());
  for (const Default& d : ds.defaults) {
    ASSERT_GE(d.month, 7);
    ASSERT_LE(d.month, 12);
  }
  // A loan that starts in month 6 and defaults at once has its full principal at risk.
  EXPECT_EQ(exposure_at_default(pb, pb.loans[0], 7), 100000);
}

TEST(Properties, RecessionFactorRaisesLossesAndIsHeldAtItsValue) {
  const Book book = generated(2000, 9);
  RiskModel base = demo_like_model();
  RiskModel rec = base;
  rec.fixed_factors.push_back({"economy", -2.33});
  const PreparedBook pb = prepare_book(book, demo_like_agreements(10), rec, usd());
  ScenarioDrawer drawer(pb);
  std::vector<Default> tmp;
  drawer.draw(1, 0, tmp);
  ASSERT_EQ(pb.factor_names.front(), "economy");
  EXPECT_DOUBLE_EQ(drawer.factors().front(), -2.33);
  auto el = [&](const RiskModel& m) {
    return simulate(book, demo_like_agreements(10), m, {usd(), 0, {}, {}}, {.seed = 2, .scenarios = 400, .threads = 2}).entities.front().loss.mean;
  };
  const Estimate a = el(base), b = el(rec);
  EXPECT_GT(b.value - a.value, 4 * std::hypot(a.se, b.se));
}

TEST(Properties, StressMultipliersAndShiftsMoveLossesTheRightWay) {
  const Book book = generated(2000, 10);
  const auto agr = demo_like_agreements(10);
  const RiskModel base = demo_like_model();
  RiskModel pd2 = base, lgd = base;
  pd2.pd_multipliers.push_back({{}, 2.0});
  lgd.lgd_shift = 0.2;
  const SimulationOptions opt{.seed = 3, .scenarios = 400, .threads = 2};
  const double a = simulate(book, agr, base, {usd(), 0, {}, {}}, opt).entities.front().loss.mean.value;
  const double b = simulate(book, agr, pd2, {usd(), 0, {}, {}}, opt).entities.front().loss.mean.value;
  const double c = simulate(book, agr, lgd, {usd(), 0, {}, {}}, opt).entities.front().loss.mean.value;
  EXPECT_GT(b, 1.6 * a);
  EXPECT_GT(c, 1.2 * a);
}

TEST(Properties, RielLoansAreConvertedAtTheModelRate) {
  Book book;
  book.as_of = date(2022, 6, 30);
  BookLoan l = loan("K1", "WING", 4'100'000, 12);  // 4,100,000 riel, balloon
  l.currency = khr();
  l.days_past_due = 120;  // certain default in month 1
  book.loans.push_back(l);
  RiskModel m = one_factor_model(0.05, 0.0, 1.0);
  PreparedBook pb = prepare_book(book, {}, m, usd());
  EXPECT_EQ(exposure_at_default(pb, pb.loans[0], 1), 1000'00);
  m.fx_per_fund_unit["KHR"] = 5125;  // a 20% devaluation
  pb = prepare_book(book, {}, m, usd());
  EXPECT_EQ(exposure_at_default(pb, pb.loans[0], 1), 800'00);
  m.fx_per_fund_unit.erase("KHR");
  EXPECT_THROW(prepare_book(book, {}, m, usd()), DataError);
}

TEST(Properties, LoanNamingAnUnknownAgreementIsRefused) {
  Book book;
  book.loans.push_back(loan("X1", "WING", 1000, 12, ScheduleType::balloon, "NOPE"));
  try {
    prepare_book(book, {}, one_factor_model(0.05, 0.1, 0.5), usd());
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("loan 'X1'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("NOPE"), std::string::npos);
  }
}

}  // namespace
}  // namespace gfund::risk
