#pragma once
// One row of the ledger's status totals: the whole fund, one bank or one
// association, in one currency. Amounts are integer minor units of
// `currency`; ratios doubles in [0, 1].
#include <cstdint>
#include <string>

#include "models/currency.hpp"

namespace gfund::ledger {

// Totals for the whole fund, one bank or one association, in one currency
// (USD and KHR loans are never added together).
struct StatusTotals {
  std::string level;                  // "fund", "bank" or "association"
  std::string key;                    // bank / association id; "" for fund; "(none)" = no association
  Currency currency;
  std::int64_t loans = 0;             // loans disbursed on or before as_of
  std::int64_t live_loans = 0;        // with principal outstanding at as_of
  std::int64_t disbursed_minor = 0;   // principal disbursed to as_of
  std::int64_t outstanding_minor = 0; // principal outstanding at as_of
  std::int64_t par30_minor = 0;       // outstanding of loans > 30 days past due
  std::int64_t par90_minor = 0;       // outstanding of loans > 90 days past due
  std::int64_t written_off_minor = 0; // principal written off to as_of
  std::int64_t claims_paid_minor = 0; // paid by the fund on claims to as_of (at claim + claim settlements)
  std::int64_t recoveries_minor = 0;  // recovered from borrowers after default (all parties)
  std::int64_t guaranteed_exposure_minor = 0;  // sum over guaranteed live loans of min(outstanding x coverage, per-loan cap)
  std::int64_t claims_due_minor = 0;  // owed by the fund on claims at as_of and not yet paid (staged payout)
  double par30() const { return outstanding_minor ? double(par30_minor) / double(outstanding_minor) : 0.0; }
  double par90() const { return outstanding_minor ? double(par90_minor) / double(outstanding_minor) : 0.0; }
};

}  // namespace gfund::ledger
