#include "engine/ledger/fund_account.hpp"

#include <algorithm>

namespace gfund::ledger {

Date end_of_time() { return Date{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}}; }

FundAccount fund_account(const LedgerData& data, const Date& as_of) {
  FundAccount f;
  for (const auto& e : data.fund_events) {
    if (e.date > as_of) break;
    switch (e.kind) {
      case FundEventKind::capital_in: f.capital_in_minor += e.amount_minor; break;
      case FundEventKind::capital_out: f.capital_out_minor += e.amount_minor; break;
      case FundEventKind::guarantee_fee: f.fees_in_minor += e.amount_minor; break;
    }
  }
  for (const auto& l : data.loans)
    for (const auto& e : l.events) {
      if (e.date > as_of) break;
      if (e.kind == LoanEventKind::claim) {
        f.claims_paid_minor += e.fund_minor;
        f.claims_due_minor += std::max(e.owed_minor, e.fund_minor) - e.fund_minor;
      }
      if (e.kind == LoanEventKind::claim_settlement) {
        f.claims_paid_minor += e.fund_minor;
        f.claims_due_minor -= e.fund_minor;
      }
      if (e.kind == LoanEventKind::recovery) f.recoveries_minor += e.fund_minor;
    }
  return f;
}

std::map<std::string, AgreementTotals> agreement_totals(const LedgerData& data, const Date& as_of) {
  std::map<std::string, AgreementTotals> out;
  for (const auto& a : data.agreements) out[a.id];
  for (const auto& l : data.loans) {
    if (l.agreement.empty()) continue;
    auto& t = out[l.agreement];
    for (const auto& e : l.events) {
      if (e.date > as_of) break;
      if (e.kind == LoanEventKind::disbursement) t.enrolled_minor += e.amount_minor;
      if (e.kind == LoanEventKind::claim) {
        t.claims_paid_minor += e.fund_minor;
        t.claims_owed_minor += std::max(e.owed_minor, e.fund_minor);
      }
      if (e.kind == LoanEventKind::claim_settlement) t.claims_paid_minor += e.fund_minor;
    }
  }
  return out;
}

}  // namespace gfund::ledger
