#pragma once
// Money: a currency and an integer number of its minor units (USD cents, KHR
// riel). Arithmetic is checked: overflow throws, never wraps; mixing
// currencies throws. No floating point ever holds a ledger amount.
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/currency.hpp"
#include "models/decimal.hpp"

namespace gfund {

class Money {
 public:
  Money() = default;  // 0 USD
  Money(Currency currency, std::int64_t minor) : currency_(currency), minor_(minor) {}
  static Money zero(Currency c) { return Money(c, 0); }

  const Currency& currency() const noexcept { return currency_; }
  std::int64_t minor() const noexcept { return minor_; }  // amount in minor units
  bool is_zero() const noexcept { return minor_ == 0; }
  bool is_negative() const noexcept { return minor_ < 0; }
  bool is_positive() const noexcept { return minor_ > 0; }

  // Checked: throw DataError on currency mismatch or int64 overflow.
  Money operator+(const Money& o) const;
  Money operator-(const Money& o) const;
  Money operator-() const;
  Money& operator+=(const Money& o) { return *this = *this + o; }
  Money& operator-=(const Money& o) { return *this = *this - o; }

  // Comparisons across currencies throw DataError.
  friend bool operator==(const Money& a, const Money& b);
  friend std::strong_ordering operator<=>(const Money& a, const Money& b);

  // The amount as an exact decimal in major units (12.34 for 1234 cents).
  Decimal to_major() const;

 private:
  Currency currency_ = Currency{{'U', 'S', 'D', 0}, 2, 1};
  std::int64_t minor_ = 0;
};

Money min(const Money& a, const Money& b);
Money max(const Money& a, const Money& b);

// amount x factor, rounded once to the minor unit (interest, fees, coverage).
Money multiply(const Money& amount, const Decimal& factor, Rounding mode = Rounding::half_even);
// As multiply, but rounded to the currency's cash unit (KHR: 100 riel).
Money multiply_cash(const Money& amount, const Decimal& factor, Rounding mode = Rounding::half_even);
// A decimal amount in minor units, rounded to the minor unit / cash unit.
Money round_minor(Currency c, const Decimal& minor, Rounding mode = Rounding::half_even);
Money round_cash(Currency c, const Decimal& minor, Rounding mode = Rounding::half_even);

// Splits `total` in proportion to `weights`; the parts sum exactly to total
// (largest remainder). With to_cash_unit the parts are multiples of the cash
// unit (total must be one).
std::vector<Money> allocate(const Money& total, std::span<const Decimal> weights, bool to_cash_unit = false);

// Parses an amount as people write it: "1,234.56", "-0.05", "400000 KHR",
// "USD 12.00", "12.5". Without a code in the text the `expected` currency
// applies (and is required). A code that differs from `expected` (when
// given) is an error, as are more decimals than the currency allows.
// Throws DataError naming the text.
Money parse_money(std::string_view text, std::optional<Currency> expected);

// Parses the number only, as minor units of `c` ("1,234.56" -> 123456).
std::int64_t parse_minor(std::string_view text, const Currency& c);

// "1,234.56 USD" (with_code) or "1,234.56"; KHR "400,000 KHR".
std::string format_money(const Money& m, bool with_code = true);
// Minor units as a plain decimal string without separators: "1234.56".
std::string format_plain(const Money& m);

}  // namespace gfund
