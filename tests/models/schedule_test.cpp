#include <gtest/gtest.h>

#include <cmath>

#include "models/errors.hpp"
#include "models/schedule.hpp"

namespace gfund {
namespace {

ScheduleSpec spec(std::int64_t minor, std::int64_t rate_ppm, int months, ScheduleType t, Currency c = usd()) {
  return ScheduleSpec{.principal = Money(c, minor), .annual_rate = Ratio{rate_ppm}, .term_months = months, .type = t,
                      .first_due = parse_date("2024-02-15")};
}

TEST(Schedule, AnnuityMatchesTheTextbookPayment) {
  // 1,500 USD, 15%/yr, 12 months: P r / (1 - (1+r)^-n), r = 1.25%/month
  // = 135.388... -> 135.39 (any loan calculator; computed by hand here).
  auto s = build_schedule(spec(150000, 150000, 12, ScheduleType::annuity));
  ASSERT_EQ(s.size(), 12u);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(s[static_cast<size_t>(i)].total().minor(), 13539);
  EXPECT_EQ(s[0].interest.minor(), 1875);  // 1,500 x 1.25%
  EXPECT_EQ(s.back().balance_after.minor(), 0);
  // 10,000 USD at 12% for 36 months: 332.14 (standard amortisation table value).
  EXPECT_EQ(annuity_payment(Money(usd(), 1000000), Ratio::percent(12), 36).minor(), 33214);
}

TEST(Schedule, ZeroRateSplitsPrincipalEvenly) {
  auto s = build_schedule(spec(100000, 0, 3, ScheduleType::annuity));
  EXPECT_EQ(s[0].principal.minor(), 33333);
  EXPECT_EQ(s[2].principal.minor(), 33334);
  EXPECT_EQ(s[2].interest.minor(), 0);
}

TEST(Schedule, FlatInterestIsOnTheOriginalPrincipal) {
  auto s = build_schedule(spec(120000, 180000, 12, ScheduleType::flat));
  for (const auto& in : s) EXPECT_EQ(in.interest.minor(), 1800);  // 1,200 x 1.5%
  EXPECT_EQ(s[0].principal.minor(), 10000);
}

TEST(Schedule, BalloonPaysPrincipalAtTheEnd) {
  auto s = build_schedule(spec(100000, 120000, 6, ScheduleType::balloon));
  for (size_t i = 0; i + 1 < s.size(); ++i) EXPECT_EQ(s[i].principal.minor(), 0);
  EXPECT_EQ(s.back().principal.minor(), 100000);
  EXPECT_EQ(s.back().interest.minor(), 1000);
}

TEST(Schedule, FullGraceCapitalisesInterest) {
  auto sp = spec(100000, 120000, 12, ScheduleType::annuity);
  sp.grace = GraceKind::full;
  sp.grace_months = 2;
  auto s = build_schedule(sp);
  EXPECT_EQ(s[0].capitalised.minor(), 1000);
  EXPECT_EQ(s[1].capitalised.minor(), 1010);  // on 1,010.00
  EXPECT_EQ(s[0].total().minor(), 0);
  std::int64_t principal = 0;
  for (const auto& in : s) principal += in.principal.minor();
  EXPECT_EQ(principal, 100000 + 1000 + 1010);
}

TEST(Schedule, InterestOnlyGracePaysInterestOnly) {
  auto sp = spec(100000, 120000, 12, ScheduleType::equal_principal);
  sp.grace = GraceKind::interest_only;
  sp.grace_months = 3;
  auto s = build_schedule(sp);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s[static_cast<size_t>(i)].principal.minor(), 0);
    EXPECT_EQ(s[static_cast<size_t>(i)].interest.minor(), 1000);
  }
  EXPECT_EQ(s[3].principal.minor(), 11111);
}

TEST(Schedule, DueDatesFollowMonthEnds) {
  auto sp = spec(100000, 120000, 4, ScheduleType::annuity);
  sp.first_due = parse_date("2024-01-31");
  auto s = build_schedule(sp);
  EXPECT_EQ(format_date(s[1].due), "2024-02-29");
  EXPECT_EQ(format_date(s[2].due), "2024-03-31");
  EXPECT_EQ(format_date(s[3].due), "2024-04-30");
  sp.first_due = parse_date("2024-01-30");
  s = build_schedule(sp);
  EXPECT_EQ(format_date(s[1].due), "2024-02-29");
  EXPECT_EQ(format_date(s[2].due), "2024-03-30");
}

TEST(Schedule, RefusesBadSpecsNamingTheField) {
  auto sp = spec(0, 120000, 12, ScheduleType::annuity);
  try {
    build_schedule(sp);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().field, "principal");
  }
  sp = spec(100000, 120000, 12, ScheduleType::annuity);
  sp.grace_months = 12;
  sp.grace = GraceKind::full;
  EXPECT_THROW(build_schedule(sp), DataError);
  sp = spec(150, 120000, 12, ScheduleType::annuity, khr());  // not a multiple of 100 riel
  EXPECT_THROW(build_schedule(sp), DataError);
  sp = spec(100000, 120000, 0, ScheduleType::annuity);
  EXPECT_THROW(build_schedule(sp), DataError);
}

// Property test over thousands of generated loans: every invariant the
// header promises, for every schedule type, grace kind and currency.
TEST(ScheduleProperties, InvariantsHoldForThousandsOfLoans) {
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  auto next = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
  const ScheduleType types[] = {ScheduleType::annuity, ScheduleType::equal_principal, ScheduleType::flat,
                                ScheduleType::balloon};
  int checked = 0;
  for (int trial = 0; trial < 6000; ++trial) {
    const bool riel = next() % 4 == 0;
    const Currency c = riel ? khr() : usd();
    const std::int64_t principal = riel ? static_cast<std::int64_t>(1 + next() % 200000) * 100
                                        : static_cast<std::int64_t>(1 + next() % 5'000'000);
    ScheduleSpec sp = spec(principal, static_cast<std::int64_t>(next() % 300001), static_cast<int>(1 + next() % 60),
                           types[next() % 4], c);
    const int g = static_cast<int>(next() % 3);
    if (g > 0 && sp.term_months > 1) {
      sp.grace = g == 1 ? GraceKind::interest_only : GraceKind::full;
      sp.grace_months = static_cast<int>(1 + next() % static_cast<std::uint64_t>(std::min(6, sp.term_months - 1)));
    }
    auto s = build_schedule(sp);
    ASSERT_EQ(static_cast<int>(s.size()), sp.term_months);
    std::int64_t sum_principal = 0, capitalised = 0;
    for (const auto& in : s) {
      ASSERT_GE(in.balance_after.minor(), 0);
      ASSERT_GE(in.principal.minor(), 0);
      ASSERT_GE(in.interest.minor(), 0);
      ASSERT_EQ(in.principal.minor() % c.cash_unit_minor, 0);
      ASSERT_EQ(in.interest.minor() % c.cash_unit_minor, 0);
      sum_principal += in.principal.minor();
      capitalised += in.capitalised.minor();
    }
    ASSERT_EQ(sum_principal, principal + capitalised);
    ASSERT_EQ(s.back().balance_after.minor(), 0);
    if (sp.type == ScheduleType::annuity && sp.annual_rate.ppm > 0) {
      // Agrees with the closed-form annuity payment to the cash unit.
      const int n = sp.term_months - sp.grace_months;
      const long double r = static_cast<long double>(sp.annual_rate.ppm) / 1e6L / 12.0L;
      const long double b = static_cast<long double>(principal + capitalised);
      const long double pay = b * r / (1.0L - std::pow(1.0L + r, -static_cast<long double>(n)));
      const long double unit = static_cast<long double>(c.cash_unit_minor);
      for (size_t i = static_cast<size_t>(sp.grace_months); i + 1 < s.size(); ++i) {
        if (s[i].principal.minor() == 0 || s[i].balance_after.minor() == 0) continue;  // clamped tail
        ASSERT_LE(std::fabs(static_cast<long double>(s[i].total().minor()) - pay), unit / 2 + 1e-6L)
            << "trial " << trial;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 500);
}

}  // namespace
}  // namespace gfund

namespace gfund {
namespace {

TEST(PositionBalances, AreTheScheduleBalancesWithOddRielPaidLast) {
  const Money whole(khr(), 1'000'000);
  const auto sched = build_schedule({.principal = whole, .annual_rate = Ratio::percent(18), .term_months = 6,
                                     .type = ScheduleType::annuity, .first_due = parse_date("2024-01-31")});
  const auto b = position_balances(Money(khr(), 1'000'037), Ratio::percent(18), 6, ScheduleType::annuity, 6);
  ASSERT_EQ(b.size(), 7u);
  EXPECT_EQ(b[0].minor(), 1'000'037);
  for (int k = 1; k < 6; ++k) EXPECT_EQ(b[static_cast<std::size_t>(k)].minor(), sched[static_cast<std::size_t>(k - 1)].balance_after.minor() + 37);
  EXPECT_TRUE(b[6].is_zero());
  // Cut at `last`, and a position below one cash unit stays whole until its last installment.
  EXPECT_EQ(position_balances(whole, Ratio::percent(18), 6, ScheduleType::annuity, 2).size(), 3u);
  const auto tiny = position_balances(Money(khr(), 40), Ratio::percent(18), 3, ScheduleType::annuity, 3);
  EXPECT_EQ(tiny[2].minor(), 40);
  EXPECT_TRUE(tiny[3].is_zero());
}

}  // namespace
}  // namespace gfund
