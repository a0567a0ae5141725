#include <gtest/gtest.h>

#include <limits>

#include "models/errors.hpp"
#include "models/money.hpp"

namespace gfund {
namespace {

TEST(Money, AddsAndSubtractsExactly) {
  Money a(usd(), 123456), b(usd(), 1);
  EXPECT_EQ((a + b).minor(), 123457);
  EXPECT_EQ((a - b).minor(), 123455);
  EXPECT_EQ((-a).minor(), -123456);
}

TEST(Money, OverflowIsAnErrorNeverAWrap) {
  Money big(usd(), std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW(big + Money(usd(), 1), DataError);
  Money small(usd(), std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(small - Money(usd(), 1), DataError);
  EXPECT_THROW(-small, DataError);
}

TEST(Money, MixingCurrenciesIsAnError) {
  try {
    (void)(Money(usd(), 100) + Money(khr(), 100));
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("USD and KHR"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)(Money(usd(), 1) < Money(khr(), 1)), DataError);
}

TEST(Money, ParsesAmountsAsPeopleWriteThem) {
  EXPECT_EQ(parse_money("1,234.56", usd()).minor(), 123456);
  EXPECT_EQ(parse_money("-0.05", usd()).minor(), -5);
  EXPECT_EQ(parse_money("12.5", usd()).minor(), 1250);
  EXPECT_EQ(parse_money("  7 ", usd()).minor(), 700);
  Money k = parse_money("400000 KHR", std::nullopt);
  EXPECT_EQ(k.currency(), khr());
  EXPECT_EQ(k.minor(), 400000);
  EXPECT_EQ(parse_money("USD 12.00", std::nullopt).minor(), 1200);
  EXPECT_EQ(parse_money("1,000,000.00", usd()).minor(), 100000000);
}

TEST(Money, RejectsMalformedTextNamingIt) {
  for (const char* bad : {"12.345", "1,23.00", "12,34", "abc", "", "1..2", "1.", "--1", "1,2345", "12 EUR"}) {
    try {
      (void)parse_money(bad, usd());
      FAIL() << "accepted '" << bad << "'";
    } catch (const DataError& e) {
      if (std::string(bad).size() > 0) {
        EXPECT_NE(std::string(e.what()).find(std::string(bad).substr(0, 3)), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_THROW(parse_money("100 KHR", usd()), DataError);  // code disagrees with the expected currency
  EXPECT_THROW(parse_money("100", std::nullopt), DataError);  // no currency at all
  EXPECT_THROW(parse_money("0.5 KHR", std::nullopt), DataError);  // riel has no decimals
}

TEST(Money, FormatsWithSeparatorsAndRoundTrips) {
  EXPECT_EQ(format_money(Money(usd(), 123456)), "1,234.56 USD");
  EXPECT_EQ(format_money(Money(usd(), -5)), "-0.05 USD");
  EXPECT_EQ(format_money(Money(khr(), 4000000)), "4,000,000 KHR");
  EXPECT_EQ(format_plain(Money(usd(), 100)), "1.00");
  EXPECT_EQ(format_plain(Money(usd(), std::numeric_limits<std::int64_t>::min())), "-92233720368547758.08");
  for (std::int64_t v : {0LL, 1LL, -1LL, 99LL, 100LL, 123456789LL, -987654321LL})
    EXPECT_EQ(parse_money(format_money(Money(usd(), v)), std::nullopt).minor(), v);
}

TEST(Money, MultiplyRoundsOnceHalfEven) {
  // 0.5 cent cases: half-even goes to the even cent, half-up away from zero.
  EXPECT_EQ(multiply(Money(usd(), 5), Decimal("0.5")).minor(), 2);   // 2.5 -> 2
  EXPECT_EQ(multiply(Money(usd(), 7), Decimal("0.5")).minor(), 4);   // 3.5 -> 4
  EXPECT_EQ(multiply(Money(usd(), 5), Decimal("0.5"), Rounding::half_up).minor(), 3);
  EXPECT_EQ(multiply(Money(usd(), -5), Decimal("0.5"), Rounding::half_up).minor(), -3);
  EXPECT_EQ(multiply(Money(usd(), -5), Decimal("0.5")).minor(), -2);
  // KHR cash rounding to 100 riel: 12,345 x 1 -> 12,300; 12,350 -> 12,400 (even hundreds)
  EXPECT_EQ(multiply_cash(Money(khr(), 12345), Decimal(1)).minor(), 12300);
  EXPECT_EQ(multiply_cash(Money(khr(), 12350), Decimal(1)).minor(), 12400);
  EXPECT_EQ(multiply_cash(Money(khr(), 12250), Decimal(1)).minor(), 12200);
}

TEST(Allocate, PartsAlwaysSumToTheWhole) {
  std::vector<Decimal> w{Decimal(1), Decimal(1), Decimal(1)};
  auto p = allocate(Money(usd(), 100), w);
  EXPECT_EQ(p[0].minor() + p[1].minor() + p[2].minor(), 100);
  EXPECT_EQ(p[0].minor(), 34);  // the tie goes to the earliest
  EXPECT_EQ(p[1].minor(), 33);
  auto n = allocate(Money(usd(), -100), w);
  EXPECT_EQ(n[0].minor() + n[1].minor() + n[2].minor(), -100);
  // Property: random totals and weights always add up, each part within one unit of its exact share.
  std::uint64_t x = 88172645463325252ULL;
  auto next = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
  for (int trial = 0; trial < 2000; ++trial) {
    std::int64_t total = static_cast<std::int64_t>(next() % 10'000'000) - 2'000'000;
    size_t k = 1 + next() % 12;
    std::vector<Decimal> ws;
    Decimal sum = 0;
    for (size_t i = 0; i < k; ++i) { ws.emplace_back(static_cast<long long>(next() % 1000)); sum += ws.back(); }
    if (sum == 0) ws[0] = 1, sum = 1;
    auto parts = allocate(total, ws);
    std::int64_t s = 0;
    for (size_t i = 0; i < k; ++i) {
      s += parts[i];
      Decimal exact = Decimal(total) * ws[i] / sum;
      EXPECT_LT(abs(Decimal(parts[i]) - exact), Decimal(1));
    }
    ASSERT_EQ(s, total);
  }
}

TEST(Allocate, CashUnitPartsAreWholeNotes) {
  std::vector<Decimal> w{Decimal(2), Decimal(1)};
  auto p = allocate(Money(khr(), 100000), w, /*to_cash_unit=*/true);
  EXPECT_EQ(p[0].minor() % 100, 0);
  EXPECT_EQ(p[1].minor() % 100, 0);
  EXPECT_EQ(p[0].minor() + p[1].minor(), 100000);
  EXPECT_THROW(allocate(Money(khr(), 150), w, true), DataError);
  std::vector<Decimal> zero{Decimal(0)};
  EXPECT_THROW(allocate(std::int64_t{10}, zero), DataError);
  std::vector<Decimal> neg{Decimal(-1), Decimal(2)};
  EXPECT_THROW(allocate(std::int64_t{10}, neg), DataError);
}

TEST(Decimal, RoundsHalfEvenAndHalfUp) {
  EXPECT_EQ(round_to_int(Decimal("2.5")), 2);
  EXPECT_EQ(round_to_int(Decimal("3.5")), 4);
  EXPECT_EQ(round_to_int(Decimal("-2.5")), -2);
  EXPECT_EQ(round_to_int(Decimal("2.5000001")), 3);
  EXPECT_EQ(round_to_int(Decimal("2.5"), Rounding::half_up), 3);
  EXPECT_EQ(round_to_int(Decimal("-2.5"), Rounding::half_up), -3);
  EXPECT_THROW(round_to_int(Decimal("1e30")), DataError);
  EXPECT_EQ(to_string(Decimal("12.5000"), 4), "12.5");
  EXPECT_EQ(to_string(Decimal("-0.05"), 2), "-0.05");
}

TEST(Currency, KnownAndRegistered) {
  EXPECT_EQ(currency_from_code("usd"), usd());
  EXPECT_EQ(khr().cash_unit_minor, 100);
  EXPECT_THROW(currency_from_code("XYZ"), DataError);
  Currency thb{{'T', 'H', 'B', 0}, 2, 25};
  register_currency(thb);
  EXPECT_EQ(currency_from_code("THB").cash_unit_minor, 25);
  Currency other = thb;
  other.minor_digits = 0;
  EXPECT_THROW(register_currency(other), DataError);
}

}  // namespace
}  // namespace gfund
