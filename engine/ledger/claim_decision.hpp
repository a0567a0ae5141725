#pragma once
// The ledger's claim decision as a pure function: what the fund owes and
// pays on one claim, from the agreement's terms, the loan's position just
// before the claim and the fund's and agreement's totals on its date. The
// writer calls it to record a claim and `verify` calls it to re-derive every
// stored claim; the arithmetic is the terms' own (split_claim,
// GuaranteeTerms::paid_at_claim), as in the risk engine and sizing.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/portfolio/loan_position.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::ledger {

struct ClaimRequest {
  const Agreement* agreement = nullptr;  // the loan's agreement (nullptr: not guaranteed)
  LoanPosition position;                 // the loan just before the claim (same-day order)
  Date date{};
  std::int64_t enrolled_minor = 0;       // the agreement's enrolled volume on `date`
  std::int64_t owed_to_date_minor = 0;   // the agreement's claims (full shares) before this one
  std::int64_t available_minor = -1;     // fund balance less claims due on `date`, >= 0; -1 = not limited
  std::optional<std::int64_t> asked_minor;  // the amount the bank asked for; none = what the terms allow
};

struct ClaimDecision {
  std::int64_t loss_minor = 0;      // written off, else outstanding, at the claim
  std::int64_t allowed_minor = 0;   // what the terms allow: coverage, caps, fund balance
  std::int64_t owed_minor = 0;      // the fund's share: allowed, or the smaller amount asked
  std::int64_t paid_now_minor = 0;  // paid at claim: payout_at_claim of owed (the rest is due later)
  ClaimLimit limit = ClaimLimit::none;
};

// Why a claim on this loan may not be made on `date` under the agreement's
// terms: already claimed, within the lock-in, or before the claim trigger
// (a written-off loan is past any trigger). None when it may. decide_claim
// refuses with exactly this; the claims pipeline (status) asks it too.
struct ClaimRefusal {
  const char* field = "date";  // the input field at fault: "loan" or "date"
  std::string rule;
};
std::optional<ClaimRefusal> claim_refusal(const Agreement& agreement, const LoanPosition& position, const Date& date);

// Room left under the agreement's cumulative portfolio cap: the effective
// cap on `enrolled_minor` (GuaranteeTerms::effective_portfolio_cap) less the
// claims already owed against it (paid + still due, full shares), never
// below 0, in minor units of the agreement's currency. None = uncapped.
std::optional<std::int64_t> portfolio_room_minor(const Agreement& agreement, std::int64_t enrolled_minor,
                                                 std::int64_t owed_to_date_minor);

// Throws DataError naming the field ("loan", "date" or "amount") and the
// rule when the claim may not be made: not guaranteed, already claimed,
// within the lock-in, before the claim trigger, or asking more than allowed.
ClaimDecision decide_claim(const ClaimRequest& request);

}  // namespace gfund::ledger
