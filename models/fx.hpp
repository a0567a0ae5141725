#pragma once
// THE currency conversion, written once and used by the ledger's reports,
// the risk engine, sizing and the ledger-to-engine inputs. Rates are stated
// as a model file states them: major units of a currency per one major unit
// of the fund's currency (4100 KHR per USD). An amount converts to another
// currency through the fund's, exactly (decimal), and is rounded once,
// half-even, to the target's minor unit. No currency is special: the minor
// units per major unit come from each Currency.
#include <cstdint>
#include <map>
#include <string>

#include "models/currency.hpp"
#include "models/money.hpp"

namespace gfund {

struct FxRates {
  Currency fund;                                // every rate is per one unit of this
  std::map<std::string, double> per_fund_unit;  // ISO code -> major units per fund major unit, > 0
};

// `amount_minor` minor units of `from` in minor units of `to`, rounded once,
// half-even. Throws DataError (field "fx.<code>") when a rate is missing.
std::int64_t convert_minor(std::int64_t amount_minor, const Currency& from, const Currency& to, const FxRates& rates);
Money convert(const Money& m, const Currency& to, const FxRates& rates);
// Minor units of `to` per minor unit of `from` at the same rates, for a loop
// that scales many unrounded engine balances (the risk engine's book).
double conversion_factor(const Currency& from, const Currency& to, const FxRates& rates);

}  // namespace gfund
