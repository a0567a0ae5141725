#include <gtest/gtest.h>

#include "models/date.hpp"
#include "models/errors.hpp"

namespace gfund {
namespace {

TEST(Date, ParsesIsoAndRefusesDaysThatDoNotExist) {
  EXPECT_EQ(format_date(parse_date("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2025-02-30", "2025-02-29", "2025-13-01", "2025-4-01", "01/02/2025", "", "2025-00-10"}) {
    try {
      (void)parse_date(bad);
      FAIL() << bad;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos);
    }
  }
}

TEST(Date, MonthArithmeticClampsToMonthEnd) {
  EXPECT_EQ(format_date(add_months(parse_date("2024-01-31"), 1)), "2024-02-29");  // leap year
  EXPECT_EQ(format_date(add_months(parse_date("2025-01-31"), 1)), "2025-02-28");
  EXPECT_EQ(format_date(add_months(parse_date("2025-03-31"), 1)), "2025-04-30");
  EXPECT_EQ(format_date(add_months(parse_date("2025-12-15"), 1)), "2026-01-15");
  EXPECT_EQ(format_date(add_months(parse_date("2025-03-31"), -1)), "2025-02-28");
  EXPECT_EQ(format_date(add_months(parse_date("2024-02-29"), 12)), "2025-02-28");
  EXPECT_EQ(months_between(parse_date("2025-01-31"), parse_date("2025-02-28")), 1);
  EXPECT_EQ(months_between(parse_date("2025-01-15"), parse_date("2025-03-14")), 1);
  EXPECT_EQ(months_between(parse_date("2025-01-15"), parse_date("2025-03-15")), 2);
}

TEST(Date, DayCounts) {
  // actual/365 fixed: 2024 is a leap year, 366 actual days.
  EXPECT_EQ(year_fraction(parse_date("2024-01-01"), parse_date("2025-01-01"), DayCount::actual_365_fixed),
            Decimal(366) / 365);
  // 30/360 US: 31st treated as 30th; Jan 31 -> Mar 31 is exactly 2 months.
  EXPECT_EQ(year_fraction(parse_date("2025-01-31"), parse_date("2025-03-31"), DayCount::thirty_360), Decimal(60) / 360);
  EXPECT_EQ(year_fraction(parse_date("2025-01-15"), parse_date("2025-02-15"), DayCount::thirty_360), Decimal(30) / 360);
  EXPECT_EQ(days_between(parse_date("2024-02-28"), parse_date("2024-03-01")), 2);
  EXPECT_EQ(from_days(to_days(parse_date("2031-07-04"))), parse_date("2031-07-04"));
}

}  // namespace
}  // namespace gfund
