#include "engine/ledger/fund_movements.hpp"

#include <algorithm>
#include <unordered_map>

namespace gfund::ledger {

namespace {

MovementKind movement_of(FundEventKind k) {
  switch (k) {
    case FundEventKind::capital_in: return MovementKind::capital_in;
    case FundEventKind::capital_out: return MovementKind::capital_out;
    case FundEventKind::guarantee_fee: return MovementKind::guarantee_fee;
  }
  GFUND_ASSERT(false);
  return MovementKind::capital_in;
}

// The movement a loan event makes, if any.
std::optional<Movement> movement_of(const LoanEvent& e, std::size_t agreement) {
  switch (e.kind) {
    case LoanEventKind::disbursement:
      return Movement{e.date, MovementKind::enrolment, e.amount_minor, 0, agreement};
    case LoanEventKind::claim:
      return Movement{e.date, MovementKind::claim, e.fund_minor, std::max(e.owed_minor, e.fund_minor), agreement};
    case LoanEventKind::claim_settlement:
      return Movement{e.date, MovementKind::claim_settlement, e.fund_minor, 0, agreement};
    case LoanEventKind::recovery:
      return Movement{e.date, MovementKind::recovery, e.fund_minor, 0, agreement};
    default: return std::nullopt;
  }
}

}  // namespace

std::vector<Movement> fund_movements(const LedgerData& data, const std::function<bool(const LoanEvent&)>& skip) {
  std::vector<Movement> out;
  for (const auto& f : data.fund_events) out.push_back({f.date, movement_of(f.kind), f.amount_minor, 0, 0});
  for (const auto& l : data.loans) {
    const std::size_t agreement = l.agreement.empty() ? 0 : data.agreement_slot(l.agreement);
    for (const auto& e : l.events)
      if (!(skip && skip(e)))
        if (auto m = movement_of(e, agreement)) out.push_back(*m);
  }
  std::stable_sort(out.begin(), out.end(), [](const Movement& a, const Movement& b) { return a.date < b.date; });
  return out;
}

void FundSweep::take(const Movement& m) {
  GFUND_ASSERT(m.amount_minor >= 0 && m.agreement < agreements_.size());
  AgreementTotals& t = agreements_[m.agreement];
  switch (m.kind) {
    case MovementKind::capital_in: account_.capital_in_minor += m.amount_minor; break;
    case MovementKind::capital_out: account_.capital_out_minor += m.amount_minor; break;
    case MovementKind::guarantee_fee: account_.fees_in_minor += m.amount_minor; break;
    case MovementKind::claim:
      GFUND_ASSERT(m.owed_minor >= m.amount_minor);
      account_.claims_paid_minor += m.amount_minor;
      account_.claims_due_minor += m.owed_minor - m.amount_minor;
      t.claims_paid_minor += m.amount_minor;
      t.claims_owed_minor += m.owed_minor;
      break;
    case MovementKind::claim_settlement:
      account_.claims_paid_minor += m.amount_minor;
      account_.claims_due_minor -= m.amount_minor;
      t.claims_paid_minor += m.amount_minor;
      break;
    case MovementKind::recovery: account_.recoveries_minor += m.amount_minor; break;
    case MovementKind::enrolment: t.enrolled_minor += m.amount_minor; break;
  }
}

std::size_t FundSweep::take_until(const std::vector<Movement>& movements, std::size_t next, const Date& date) {
  for (; next < movements.size() && !(date < movements[next].date); ++next) take(movements[next]);
  return next;
}

}  // namespace gfund::ledger
