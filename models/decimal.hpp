#pragma once
// Exact decimal arithmetic for the fractional steps of money: interest,
// annuity payments, pro-rata splits. Values are rounded once, at the end, to
// an integer number of units (half-even by default, as banks and IEEE 754
// round, so that rounding errors do not drift one way over many loans).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/multiprecision/cpp_dec_float.hpp>

namespace gfund {

// 50 significant decimal digits: a 19-digit amount times a rate still keeps
// 30 digits after the point, far below any unit we round to.
using Decimal = boost::multiprecision::number<boost::multiprecision::cpp_dec_float<50>,
                                              boost::multiprecision::et_off>;

enum class Rounding { half_even, half_up };

// Rounds x to the nearest integer. Throws DataError if it does not fit int64.
std::int64_t round_to_int(const Decimal& x, Rounding mode = Rounding::half_even);

// Rounds x (in minor units) to the nearest multiple of `unit` (>= 1), e.g. a
// KHR amount to the 100-riel cash unit. Throws DataError on overflow.
std::int64_t round_to_unit(const Decimal& x, std::int64_t unit, Rounding mode = Rounding::half_even);

// Parses a plain decimal number ("12.5", "-0.05", "1,234.5"). Thousands
// separators are accepted only in groups of three before the point.
// Throws DataError naming the text when malformed.
Decimal parse_decimal(std::string_view text);

// Exact decimal string of x with at most `max_decimals` decimals (rounded
// half-even), trailing zeros removed. For output only.
std::string to_string(const Decimal& x, int max_decimals = 10);

// Splits `total` (an integer number of units, any sign) into parts
// proportional to `weights` (all >= 0, at least one > 0) so that the parts
// sum exactly to `total`. Largest-remainder method: each part gets the floor
// of its exact share, and the units left over go one each to the largest
// remainders (ties to the earlier index, so the result is deterministic).
// With `unit` > 1 parts are multiples of `unit`; `total` must be one too.
std::vector<std::int64_t> allocate(std::int64_t total, std::span<const Decimal> weights,
                                   std::int64_t unit = 1);

}  // namespace gfund
