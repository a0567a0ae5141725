#pragma once
// Ratio: an exact rate or share in parts per million (ppm). 15% a year is
// 150'000 ppm; 80% coverage is 800'000 ppm; a 0.5% fee is 5'000 ppm.
// Integer so that terms stored in the ledger compare and round-trip exactly;
// converted to Decimal for computation.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/decimal.hpp"

namespace gfund {

struct Ratio {
  std::int64_t ppm = 0;  // parts per million; 1'000'000 = 100%

  static constexpr std::int64_t kOne = 1'000'000;
  static constexpr Ratio from_ppm(std::int64_t p) { return Ratio{p}; }
  static constexpr Ratio percent(std::int64_t pct) { return Ratio{pct * 10'000}; }
  Decimal to_decimal() const { return Decimal(ppm) / kOne; }
  double to_double() const { return static_cast<double>(ppm) / kOne; }
  friend auto operator<=>(const Ratio&, const Ratio&) = default;
};

// Parses "12.5%", "0.125" (a fraction) or "12.5 %". A value finer than one
// ppm is an error (it would not round-trip). Throws DataError naming text.
Ratio parse_ratio(std::string_view text);

// "12.5%" (shortest exact form).
std::string format_percent(Ratio r);

}  // namespace gfund
