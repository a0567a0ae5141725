#include "engine/portfolio/loan_position.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/money.hpp"

namespace gfund {
namespace {

// The replay walks each schedule once: `due_idx` counts installments due on
// or before the current date and `paid_idx` counts installments fully covered
// by payments; both only move forward within one schedule version.
class Replayer {
 public:
  Replayer(std::int64_t contracted, std::span<const Due> schedule, const ReplayOptions& o)
      : options_(o) {
    pos_.contracted_minor = contracted;
    set_schedule(schedule);
  }

  void set_schedule(std::span<const Due> s) {
    dues_.assign(s.begin(), s.end());
    due_idx_ = 0;
    cum_interest_due_ = 0;
    cum_total_due_ = 0;
    paid_idx_ = 0;
    cum_total_paid_target_ = 0;
    paid_toward_ = 0;
    interest_paid_version_ = 0;
  }

  void advance_to(const Date& t) {
    for (; due_idx_ < dues_.size() && dues_[due_idx_].due <= t; ++due_idx_) {
      cum_interest_due_ += dues_[due_idx_].interest_minor;
      cum_total_due_ += dues_[due_idx_].principal_minor + dues_[due_idx_].interest_minor;
    }
  }
  void advance_paid() {
    while (paid_idx_ < dues_.size() &&
           cum_total_paid_target_ + dues_[paid_idx_].principal_minor + dues_[paid_idx_].interest_minor <=
               paid_toward_) {
      cum_total_paid_target_ += dues_[paid_idx_].principal_minor + dues_[paid_idx_].interest_minor;
      ++paid_idx_;
    }
  }
  // Installments due before t (not on t: those are due, not yet overdue)
  // less what was paid toward them, plus unpaid charges (LoanPosition::overdue_minor).
  std::int64_t overdue_at(const Date& t) const {
    if (!pos_.live()) return 0;
    std::int64_t due_before = cum_total_due_;
    for (std::size_t k = due_idx_; k > 0 && !(dues_[k - 1].due < t); --k)
      due_before -= dues_[k - 1].principal_minor + dues_[k - 1].interest_minor;
    return std::max<std::int64_t>(due_before - paid_toward_, 0) + pos_.charges_due_minor;
  }
  int dpd_at(const Date& t) const {
    if (!pos_.live() || pos_.outstanding_minor() <= 0 || paid_idx_ >= dues_.size()) return 0;
    auto d = days_between(dues_[paid_idx_].due, t);
    return d > 0 ? static_cast<int>(d) : 0;
  }
  // Marks the default day if the oldest unpaid installment reached 90 DPD
  // before `t` (inclusive: on or before t).
  void check_default(const Date& t, bool inclusive) {
    if (pos_.default_date || !pos_.live() || pos_.outstanding_minor() <= 0 || paid_idx_ >= dues_.size()) return;
    Date d = from_days(to_days(dues_[paid_idx_].due) + kDefaultDpd);
    if (inclusive ? d <= t : d < t) pos_.default_date = d;
  }
  void mark_default(const Date& t) {
    if (!pos_.default_date || t < *pos_.default_date) pos_.default_date = t;
  }

  std::string amt(std::int64_t minor) const { return format_money(Money(options_.currency, minor)); }

  [[noreturn]] static void fail(std::size_t i, std::string rule, const char* field = "date") {
    throw LoanEventError(i, std::move(rule), field);
  }
  void on_disbursement(const LoanEvent& e, std::size_t i, bool ended) {
    if (e.amount_minor <= 0) fail(i, "amount must be > 0", "amount");
    if (ended) fail(i, fmt::format("disbursement after the loan was closed on {}", format_date(*pos_.closed_date)));
    if (pos_.disbursed_minor + e.amount_minor > pos_.contracted_minor)
      fail(i, fmt::format("tranches total {} exceeds the contracted principal {}",
                       amt(pos_.disbursed_minor + e.amount_minor), amt(pos_.contracted_minor)),
           "amount");
    pos_.disbursed_minor += e.amount_minor;
    if (!pos_.first_disbursed) pos_.first_disbursed = e.date;
  }

  void on_repayment(const LoanEvent& e, std::size_t i, bool ended) {
    if (e.amount_minor <= 0) fail(i, "amount must be > 0", "amount");
    if (!pos_.first_disbursed) fail(i, "repayment before disbursement (the loan has no disbursement yet)");
    if (ended) fail(i, fmt::format("repayment after the loan was closed on {}", format_date(*pos_.closed_date)));
    std::int64_t rest = e.amount_minor;
    std::int64_t charges = std::min(rest, pos_.charges_due_minor);
    std::int64_t interest_due = cum_interest_due_ - interest_paid_version_;
    std::int64_t interest = std::min(rest - charges, std::max<std::int64_t>(interest_due, 0));
    std::int64_t principal = rest - charges - interest;
    if (principal > pos_.outstanding_minor())
      fail(i, fmt::format("repayment of {} exceeds what is owed ({}: charges {}, interest due {}, principal {})",
                       amt(e.amount_minor),
                       amt(pos_.charges_due_minor + std::max<std::int64_t>(interest_due, 0) +
                           pos_.outstanding_minor()),
                       amt(pos_.charges_due_minor), amt(std::max<std::int64_t>(interest_due, 0)),
                       amt(pos_.outstanding_minor())),
           "amount");
    pos_.charges_due_minor -= charges;
    pos_.charges_paid_minor += charges;
    pos_.interest_paid_minor += interest;
    interest_paid_version_ += interest;
    pos_.principal_paid_minor += principal;
    paid_toward_ += interest + principal;
    advance_paid();
    if (pos_.outstanding_minor() == 0 && pos_.disbursed_minor == pos_.contracted_minor) pos_.closed_date = e.date;
  }

  void on_charge(const LoanEvent& e, std::size_t i, bool ended) {
    if (e.amount_minor <= 0) fail(i, "amount must be > 0", "amount");
    if (!pos_.first_disbursed) fail(i, "charge before disbursement");
    if (ended) fail(i, fmt::format("charge after the loan was closed on {}", format_date(*pos_.closed_date)));
    pos_.charges_due_minor += e.amount_minor;
  }

  void on_write_off(const LoanEvent& e, std::size_t i) {
    if (!pos_.live() || pos_.outstanding_minor() <= 0) fail(i, "write-off of a loan with nothing outstanding");
    pos_.written_off_minor += pos_.outstanding_minor();
    pos_.written_off = true;
    pos_.closed_date = e.date;
    mark_default(e.date);
  }

  void on_restructure(const LoanEvent& e, std::size_t i) {
    if (!pos_.live()) fail(i, "restructure of a loan that is not live");
    if (e.new_schedule.empty()) fail(i, "restructure without a new schedule");
    for (const auto& d : e.new_schedule)
      if (d.due <= e.date) fail(i, "a restructured installment falls due on or before the restructure date");
    set_schedule(e.new_schedule);
    if (e.new_terms) pos_.restructured = e.new_terms;
  }

  void on_claim(const LoanEvent& e, std::size_t i) {
    if (pos_.claimed) fail(i, "loan already claimed");
    if (!pos_.first_disbursed) fail(i, "claim on a loan never disbursed");
    int dpd = dpd_at(e.date);
    if (!pos_.written_off && dpd < options_.claim_trigger_dpd)
      fail(i, fmt::format("claim before the trigger: {} days past due on {}, the agreement needs {}", dpd,
                       format_date(e.date), options_.claim_trigger_dpd));
    if (e.amount_minor < 0 || e.fund_minor < 0 || e.fund_minor > e.amount_minor)
      fail(i, "claim amounts must satisfy 0 <= fund share <= loss");
    pos_.claimed = true;
    pos_.claim_loss_minor = e.amount_minor;
    pos_.claim_fund_minor = e.fund_minor;
    pos_.claim_owed_minor = std::max(e.owed_minor, e.fund_minor);
    mark_default(e.date);
  }

  void on_recovery(const LoanEvent& e, std::size_t i) {
    if (e.amount_minor <= 0) fail(i, "amount must be > 0", "amount");
    if (!pos_.claimed && !pos_.written_off) fail(i, "recovery on a loan that was neither claimed nor written off");
    std::int64_t limit = pos_.claimed ? pos_.claim_loss_minor : pos_.written_off_minor;
    if (pos_.recovered_minor + e.amount_minor > limit)
      fail(i, fmt::format("recovery larger than the claim: recoveries would total {}, the loss claimed was {}",
                       amt(pos_.recovered_minor + e.amount_minor), amt(limit)),
           "amount");
    pos_.recovered_minor += e.amount_minor;
    pos_.recovered_fund_minor += e.fund_minor;
    if (pos_.claimed && !pos_.written_off && pos_.live()) {
      // Money recovered from the borrower of a claimed loan repays its principal.
      std::int64_t principal = std::min(e.amount_minor, pos_.outstanding_minor());
      pos_.recovered_principal_minor += principal;
      if (pos_.outstanding_minor() == 0) pos_.closed_date = e.date;
    }
  }

  void on_settlement(const LoanEvent& e, std::size_t i) {
    if (!pos_.claimed) fail(i, "claim settlement on a loan that was not claimed", "loan");
    if (e.fund_minor <= 0) fail(i, "amount must be > 0", "amount");
    if (e.fund_minor > pos_.claim_due_minor())
      fail(i, fmt::format("claim settlement of {} exceeds the claim balance due ({})", amt(e.fund_minor),
                       amt(pos_.claim_due_minor())),
           "amount");
    pos_.claim_fund_minor += e.fund_minor;
  }

  // One event, in the documented same-day order (the caller's): time moves
  // to its date first, then the kind's own rule applies.
  void apply(const LoanEvent& e, std::size_t i) {
    check_default(e.date, false);
    advance_to(e.date);
    const bool ended = pos_.closed();
    switch (e.kind) {
      case LoanEventKind::disbursement:
        return on_disbursement(e, i, ended);
      case LoanEventKind::repayment:
        return on_repayment(e, i, ended);
      case LoanEventKind::penalty:
      case LoanEventKind::fee:
        return on_charge(e, i, ended);
      case LoanEventKind::write_off:
        return on_write_off(e, i);
      case LoanEventKind::restructure:
        return on_restructure(e, i);
      case LoanEventKind::claim:
        return on_claim(e, i);
      case LoanEventKind::recovery:
        return on_recovery(e, i);
      case LoanEventKind::claim_settlement:
        return on_settlement(e, i);
    }
  }

  // The position at as_of. Leaves the replay able to continue with events
  // after as_of (time only moves forward), so one pass can report many dates.
  LoanPosition finish(const Date& as_of) {
    advance_to(as_of);
    check_default(as_of, true);
    LoanPosition p = pos_;
    p.days_past_due = dpd_at(as_of);
    p.overdue_minor = overdue_at(as_of);
    GFUND_ASSERT(p.days_past_due == 0 || p.overdue_minor > 0);
    int remaining = static_cast<int>(dues_.size() - due_idx_);
    p.remaining_months = p.live() ? std::max(remaining, 1) : 0;
    return p;
  }

 private:
  ReplayOptions options_;
  LoanPosition pos_;
  std::vector<Due> dues_;
  std::size_t due_idx_ = 0;
  std::int64_t cum_interest_due_ = 0;
  std::int64_t cum_total_due_ = 0;  // principal + interest of the installments due so far
  std::size_t paid_idx_ = 0;
  std::int64_t cum_total_paid_target_ = 0;
  std::int64_t paid_toward_ = 0;
  std::int64_t interest_paid_version_ = 0;
};

}  // namespace

std::string_view to_string(LoanEventKind k) {
  switch (k) {
    case LoanEventKind::disbursement: return "disbursement";
    case LoanEventKind::repayment: return "repayment";
    case LoanEventKind::penalty: return "penalty";
    case LoanEventKind::fee: return "fee";
    case LoanEventKind::write_off: return "write_off";
    case LoanEventKind::restructure: return "restructure";
    case LoanEventKind::claim: return "claim";
    case LoanEventKind::recovery: return "recovery";
    case LoanEventKind::claim_settlement: return "claim_settlement";
  }
  return "?";
}

std::optional<LoanEventKind> parse_loan_event_kind(std::string_view s) {
  for (auto k : {LoanEventKind::disbursement, LoanEventKind::repayment, LoanEventKind::penalty, LoanEventKind::fee,
                 LoanEventKind::write_off, LoanEventKind::restructure, LoanEventKind::claim, LoanEventKind::recovery,
                 LoanEventKind::claim_settlement})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

int same_day_rank(LoanEventKind k) {
  switch (k) {
    case LoanEventKind::disbursement: return 0;
    case LoanEventKind::penalty: return 1;
    case LoanEventKind::fee: return 2;
    case LoanEventKind::repayment: return 3;
    case LoanEventKind::write_off: return 4;
    case LoanEventKind::restructure: return 5;
    case LoanEventKind::claim: return 6;
    case LoanEventKind::claim_settlement: return 7;
    case LoanEventKind::recovery: return 8;
  }
  GFUND_ASSERT(false);
  return 0;
}

bool event_order_before(const Date& a_date, LoanEventKind a, const Date& b_date, LoanEventKind b) {
  if (a_date != b_date) return a_date < b_date;
  return same_day_rank(a) < same_day_rank(b);
}

namespace {
// Events must come in the documented order (see same_day_rank).
void check_order(std::span<const LoanEvent> events, std::size_t i) {
  if (i > 0 && event_order_before(events[i].date, events[i].kind, events[i - 1].date, events[i - 1].kind))
    throw LoanEventError(i, events[i].date < events[i - 1].date
                                ? "events out of date order"
                                : fmt::format("same-day events out of order: {} after {} (the order of a day's events "
                                              "is fixed; see same_day_rank)",
                                              to_string(events[i].kind), to_string(events[i - 1].kind)));
}
}  // namespace

LoanPosition replay_loan(std::int64_t contracted_minor, std::span<const Due> schedule,
                         std::span<const LoanEvent> events, const Date& as_of, const ReplayOptions& options) {
  Replayer r(contracted_minor, schedule, options);
  for (std::size_t i = 0; i < events.size(); ++i) {
    check_order(events, i);
    if (events[i].date > as_of) break;
    r.apply(events[i], i);
  }
  return r.finish(as_of);
}

std::vector<LoanPosition> replay_loan_series(std::int64_t contracted_minor, std::span<const Due> schedule,
                                             std::span<const LoanEvent> events, std::span<const Date> as_of_dates,
                                             const ReplayOptions& options) {
  Replayer r(contracted_minor, schedule, options);
  std::vector<LoanPosition> out;
  out.reserve(as_of_dates.size());
  std::size_t i = 0;
  for (const Date& d : as_of_dates) {
    GFUND_ASSERT(out.empty() || !(d < as_of_dates[out.size() - 1]));
    for (; i < events.size() && events[i].date <= d; ++i) {
      check_order(events, i);
      r.apply(events[i], i);
    }
    out.push_back(r.finish(d));
  }
  return out;
}

AgingBucket aging_bucket(int dpd) {
  if (dpd <= 0) return AgingBucket::current;
  if (dpd <= 30) return AgingBucket::dpd_1_30;
  if (dpd <= 60) return AgingBucket::dpd_31_60;
  if (dpd <= 90) return AgingBucket::dpd_61_90;
  if (dpd <= 180) return AgingBucket::dpd_91_180;
  return AgingBucket::dpd_over_180;
}

std::string_view to_string(AgingBucket b) {
  switch (b) {
    case AgingBucket::current: return "current";
    case AgingBucket::dpd_1_30: return "1-30";
    case AgingBucket::dpd_31_60: return "31-60";
    case AgingBucket::dpd_61_90: return "61-90";
    case AgingBucket::dpd_91_180: return "91-180";
    case AgingBucket::dpd_over_180: return "180+";
  }
  return "?";
}

}  // namespace gfund
