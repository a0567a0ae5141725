#pragma once
// The claims pipeline: guaranteed loans the bank could claim today and has
// not, with what the fund would owe on each. Decided by the ledger's own
// claim rule (claim_decision.hpp: claim_refusal says whether a claim may be
// made, decide_claim what the fund owes), so a loan is in the pipeline
// exactly when `gfund claim` on as_of would accept it, for exactly the
// amount it would record.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/ledger/ledger_data.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::ledger {

struct PipelineLoan {
  std::string bank, loan, agreement;
  Currency currency;                      // the agreement's (= the fund's) currency
  int days_past_due = 0;                  // at as_of
  bool written_off = false;               // claimable whatever its days past due
  std::int64_t outstanding_minor = 0;     // the loss a claim would cover: outstanding, or written off
  std::int64_t fund_would_owe_minor = 0;  // the fund's full share if claimed on as_of (staged payout included)
  ClaimLimit limit = ClaimLimit::none;    // the limit that decided it (per-loan cap, portfolio cap, fund balance)
};

struct ClaimsPipeline {
  std::vector<PipelineLoan> loans;        // in the ledger's loan order
  std::int64_t fund_would_owe_minor = 0;  // sum over loans, fund currency
};

// The pipeline at as_of. `positions`: each guaranteed loan of `data` with its
// position at as_of (loans whose currency is not their agreement's are left
// out: the ledger refuses them at import). The loans are claimed one after
// another in the given order, each against the cap room and available capital
// the earlier ones left, as if the banks filed them all today: the total is
// what the fund would owe, never more than the caps and capital allow.
ClaimsPipeline claims_pipeline(const LedgerData& data, const Date& as_of,
                               const std::vector<std::pair<const StoredLoan*, LoanPosition>>& positions);

}  // namespace gfund::ledger
