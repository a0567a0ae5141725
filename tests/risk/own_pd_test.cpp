// Per-loan PDs (prepared_book.hpp's buckets): a book whose loans each carry
// their own PD shares grid buckets, and every loan still defaults on its own
// PD, exactly in distribution, in the month its own curve gives.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "engine/risk/normal.hpp"
#include "engine/risk/scenario_defaults.hpp"
#include "engine/risk/simulate.hpp"
#include "risk_test_books.hpp"

namespace gfund::risk {
namespace {

using namespace gfund::risk::testing;

// n balloon loans of 1,000 USD with 24 months left, loan i with annual PD pd_of(i).
template <class PdOf>
Book own_pd_book(std::size_t n, PdOf pd_of) {
  Book b;
  b.as_of = date(2024, 1, 31);
  for (std::size_t i = 0; i < n; ++i) {
    BookLoan l = loan("L" + std::to_string(i), i % 2 ? "WING" : "CNB", 1000'00, 24);
    l.pd_annual = pd_of(i);
    b.loans.push_back(l);
  }
  return b;
}

// Just above the lower edge of the bucket holding pd: a loan decided at its
// bucket's upper PD would default 2.2% too often, which the tests below see.
double near_bucket_floor(double pd) { return pd_bucket(pd).lo * (1 + 1e-9); }

TEST(OwnPd, EveryPdLiesInItsGridBucket) {
  const double step = std::exp2(1.0 / kPdGridSteps);
  for (double pd = 1e-6; pd <= kPdBucketMax; pd *= 1.0007) {
    const PdBucket b = pd_bucket(pd);
    ASSERT_LT(b.lo, pd);
    ASSERT_LE(pd, b.hi);
    ASSERT_NEAR(b.hi / b.lo, step, 1e-12);
    ASSERT_EQ(pd_bucket(b.hi).hi, b.hi);  // a grid point is its own bucket's top
  }
  EXPECT_EQ(pd_bucket(kPdBucketMax).hi, kPdBucketMax);
}

TEST(OwnPd, ManyDistinctPdsShareBucketsAndKeepTheirOwn) {
  const RiskModel m = one_factor_model(0.05, 0.12, 0.45);
  const PreparedBook pb = prepare_book(own_pd_book(3000, [](std::size_t i) { return 0.02 + 0.08 * i / 3000.0; }), {},
                                       m, usd());
  // log2(5) x kPdGridSteps buckets and their floors, not 3,000.
  EXPECT_LE(pb.segments.size(), static_cast<std::size_t>(2 * 2.33 * kPdGridSteps + 4));
  for (const risk::Run& run : pb.runs)
    for (auto k = run.begin; k < run.end; ++k) {
      const Segment& s = pb.segments[run.segment];
      ASSERT_NE(s.lower, kNoSegment);
      ASSERT_LT(pb.segments[s.lower].pd_annual, pb.loans[k].pd_annual);
      ASSERT_LE(pb.loans[k].pd_annual, s.pd_annual);
    }
  // 64 distinct PDs, or PDs above kPdBucketMax: one exact segment each.
  for (const double base : {0.02, 0.6}) {
    const PreparedBook few =
        prepare_book(own_pd_book(640, [&](std::size_t i) { return base + 0.001 * (i % 64); }), {}, m, usd());
    EXPECT_EQ(few.segments.size(), 64u);
    for (const risk::Run& run : few.runs)
      for (auto k = run.begin; k < run.end; ++k) {
        EXPECT_EQ(few.segments[run.segment].lower, kNoSegment);
        EXPECT_EQ(few.loans[k].pd_annual, few.segments[run.segment].pd_annual);
      }
  }
}

// Drawn defaults against their expectation given each scenario's factor:
// sum over scenarios of (observed - expected) / sqrt(sum of variances), per
// month of default and in all. Conditioning on the factor takes its (large)
// variance out, so a bias of a fraction of a percent shows.
void expect_defaults_follow_own_pds(const Book& book, std::uint32_t scenarios) {
  const RiskModel m = one_factor_model(0.05, 0.12, 0.45);
  const PreparedBook pb = prepare_book(book, {}, m, usd());
  const int h = pb.horizon_months;
  ScenarioDrawer drawer(pb);
  std::vector<Default> defaults;
  std::vector<double> diff(h + 1, 0.0), var(h + 1, 0.0);
  for (std::uint32_t s = 0; s < scenarios; ++s) {
    drawer.draw(11, s, defaults);
    for (const Default& d : defaults) diff[d.month] += 1;
    const double sys = pb.groups[0].loading[0] * drawer.factors()[0], sd = pb.groups[0].idio_sd;
    for (const LoanRecord& l : pb.loans) {
      double before = 0;
      for (int a = 1; a <= h; ++a) {
        const double by = norm_cdf((default_threshold(l.pd_annual, a, Copula::gaussian, 0) - sys) / sd);
        diff[a] -= by - before;
        var[a] += (by - before) * (1 - by + before);
        before = by;
      }
    }
  }
  double all_diff = 0, all_var = 0;
  for (int a = 1; a <= h; ++a) {
    EXPECT_LT(std::fabs(diff[a] / std::sqrt(var[a])), 4.5) << "month " << a;
    all_diff += diff[a];
    all_var += var[a];  // months of one loan are exclusive: the total's variance is a little smaller
  }
  EXPECT_LT(std::fabs(all_diff / std::sqrt(all_var)), 4.5);
}

TEST(OwnPd, DefaultsFollowEachLoansOwnPdInFewCandidateBuckets) {
  // 3,000 loans over 85 buckets: each bucket expects few candidates (latent comparisons).
  expect_defaults_follow_own_pds(own_pd_book(3000, [](std::size_t i) { return near_bucket_floor(0.05 + 0.25 * i / 3000.0); }),
                                 3000);
}

TEST(OwnPd, DefaultsFollowEachLoansOwnPdInManyCandidateBuckets) {
  // 18 buckets of ~333 loans at 15-22% (7 PDs each, so more than
  // kExactPdsPerGroup in all): candidates found by the curve search, in batches.
  expect_defaults_follow_own_pds(
      own_pd_book(6000, [](std::size_t i) {
        const double floor = near_bucket_floor(0.15 * std::exp2(static_cast<double>(i % 18) / kPdGridSteps));
        return floor * (1 + 1e-7 * static_cast<double>(i / 18 % 7));
      }),
      1500);
}

TEST(OwnPd, OneAndTwoThreadsGiveIdenticalOutcomes) {
  RiskModel m = one_factor_model(0.05, 0.12, 0.45);
  m.lgd_kind = LgdKind::beta;
  m.lgd_sd = 0.2;
  Book book = own_pd_book(4000, [](std::size_t i) { return 0.01 + 0.2 * i / 4000.0; });
  for (std::size_t i = 0; i < book.loans.size(); ++i) book.loans[i].lgd = 0.3 + 0.4 * i / 4000.0;
  const PreparedBook pb = prepare_book(book, {}, m, usd());
  const ClaimsSetup cs = make_claims_setup(pb, {}, m, {usd(), 100'000'00, {}, {}});
  const auto a = run_scenarios(pb, cs, {.seed = 5, .scenarios = 1000, .threads = 1});
  const auto b = run_scenarios(pb, cs, {.seed = 5, .scenarios = 1000, .threads = 2});
  EXPECT_EQ(a.cells, b.cells);
}

TEST(OwnPd, StudentTBookKeepsItsExpectedDefaults) {
  // No conditional form at hand for the t copula's mixing variable: the mean
  // count of defaults against the sum of the loans' own 12-month PDs.
  RiskModel m = one_factor_model(0.05, 0.12, 0.45);
  m.copula = Copula::student_t;
  m.t_dof = 5;
  const Book book = own_pd_book(3000, [](std::size_t i) { return near_bucket_floor(0.05 + 0.25 * i / 3000.0); });
  const PreparedBook pb = prepare_book(book, {}, m, usd());
  double expected = 0;
  for (const LoanRecord& l : pb.loans) expected += cumulative_pd(l.pd_annual, 12);
  ScenarioDrawer drawer(pb);
  std::vector<Default> defaults;
  double sum = 0, sum2 = 0;
  const int n = 4000;
  for (int s = 0; s < n; ++s) {
    drawer.draw(3, static_cast<std::uint32_t>(s), defaults);
    sum += static_cast<double>(defaults.size());
    sum2 += static_cast<double>(defaults.size() * defaults.size());
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  EXPECT_LT(std::fabs(mean - expected), 4 * se) << mean << " vs " << expected;
}

}  // namespace
}  // namespace gfund::risk
