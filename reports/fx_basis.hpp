#pragma once
// How a report says which exchange rates its fund-currency figures used, in
// one wording for the terminal, the dashboard and the workbook.
#include <string>

#include "engine/ledger/fund_currency.hpp"

namespace gfund::reports {

// "KHR at 4100 per USD (ledger rate of 2023-12-31)"; "no KHR rate on or
// before the as-of date" when one is missing; "" when the book has one currency.
std::string fx_basis(const ledger::FundCurrencyTotals& t, const Currency& fund);

}  // namespace gfund::reports
