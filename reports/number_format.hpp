#pragma once
// Numbers as a finance reader expects them on charts and in tooltips:
// thousands separators, a fixed number of decimals, compact axis ticks
// ("1.2M"). Exact money in tables is formatted by table.hpp from minor units;
// these helpers are for chart values (doubles) only.
#include <string>

#include "reports/chart.hpp"

namespace gfund::reports {

// 1234567.891, 2 -> "1,234,567.89"; -0.004, 2 -> "0.00" (no negative zero).
std::string group_number(double value, int decimals);
// Inserts thousands separators into a plain decimal string: "-1234567.5" -> "-1,234,567.5".
std::string group_digits(const std::string& plain);

// Axis tick text: percent "12.5%", money/number compact above 10,000
// ("250k", "1.2M"), integer "1,234". `step` is the tick spacing, used to
// pick enough decimals that neighbouring ticks differ.
std::string format_tick(double value, ValueFormat format, double step);

// Three significant figures with k / M / B: 50000 -> "50k", 123456 ->
// "123k", 1234567 -> "1.23M", 950 -> "950". For category labels of amounts.
std::string compact(double value);

// Full value for tooltips and Excel-less readers: percent "12.34%", money
// "1,234.56", number "1,234.56", integer "1,234".
std::string format_value(double value, ValueFormat format);

// "Nice" axis ticks covering [lo, hi] with about `target` intervals
// (1, 2, 2.5, 5 x 10^k steps). Returns first tick, step and count (>= 2).
struct Ticks {
  double first = 0.0;
  double step = 1.0;
  int count = 2;
  double last() const { return first + step * (count - 1); }
};
Ticks nice_ticks(double lo, double hi, int target = 5);

}  // namespace gfund::reports
