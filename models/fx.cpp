#include "models/fx.hpp"

#include <fmt/format.h>

#include "models/decimal.hpp"
#include "models/errors.hpp"

namespace gfund {
namespace {

// Major units of `c` per fund major unit (1 for the fund's own currency).
Decimal rate_of(const Currency& c, const FxRates& rates) {
  if (c == rates.fund) return Decimal(1);
  const auto it = rates.per_fund_unit.find(std::string(c.code_view()));
  if (it == rates.per_fund_unit.end() || !(it->second > 0))
    throw DataError(fmt::format("no FX rate {} per {} (state it in the model's [fx] table)", c.code_view(),
                                rates.fund.code_view()),
                    ErrorSite{"", 0, "fx." + std::string(c.code_view())});
  return Decimal(it->second);  // a double converts to a decimal exactly
}

// to-minor per from-minor: (to per fund) / (from per fund), in minor units.
Decimal factor_of(const Currency& from, const Currency& to, const FxRates& rates) {
  return rate_of(to, rates) * Decimal(to.minor_per_major()) / (rate_of(from, rates) * Decimal(from.minor_per_major()));
}

}  // namespace

std::int64_t convert_minor(std::int64_t amount_minor, const Currency& from, const Currency& to, const FxRates& rates) {
  if (from == to) return amount_minor;
  return round_to_int(Decimal(amount_minor) * factor_of(from, to, rates));
}

Money convert(const Money& m, const Currency& to, const FxRates& rates) {
  return Money(to, convert_minor(m.minor(), m.currency(), to, rates));
}

double conversion_factor(const Currency& from, const Currency& to, const FxRates& rates) {
  if (from == to) return 1.0;
  return static_cast<double>(factor_of(from, to, rates));
}

}  // namespace gfund
