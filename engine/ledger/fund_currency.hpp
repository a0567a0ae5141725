#pragma once
// Headline figures in the fund's currency. Each other currency's fund totals
// are converted at one rate and added to the fund currency's own: the rate
// of a currency is the one given for this run (`--fx KHR=4100`), else the
// ledger's latest fx_rates row dated on or before as_of. Conversion is
// models/fx.hpp's convert_minor (exact, rounded once per amount, half-even).
// Without a rate for some currency that has loans there is no total: a sum
// that leaves a currency out would be wrong without saying so.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/status_totals.hpp"
#include "models/date.hpp"
#include "models/fx.hpp"

namespace gfund::ledger {

// Rates given for one run: ISO code -> decimal text (major units per fund major unit).
using GivenFx = std::map<std::string, std::string>;

struct FxRateUsed {
  std::string currency;        // ISO code
  std::string text;            // the rate as stored or given ("4100")
  double per_fund_unit = 0.0;  // > 0
  std::optional<Date> dated;   // the ledger row's date; none = given for this run
};

struct FundCurrencyTotals {
  std::vector<FxRateUsed> rates;      // one per other currency with loans, in code order
  std::vector<std::string> missing;   // other currencies with loans and no rate
  std::optional<StatusTotals> total;  // level "fund", key "all currencies", in the fund currency; none if `missing`
  // The rates as models/fx.hpp takes them (fund currency + rates used).
  FxRates fx_rates(const Currency& fund) const;
};

// The rate of `code` at as_of: given, else the ledger's latest dated on or
// before as_of; none if neither. Throws DataError (field "fx") when a given
// rate is not a decimal above 0.
std::optional<FxRateUsed> rate_in_effect(const LedgerData& d, const std::string& code, const Date& as_of,
                                         const GivenFx& given);

// The fund-level rows (one per currency) converted into the fund currency and added.
FundCurrencyTotals fund_currency_totals(const LedgerData& d, const std::vector<StatusTotals>& fund_rows,
                                        const Date& as_of, const GivenFx& given);

// "--fx KHR=4100" -> {"KHR", "4100"}; UsageError naming the text when malformed.
std::pair<std::string, std::string> parse_given_fx(const std::string& text);

}  // namespace gfund::ledger
