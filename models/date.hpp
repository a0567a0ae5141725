#pragma once
// Civil dates (no time of day, no time zone) on C++20 <chrono>, with the
// month arithmetic and day counts loans use.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/decimal.hpp"

namespace gfund {

using Date = std::chrono::year_month_day;  // a civil day; valid() holds for every Date gfund makes

// Parses ISO "YYYY-MM-DD". A date that does not exist (2025-02-30) or any
// other form throws DataError naming the text.
Date parse_date(std::string_view text);
std::string format_date(const Date& d);  // "2025-02-28"

// Days since 1970-01-01 (for storage and differences).
std::int64_t to_days(const Date& d);
Date from_days(std::int64_t days);  // the inverse of to_days
// b - a in days.
std::int64_t days_between(const Date& a, const Date& b);

// d + n months, clamped to the month's end: 2024-01-31 + 1 = 2024-02-29,
// 2025-01-31 + 1 = 2025-02-28. n may be negative.
Date add_months(const Date& d, int n);
// Whole months from a to b (b's day >= a's day counts the month; clamped
// month ends count as reached).
int months_between(const Date& a, const Date& b);

// How interest accrues: actual days / 365, or 30/360 (US, bond basis).
enum class DayCount { actual_365_fixed, thirty_360 };

// Year fraction between a and b under the day count (exact decimal).
Decimal year_fraction(const Date& a, const Date& b, DayCount dc);

DayCount parse_day_count(std::string_view text);  // "act/365", "30/360"
std::string_view to_string(DayCount dc);  // the form parse_day_count reads

}  // namespace gfund
