#include "engine/ledger/general_ledger.hpp"

#include <string>

#include "engine/ledger/fund_movements.hpp"

namespace gfund::ledger {

std::string_view to_string(GlAccount a) {
  switch (a) {
    case GlAccount::cash: return "1000 Cash";
    case GlAccount::fees_receivable: return "1100 Guarantee fees receivable";
    case GlAccount::claims_payable: return "2000 Claims payable";
    case GlAccount::fund_capital: return "3000 Fund capital";
    case GlAccount::fee_income: return "4000 Guarantee fee income";
    case GlAccount::recoveries: return "4100 Recoveries";
    case GlAccount::claims_expense: return "5000 Claims expense";
  }
  return "?";
}

namespace {
GlLine dr(GlAccount a, std::int64_t v) { return GlLine{a, v, 0}; }
GlLine cr(GlAccount a, std::int64_t v) { return GlLine{a, 0, v}; }

// The entry one movement makes; empty lines for movements that move no
// fund money (enrolment) or move nothing.
GlEntry entry_of(const Movement& m, const LedgerData& d) {
  using A = GlAccount;
  const std::string agreement = m.agreement ? " (" + d.agreements[m.agreement - 1].id + ")" : "";
  GlEntry e;
  e.date = m.date;
  switch (m.kind) {
    case MovementKind::capital_in:
      e.memo = "capital in";
      e.lines = {dr(A::cash, m.amount_minor), cr(A::fund_capital, m.amount_minor)};
      break;
    case MovementKind::capital_out:
      e.memo = "capital out";
      e.lines = {dr(A::fund_capital, m.amount_minor), cr(A::cash, m.amount_minor)};
      break;
    case MovementKind::guarantee_fee:
      e.memo = "guarantee fee received";
      e.lines = {dr(A::cash, m.amount_minor), cr(A::fees_receivable, m.amount_minor)};
      break;
    case MovementKind::claim:
      // The whole share is an expense on the claim date; what staged payout
      // leaves unpaid is owed (claims payable) until claim-settle.
      e.memo = "claim" + agreement;
      e.lines.push_back(dr(A::claims_expense, m.owed_minor));
      if (m.amount_minor > 0) e.lines.push_back(cr(A::cash, m.amount_minor));
      if (m.owed_minor > m.amount_minor) e.lines.push_back(cr(A::claims_payable, m.owed_minor - m.amount_minor));
      break;
    case MovementKind::claim_settlement:
      e.memo = "claim settlement" + agreement;
      e.lines = {dr(A::claims_payable, m.amount_minor), cr(A::cash, m.amount_minor)};
      break;
    case MovementKind::recovery:
      e.memo = "recovery to the fund" + agreement;
      e.lines = {dr(A::cash, m.amount_minor), cr(A::recoveries, m.amount_minor)};
      break;
    case MovementKind::enrolment: break;
  }
  return e;
}
}  // namespace

GeneralLedger general_ledger(const LedgerData& data, const Date& as_of, std::int64_t fees_accrued_minor) {
  GeneralLedger gl;
  for (const auto& m : fund_movements(data)) {
    if (as_of < m.date) break;  // in date order
    GlEntry e = entry_of(m, data);
    if (e.lines.empty() || (m.amount_minor == 0 && m.owed_minor == 0)) continue;
    gl.journal.push_back(std::move(e));
  }
  if (fees_accrued_minor != 0) {
    GlEntry e;
    e.date = as_of;
    e.memo = "guarantee fees earned to date (accrued)";
    e.lines = {dr(GlAccount::fees_receivable, fees_accrued_minor), cr(GlAccount::fee_income, fees_accrued_minor)};
    gl.journal.push_back(std::move(e));
  }
  gl.trial_balance.resize(kGlAccounts);
  for (int a = 0; a < kGlAccounts; ++a) gl.trial_balance[static_cast<std::size_t>(a)].account = static_cast<GlAccount>(a);
  int n = 0;
  for (auto& e : gl.journal) {
    e.number = ++n;
    std::int64_t debits = 0, credits = 0;
    for (const auto& l : e.lines) {
      auto& row = gl.trial_balance[static_cast<std::size_t>(l.account)];
      row.debit_minor += l.debit_minor;
      row.credit_minor += l.credit_minor;
      debits += l.debit_minor;
      credits += l.credit_minor;
    }
    GFUND_ASSERT(debits == credits);
  }
  return gl;
}

}  // namespace gfund::ledger
