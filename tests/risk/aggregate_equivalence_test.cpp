// aggregate_scenario is tuned for speed; its outcome rows must stay equal,
// cell for cell, to a plain reading of the claim rules: the loop below, on
// the reference split_claim and recovery_to_fund of models/guarantee_terms.
// Random scenarios cover capital from none to ample, caps and cumulative room
// present or not (down to zero), lock-in, both structures, recovery lags
// within and past the horizon, unguaranteed loans and amounts large enough
// to leave the fast int64 paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/risk/claims.hpp"
#include "engine/risk/simulate.hpp"
#include "fixtures/generator/book_generator.hpp"
#include "risk_test_books.hpp"

namespace gfund::risk {
namespace {

using namespace gfund::risk::testing;

// The claim loop as first written, on the reference rules.
void reference_aggregate(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults,
                         std::int64_t* row) {
  const OutcomeLayout lay = layout_of(book);
  std::fill(row, row + lay.width(), std::int64_t{0});
  std::int64_t available = setup.capital_minor;
  std::vector<std::int64_t> room(setup.rules.size());
  for (std::size_t g = 0; g < setup.rules.size(); ++g) room[g] = setup.rules[g].portfolio_room_minor;
  struct Pending {
    int month;
    std::int64_t amount;
  };
  std::vector<Pending> recoveries;
  std::size_t next_recovery = 0;
  for (const Default& d : defaults) {
    while (next_recovery < recoveries.size() && recoveries[next_recovery].month <= d.month) {
      available += recoveries[next_recovery].amount;
      ++next_recovery;
    }
    row[OutcomeLayout::kLoss] += d.loss_minor;
    row[OutcomeLayout::kDefaults] += 1;
    row[lay.bank_loss(d.bank)] += d.loss_minor;
    row[lay.assoc_loss(d.association)] += d.loss_minor;
    if (d.agreement == kNoIndex) continue;
    const std::size_t g = d.agreement;
    row[lay.agr_loss(g)] += d.loss_minor;
    const ClaimRule& rule = setup.rules[g];
    if (d.month < rule.first_claim_month) continue;
    const ClaimSplit split = split_claim(d.ead_minor, rule.coverage, rule.per_loan_cap_minor, room[g], available);
    const std::int64_t paid = split.fund_minor;
    if (split.limit == ClaimLimit::fund_balance && row[OutcomeLayout::kExhaustMonth] == 0)
      row[OutcomeLayout::kExhaustMonth] = d.month;
    if (room[g] >= 0) room[g] -= paid;
    available -= paid;
    const std::int64_t back = recovery_to_fund(rule.structure, d.ead_minor - d.loss_minor, 0, paid, d.ead_minor);
    if (back > 0 && d.month + setup.recovery_lag_months <= book.horizon_months)
      recoveries.push_back({d.month + setup.recovery_lag_months, back});
    const std::int64_t net = paid - back;
    row[OutcomeLayout::kClaimsGross] += paid;
    row[OutcomeLayout::kClaimsNet] += net;
    row[lay.bank_claims(d.bank)] += net;
    row[lay.assoc_claims(d.association)] += net;
    row[lay.agr_claims(g)] += net;
    row[lay.agr_gross(g)] += paid;
  }
}

// Row from aggregate_scenario, written over cells that hold garbage (it must overwrite all).
std::vector<std::int64_t> fast_row(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults) {
  std::vector<std::int64_t> row(layout_of(book).width(), 0x5A5A5A5A5A5A5A5A);
  aggregate_scenario(book, setup, defaults, row.data());
  return row;
}
std::vector<std::int64_t> reference_row(const PreparedBook& book, const ClaimsSetup& setup,
                                        std::span<const Default> defaults) {
  std::vector<std::int64_t> row(layout_of(book).width(), -7);
  reference_aggregate(book, setup, defaults, row.data());
  return row;
}

std::int64_t uniform(std::mt19937_64& g, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(g);
}

// An amount of a random order of magnitude (1 minor unit to ~1e12), so that
// sums cross capital and caps at every scale; rarely huge (int64 fallbacks).
std::int64_t amount(std::mt19937_64& g) {
  const int r = static_cast<int>(uniform(g, 0, 99));
  if (r < 3) return 0;
  if (r < 5) return uniform(g, 1'000'000'000'000, 4'000'000'000'000);  // rec x paid overflows 64 bits
  return uniform(g, 1, 10) * static_cast<std::int64_t>(std::pow(10.0, static_cast<double>(uniform(g, 0, 9))));
}

struct RandomCase {
  PreparedBook book;
  ClaimsSetup setup;
  std::vector<Default> defaults;
};

RandomCase random_case(std::mt19937_64& g) {
  RandomCase c;
  c.book.horizon_months = static_cast<int>(uniform(g, 1, 40));
  const int h = c.book.horizon_months;
  c.book.bank_ids.resize(static_cast<std::size_t>(uniform(g, 1, 5)));
  c.book.association_ids.resize(static_cast<std::size_t>(uniform(g, 1, 4)));
  c.book.agreement_ids.resize(static_cast<std::size_t>(uniform(g, 0, 6)));
  const std::size_t na = c.book.agreement_ids.size();

  // Recoveries arriving within the horizon, right at its end, or after it.
  c.setup.recovery_lag_months = static_cast<int>(uniform(g, 0, 3) == 0 ? uniform(g, h - 1, h + 3) : uniform(g, 0, h));
  for (std::size_t a = 0; a < na; ++a) {
    ClaimRule r;
    r.id = "A" + std::to_string(a);
    r.structure = uniform(g, 0, 1) ? Structure::pari_passu : Structure::first_loss;
    const std::int64_t ppms[] = {1, 333'333, 500'000, 700'000, 800'000, 999'999, 1'000'000};
    r.coverage = uniform(g, 0, 3) == 0 ? Ratio::from_ppm(uniform(g, 1, Ratio::kOne))
                                       : Ratio::from_ppm(ppms[uniform(g, 0, 6)]);
    r.per_loan_cap_minor = uniform(g, 0, 2) == 0 ? -1 : amount(g);
    const int room = static_cast<int>(uniform(g, 0, 4));
    r.portfolio_room_minor = room == 0 ? -1 : room == 1 ? 0 : amount(g) * uniform(g, 1, 50);
    r.first_claim_month = uniform(g, 0, 2) == 0 ? static_cast<int>(uniform(g, 1, h + 2)) : 1;
    c.setup.rules.push_back(r);
  }

  const std::size_t n = static_cast<std::size_t>(uniform(g, 0, 3) == 0 ? uniform(g, 0, 5) : uniform(g, 1, 400));
  const std::int64_t ead_scale = static_cast<std::int64_t>(std::pow(10.0, static_cast<double>(uniform(g, 2, 8))));
  const int unguaranteed_pct = static_cast<int>(uniform(g, 0, 100));
  std::uint32_t loan = 0;
  std::vector<int> months(n);
  for (int& m : months) m = static_cast<int>(uniform(g, 1, h));
  std::sort(months.begin(), months.end());
  std::int64_t total_claimable = 0;
  for (int m : months) {
    Default d;
    d.loan = loan += static_cast<std::uint32_t>(uniform(g, 1, 3));
    d.month = m;
    d.ead_minor = uniform(g, 0, 40) == 0 ? amount(g) : uniform(g, 0, ead_scale);
    // Loss: none, all of it, or a random share.
    const int k = static_cast<int>(uniform(g, 0, 9));
    d.loss_minor = k == 0 ? 0 : k == 1 ? d.ead_minor : uniform(g, 0, d.ead_minor);
    d.bank = static_cast<std::uint16_t>(uniform(g, 0, static_cast<std::int64_t>(c.book.bank_ids.size()) - 1));
    d.association =
        static_cast<std::uint16_t>(uniform(g, 0, static_cast<std::int64_t>(c.book.association_ids.size()) - 1));
    d.agreement = (na == 0 || uniform(g, 1, 100) <= unguaranteed_pct)
                      ? kNoIndex
                      : static_cast<std::uint16_t>(uniform(g, 0, static_cast<std::int64_t>(na) - 1));
    if (d.agreement != kNoIndex) total_claimable += d.ead_minor;
    c.defaults.push_back(d);
  }
  // Capital: none, a little, about what the claims need (either side), or ample.
  switch (uniform(g, 0, 5)) {
    case 0: c.setup.capital_minor = 0; break;
    case 1: c.setup.capital_minor = amount(g); break;
    case 2: c.setup.capital_minor = total_claimable / static_cast<std::int64_t>(uniform(g, 1, 8)); break;
    case 3: c.setup.capital_minor = total_claimable + uniform(g, -2, 2) > 0 ? total_claimable + uniform(g, -2, 2) : 0; break;
    case 4: c.setup.capital_minor = 4'000'000'000'000'000'000; break;
    default: c.setup.capital_minor = uniform(g, 0, std::max<std::int64_t>(total_claimable, 1)); break;
  }
  return c;
}

TEST(AggregateEquivalence, RandomScenariosMatchTheReferenceCellForCell) {
  std::mt19937_64 g(20240611);
  long exhausted = 0, recovered_back = 0, nonempty = 0;
  for (int i = 0; i < 30'000; ++i) {
    const RandomCase c = random_case(g);
    const auto ref = reference_row(c.book, c.setup, c.defaults);
    const auto fast = fast_row(c.book, c.setup, c.defaults);
    ASSERT_EQ(fast, ref) << "case " << i << ": " << c.defaults.size() << " defaults, capital "
                         << c.setup.capital_minor << ", lag " << c.setup.recovery_lag_months << ", horizon "
                         << c.book.horizon_months;
    exhausted += ref[OutcomeLayout::kExhaustMonth] > 0;
    recovered_back += ref[OutcomeLayout::kClaimsGross] > ref[OutcomeLayout::kClaimsNet];
    nonempty += ref[OutcomeLayout::kClaimsGross] > 0;
  }
  // The cases reach every regime: capital cut, recoveries, unconstrained claims.
  EXPECT_GT(exhausted, 3000);
  EXPECT_GT(recovered_back, 3000);
  EXPECT_GT(nonempty - exhausted, 3000);
}

// The same on the engine's own defaults (generated book, demo-like rules,
// capital that binds in some scenarios), through both callers.
TEST(AggregateEquivalence, EngineScenariosMatchTheReferenceThroughBothCallers) {
  fixtures::BookGeneratorOptions o;
  o.loans = 4000;
  o.seed = 9;
  const Book book = fixtures::generate_book(o);
  const std::vector<Agreement> agr = {agreement("WING-2019", "WING", 50, 2500'00, 4000'00),
                                      agreement("BOOST-2019", "BOOST", 80, 2000'00, 3500'00),
                                      agreement("SMEB-CWEA", "SMEB", 70, 3000'00, std::nullopt),
                                      agreement("CNB-YEAC", "CNB", 100, 3000'00, 2000'00, Structure::first_loss)};
  RiskModel m = one_factor_model(0.08, 0.3, 0.6);
  m.lgd_kind = LgdKind::beta;
  m.lgd_sd = 0.2;
  m.recovery_lag_months = 4;
  const PreparedBook pb = prepare_book(book, agr, m, usd());
  for (const std::int64_t capital : {std::int64_t{0}, std::int64_t{20'000'00}, std::int64_t{1'000'000'000'00}}) {
    const ClaimsSetup cs = make_claims_setup(pb, agr, m, {usd(), capital, {}, {}});
    const SimulationOptions opt{.seed = 5, .scenarios = 400, .threads = 2};
    const DefaultSet ds = record_defaults(pb, opt);
    OutcomeMatrix ref;
    ref.layout = layout_of(pb);
    ref.scenarios = ds.scenarios();
    ref.cells.assign(ref.scenarios * ref.layout.width(), 0);
    for (std::size_t s = 0; s < ds.scenarios(); ++s) reference_aggregate(pb, cs, ds.scenario(s), ref.row(s));
    EXPECT_EQ(aggregate_claims(pb, ds, cs, 2).cells, ref.cells) << "capital " << capital;
    EXPECT_EQ(run_scenarios(pb, cs, opt).cells, ref.cells) << "capital " << capital;
  }
}

}  // namespace
}  // namespace gfund::risk
