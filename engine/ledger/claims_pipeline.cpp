#include "engine/ledger/claims_pipeline.hpp"

#include <map>

#include "engine/ledger/claim_decision.hpp"
#include "engine/ledger/fund_account.hpp"

namespace gfund::ledger {

ClaimsPipeline claims_pipeline(const LedgerData& data, const Date& as_of,
                               const std::vector<std::pair<const StoredLoan*, LoanPosition>>& positions) {
  ClaimsPipeline out;
  std::map<std::string, AgreementTotals> totals = agreement_totals(data, as_of);
  std::int64_t available = fund_account(data, as_of).available_minor();
  for (const auto& [loan, pos] : positions) {
    const Agreement* a = loan->agreement.empty() ? nullptr : data.agreement(loan->agreement);
    if (!a || !(a->currency == loan->currency) || !pos.first_disbursed) continue;
    if (claim_refusal(*a, pos, as_of)) continue;
    AgreementTotals& t = totals[a->id];
    const ClaimDecision d = decide_claim(ClaimRequest{.agreement = a,
                                                      .position = pos,
                                                      .date = as_of,
                                                      .enrolled_minor = t.enrolled_minor,
                                                      .owed_to_date_minor = t.claims_owed_minor,
                                                      .available_minor = available});
    // As the ledger records it: the whole share counts against the cap and
    // is no longer free for the next claim (paid now or owed).
    t.claims_owed_minor += d.owed_minor;
    available -= d.owed_minor;
    out.loans.push_back(PipelineLoan{loan->bank, loan->ref, a->id, a->currency, pos.days_past_due, pos.written_off,
                                     d.loss_minor, d.owed_minor, d.limit});
    out.fund_would_owe_minor += d.owed_minor;
  }
  return out;
}

}  // namespace gfund::ledger
