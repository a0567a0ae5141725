#include "models/currency.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {
namespace {

Currency make(std::string_view code, int digits, std::int64_t cash) {
  Currency c;
  for (int i = 0; i < 3; ++i) c.code[i] = code[static_cast<size_t>(i)];
  c.minor_digits = digits;
  c.cash_unit_minor = cash;
  return c;
}

// The registry is small and read far more often than written.
std::mutex registry_mutex;
std::vector<Currency>& registry() {
  static std::vector<Currency> r{make("USD", 2, 1), make("KHR", 0, 100)};
  return r;
}

}  // namespace

std::int64_t Currency::minor_per_major() const noexcept {
  std::int64_t m = 1;
  for (int i = 0; i < minor_digits; ++i) m *= 10;
  return m;
}

Currency usd() { return make("USD", 2, 1); }
Currency khr() { return make("KHR", 0, 100); }

Currency currency_from_code(std::string_view code) {
  std::string up(code);
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char ch) { return std::toupper(ch); });
  std::lock_guard lock(registry_mutex);
  for (const auto& c : registry())
    if (c.code_view() == up) return c;
  throw DataError(fmt::format("unknown currency '{}' (known: USD, KHR and any registered)", code));
}

void register_currency(const Currency& c) {
  if (c.minor_digits < 0 || c.minor_digits > 6 || c.cash_unit_minor < 1)
    throw DataError(fmt::format("currency '{}': decimals must be 0..6 and cash unit >= 1", c.code_view()));
  std::lock_guard lock(registry_mutex);
  for (const auto& known : registry()) {
    if (known.code_view() == c.code_view()) {
      if (known.minor_digits != c.minor_digits || known.cash_unit_minor != c.cash_unit_minor)
        throw DataError(fmt::format("currency '{}' is already registered with other units", c.code_view()));
      return;
    }
  }
  registry().push_back(c);
}

}  // namespace gfund
