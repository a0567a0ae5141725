#include "models/date.hpp"

#include <cctype>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
using namespace std::chrono;

Date parse_date(std::string_view text) {
  auto fail = [&](const char* why) { return DataError(fmt::format("'{}' is not a date ({})", text, why)); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw fail("write YYYY-MM-DD");
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (size_t k = 0; k < lens[i]; ++k) {
      char c = text[starts[i] + k];
      if (!std::isdigit(static_cast<unsigned char>(c))) throw fail("write YYYY-MM-DD");
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  Date d{year{parts[0]}, month{static_cast<unsigned>(parts[1])}, day{static_cast<unsigned>(parts[2])}};
  if (!d.ok()) throw fail("no such day");
  if (parts[0] < 1900 || parts[0] > 2200) throw fail("year out of range 1900..2200");
  return d;
}

std::string format_date(const Date& d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::int64_t to_days(const Date& d) { return sys_days(d).time_since_epoch().count(); }
Date from_days(std::int64_t days) { return Date(sys_days(std::chrono::days(days))); }
std::int64_t days_between(const Date& a, const Date& b) { return to_days(b) - to_days(a); }

Date add_months(const Date& d, int n) {
  year_month ym = year_month(d.year(), d.month()) + months(n);
  auto last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
  return Date(ym.year(), ym.month(), d.day() > last ? last : d.day());
}

int months_between(const Date& a, const Date& b) {
  int m = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
          (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month())));
  // Step back while a + m overshoots b (handles month-end clamping).
  while (m > 0 && to_days(add_months(a, m)) > to_days(b)) --m;
  while (m < 0 && to_days(add_months(a, m)) < to_days(b)) ++m;
  return m;
}

Decimal year_fraction(const Date& a, const Date& b, DayCount dc) {
  if (dc == DayCount::actual_365_fixed) return Decimal(days_between(a, b)) / 365;
  // 30/360 US: day 31 becomes 30; b's 31 becomes 30 only if a's day >= 30.
  int d1 = static_cast<int>(static_cast<unsigned>(a.day()));
  int d2 = static_cast<int>(static_cast<unsigned>(b.day()));
  if (d1 == 31) d1 = 30;
  if (d2 == 31 && d1 >= 30) d2 = 30;
  int y = static_cast<int>(b.year()) - static_cast<int>(a.year());
  int m = static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month()));
  return Decimal(360 * y + 30 * m + (d2 - d1)) / 360;
}

DayCount parse_day_count(std::string_view text) {
  if (text == "act/365" || text == "actual/365" || text == "ACT/365F" || text == "act365") return DayCount::actual_365_fixed;
  if (text == "30/360") return DayCount::thirty_360;
  throw DataError(fmt::format("'{}' is not a day count (act/365 or 30/360)", text));
}

std::string_view to_string(DayCount dc) { return dc == DayCount::actual_365_fixed ? "act/365" : "30/360"; }

}  // namespace gfund
