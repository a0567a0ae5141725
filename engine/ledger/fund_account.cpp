#include "engine/ledger/fund_account.hpp"

#include <algorithm>

#include "engine/ledger/fund_movements.hpp"

namespace gfund::ledger {

Date end_of_time() { return Date{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}}; }

// Both are the one dated sweep of fund_movements.hpp, stopped at as_of.
FundAccount fund_account(const LedgerData& data, const Date& as_of) {
  FundSweep sweep(data.agreements.size());
  sweep.take_until(fund_movements(data), 0, as_of);
  return sweep.account();
}

std::map<std::string, AgreementTotals> agreement_totals(const LedgerData& data, const Date& as_of) {
  FundSweep sweep(data.agreements.size());
  sweep.take_until(fund_movements(data), 0, as_of);
  std::map<std::string, AgreementTotals> out;
  for (std::size_t a = 0; a < data.agreements.size(); ++a) out[data.agreements[a].id] = sweep.agreement(a);
  return out;
}

}  // namespace gfund::ledger
