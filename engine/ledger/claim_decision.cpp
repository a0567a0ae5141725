#include "engine/ledger/claim_decision.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/money.hpp"

namespace gfund::ledger {

namespace {
[[noreturn]] void refuse(const char* field, std::string rule) { throw DataError(std::move(rule), ErrorSite{"", 0, field}); }
}  // namespace

std::optional<ClaimRefusal> claim_refusal(const Agreement& a, const LoanPosition& pos, const Date& date) {
  if (pos.claimed) return ClaimRefusal{"loan", "the loan was already claimed"};
  if (const auto open = a.terms.claims_open_from(); open && date < *open)
    return ClaimRefusal{"date",
                        fmt::format("claim within the agreement's lock-in period (claims from {})", format_date(*open))};
  if (!pos.written_off && pos.days_past_due < a.terms.claim_trigger_dpd)
    return ClaimRefusal{"date", fmt::format("claim before the trigger: {} days past due on {}, agreement '{}' needs {}",
                                            pos.days_past_due, format_date(date), a.id, a.terms.claim_trigger_dpd)};
  return std::nullopt;
}

std::optional<std::int64_t> portfolio_room_minor(const Agreement& a, std::int64_t enrolled_minor,
                                                 std::int64_t owed_to_date_minor) {
  const auto cap = a.terms.effective_portfolio_cap(Money(a.currency, enrolled_minor));
  if (!cap) return std::nullopt;
  return std::max<std::int64_t>(cap->minor() - owed_to_date_minor, 0);
}

ClaimDecision decide_claim(const ClaimRequest& r) {
  if (!r.agreement) refuse("loan", "the loan is not guaranteed by any agreement: nothing to claim");
  const Agreement& a = *r.agreement;
  if (auto no = claim_refusal(a, r.position, r.date)) refuse(no->field, std::move(no->rule));
  ClaimDecision d;
  d.loss_minor = r.position.written_off ? r.position.written_off_minor : r.position.outstanding_minor();
  const std::int64_t room = portfolio_room_minor(a, r.enrolled_minor, r.owed_to_date_minor).value_or(-1);
  const std::int64_t per_loan = a.terms.per_loan_cap ? a.terms.per_loan_cap->minor() : -1;
  const ClaimSplit split = split_claim(d.loss_minor, a.terms.coverage, per_loan, room, r.available_minor);
  d.allowed_minor = split.fund_minor;
  d.limit = split.limit;
  if (r.asked_minor && *r.asked_minor > d.allowed_minor) {
    const Currency c = a.currency;
    refuse("amount", fmt::format("claim above a cap: {} claimed, agreement '{}' allows {} on a loss of {} (limited by "
                                 "{})",
                                 format_money(Money(c, *r.asked_minor)), a.id, format_money(Money(c, d.allowed_minor)),
                                 format_money(Money(c, d.loss_minor)),
                                 d.limit == ClaimLimit::none ? "coverage" : to_string(d.limit)));
  }
  d.owed_minor = r.asked_minor.value_or(d.allowed_minor);
  // Staged payout: payout_at_claim of the share now, the rest (the claim
  // balance due) by a later claim_settlement; the whole share counts
  // against the portfolio cap.
  d.paid_now_minor = a.terms.paid_at_claim(d.owed_minor);
  return d;
}

}  // namespace gfund::ledger
