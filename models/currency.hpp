#pragma once
// Currencies gfund knows. A currency fixes the minor unit amounts are stored
// in (USD: cent; KHR: riel) and the cash unit payments are rounded to
// (USD: 1 cent; KHR: 100 riel, the smallest note in use).
#include <cstdint>
#include <string>
#include <string_view>

namespace gfund {

struct Currency {
  char code[4] = {0, 0, 0, 0};   // ISO 4217 alphabetic code, NUL-terminated
  int minor_digits = 2;          // decimals of the minor unit: USD 2 (cents), KHR 0 (riel)
  std::int64_t cash_unit_minor = 1;  // payments are multiples of this many minor units (>= 1)

  std::string_view code_view() const noexcept { return std::string_view(code, 3); }
  // 10^minor_digits: minor units per major unit (USD 100, KHR 1).
  std::int64_t minor_per_major() const noexcept;
  friend bool operator==(const Currency& a, const Currency& b) noexcept {
    return a.code_view() == b.code_view();
  }
};

Currency usd();
Currency khr();

// Looks up a currency by ISO code ("USD", "KHR", case-insensitive). Throws
// DataError naming the code if unknown.
Currency currency_from_code(std::string_view code);

// Registers another currency (extensibility): code, decimals, cash unit.
// Re-registering the same code with other parameters throws DataError.
void register_currency(const Currency& c);

}  // namespace gfund
