#pragma once
// The fund's account and each agreement's totals at an as-of date, derived
// from events (pure functions over LedgerData).
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {

// Latest date gfund handles: "as of now, every event counted".
Date end_of_time();

// The fund's own cash account, in minor units of the fund currency; every
// field is >= 0 (a sum of positive events).
struct FundAccount {
  std::int64_t capital_in_minor = 0;   // capital paid into the fund (donors, sponsors)
  std::int64_t capital_out_minor = 0;  // capital paid back or moved out
  std::int64_t fees_in_minor = 0;      // guarantee fees received
  std::int64_t claims_paid_minor = 0;  // paid on claims: at claim and by claim settlements
  std::int64_t claims_due_minor = 0;   // owed on claims and not yet paid (staged payout), not in the balance
  std::int64_t recoveries_minor = 0;   // recoveries returned to the fund
  // Cash held: what came in less what went out (may be < 0 only if the
  // ledger let claims outrun capital, which its never-negative check forbids).
  std::int64_t balance_minor() const {
    return capital_in_minor - capital_out_minor + fees_in_minor + recoveries_minor - claims_paid_minor;
  }
  // Available capital: the balance less what earlier claims still owe
  // (staged payout promised it), never below zero. The one figure a new
  // claim may use (the writer's sweep) and the capital sizing and
  // simulation run on (bridge::LedgerInputs::capital_available_minor).
  std::int64_t available_minor() const { return std::max<std::int64_t>(balance_minor() - claims_due_minor, 0); }
};

// One guarantee agreement's totals, in minor units of the fund currency.
struct AgreementTotals {
  std::int64_t enrolled_minor = 0;     // principal disbursed under the agreement
  std::int64_t claims_paid_minor = 0;  // fund payments on claims (at claim + settlements)
  std::int64_t claims_owed_minor = 0;  // the fund's full share of its claims (what counts against the cap)
  std::int64_t claims_due_minor() const { return claims_owed_minor - claims_paid_minor; }  // owed, not yet paid, >= 0
};

// The fund's account at as_of: events dated on or before as_of count.
FundAccount fund_account(const LedgerData& data, const Date& as_of);
// Every agreement's totals at as_of (events on or before it), by agreement id.
std::map<std::string, AgreementTotals> agreement_totals(const LedgerData& data, const Date& as_of);

}  // namespace gfund::ledger
