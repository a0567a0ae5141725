// The one currency conversion (models/fx.hpp): exact, rounded once
// half-even to the target's minor unit, no currency special-cased.
#include <gtest/gtest.h>

#include "models/errors.hpp"
#include "models/fx.hpp"

namespace gfund {
namespace {

const FxRates kRates{usd(), {{"KHR", 4100.0}}};

TEST(Fx, ConvertsThroughTheFundCurrencyAndRoundsOnceHalfEven) {
  EXPECT_EQ(convert_minor(100, usd(), khr(), kRates), 4100);          // 1.00 USD = 4,100 riel
  EXPECT_EQ(convert_minor(4100, khr(), usd(), kRates), 100);          // and back
  EXPECT_EQ(convert_minor(1'000'000, khr(), usd(), kRates), 24390);   // 243.902439.. -> 243.90
  EXPECT_EQ(convert_minor(205, khr(), usd(), kRates), 5);             // 5.0 cents exactly
  EXPECT_EQ(convert_minor(20, khr(), usd(), kRates), 0);              // 0.4878 cent -> 0
  EXPECT_EQ(convert_minor(61, khr(), usd(), kRates), 1);              // 1.4878 -> 1
  // Half-even on an exact tie: 1/2 cent = 20.5 riel at 4100; use a rate with ties.
  const FxRates even{usd(), {{"KHR", 4000.0}}};
  EXPECT_EQ(convert_minor(20, khr(), usd(), even), 0);   // 0.5 -> 0 (even)
  EXPECT_EQ(convert_minor(60, khr(), usd(), even), 2);   // 1.5 -> 2 (even)
  EXPECT_EQ(convert_minor(12345, usd(), usd(), kRates), 12345);
  EXPECT_EQ(convert(Money(usd(), 250), khr(), kRates), Money(khr(), 10250));
}

TEST(Fx, AMissingRateNamesTheCurrency) {
  const Currency eur{{'E', 'U', 'R', 0}, 2, 1};
  register_currency(eur);
  try {
    convert_minor(100, eur, usd(), kRates);
    FAIL() << "converted without a rate";
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().field, "fx.EUR");
    EXPECT_NE(std::string(e.what()).find("no FX rate EUR per USD"), std::string::npos) << e.what();
  }
}

TEST(Fx, TheEngineFactorIsTheSameRate) {
  EXPECT_DOUBLE_EQ(conversion_factor(khr(), usd(), kRates), 100.0 / 4100.0);
  EXPECT_DOUBLE_EQ(conversion_factor(usd(), khr(), kRates), 41.0);
  EXPECT_EQ(conversion_factor(usd(), usd(), kRates), 1.0);
}

}  // namespace
}  // namespace gfund
