#pragma once
// The state of one loan at an as-of date, derived by replaying its events in
// date order against its schedule. Pure (no SQLite): the ledger feeds it the
// rows it stored, tests feed it hand-made events, and a report for last March
// replays only the events up to last March.
//
// Rules (documented once here, applied everywhere):
//  - a repayment pays outstanding charges (penalties, then fees) first, then
//    interest due (scheduled interest of installments due on or before the
//    payment date, not yet paid), then principal: first the principal due,
//    then any remainder as a prepayment of principal. A payment larger than
//    charges + interest due + principal outstanding is refused (no credit is
//    held): the bank must send the exact amount.
//  - days past due (DPD) at a date = days since the due date of the oldest
//    installment not fully paid by the payments made so far (payments count
//    toward scheduled installments in order, oldest first). A loan with no
//    principal outstanding has DPD 0.
//  - a loan "defaults" on the first day it is 90 DPD, or when it is written
//    off or claimed, whichever is first.
//  - a restructure replaces the schedule from its date on; interest in
//    arrears at that date is waived (its principal is carried into the new
//    schedule by the caller), and DPD counts against the new schedule only.
//  - a write-off removes the whole principal outstanding and closes the loan;
//    later repayments are refused, recoveries are accepted.
//  - a recovery on a claimed loan that was not written off reduces its
//    principal outstanding (up to what is outstanding); when nothing is left
//    the loan is closed on the recovery's date.
//  - staged claims: a claim records the fund's full share (`owed_minor`) and
//    what it paid at claim (`fund_minor`); claim_settlement events pay the
//    rest (the claim balance due), never more than is due.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/date.hpp"
#include "models/currency.hpp"
#include "models/errors.hpp"
#include "models/ratio.hpp"
#include "models/schedule_type.hpp"

namespace gfund {

// One scheduled installment, minor units of the loan's currency.
struct Due {
  Date due{};
  std::int64_t principal_minor = 0;  // >= 0
  std::int64_t interest_minor = 0;   // >= 0
};

enum class LoanEventKind { disbursement, repayment, penalty, fee, write_off, restructure, claim, recovery,
                           claim_settlement };

std::string_view to_string(LoanEventKind k);  // "write_off", as stored
std::optional<LoanEventKind> parse_loan_event_kind(std::string_view s);

// THE order of one loan's events on one day, used by the writer, the replay
// and `verify` alike (a bank's file may list same-day rows in any order and
// the ledger must come out the same): money in first, then charges, then
// the borrower's payment, then what ends or changes the contract, then the
// fund's claim and what follows it:
//   disbursement, penalty, fee, repayment, write_off, restructure, claim,
//   claim_settlement, recovery.
// So a same-day penalty is paid by that day's repayment, a same-day
// write-off removes the principal before a recovery is counted (the recovery
// then repays no principal), and a claim sees the day's write-off. Events of
// the same day and kind keep the order they were stored in (event id).
int same_day_rank(LoanEventKind k);
// True when `a` comes before `b` in that order (date, then same_day_rank).
bool event_order_before(const Date& a_date, LoanEventKind a, const Date& b_date, LoanEventKind b);

// The contract terms a restructure sets (the new schedule is built from them
// on the principal outstanding at the restructure date).
struct RestructureTerms {
  Ratio annual_rate;               // nominal per year
  int term_months = 0;             // new term from the restructure date
  ScheduleType schedule = ScheduleType::annuity;
};

struct LoanEvent {
  LoanEventKind kind = LoanEventKind::repayment;
  Date date{};
  std::int64_t amount_minor = 0;  // disbursement/repayment/penalty/fee/recovery: > 0; claim: loss covered;
                                  // write_off: ignored (the outstanding is written off)
  std::int64_t fund_minor = 0;    // claim: paid by the fund at claim; recovery: share returned to the fund;
                                  // claim_settlement: paid by the fund (amount_minor is the same)
  std::int64_t owed_minor = 0;    // claim only: the fund's full share (>= fund_minor; less = same as fund_minor)
  std::optional<RestructureTerms> new_terms;  // restructure only, when known
  std::vector<Due> new_schedule;  // restructure only: dues from its date on
  std::size_t source = 0;         // caller's index (file line, event id) for error messages
};

// Days past due at which a loan counts as defaulted for PAR90 and calibration.
inline constexpr int kDefaultDpd = 90;
// Portfolio at risk: a loan counts in PAR30 (PAR90) when it is more than 30
// (90) days past due.
inline constexpr int kPar30Dpd = 30;
inline constexpr int kPar90Dpd = 90;

struct LoanPosition {
  std::int64_t contracted_minor = 0;    // principal in the loan contract
  std::int64_t disbursed_minor = 0;     // sum of disbursement tranches to as_of
  std::int64_t principal_paid_minor = 0;
  std::int64_t interest_paid_minor = 0;
  std::int64_t charges_paid_minor = 0;  // penalties + fees paid
  std::int64_t charges_due_minor = 0;   // penalties + fees charged and not yet paid
  std::int64_t written_off_minor = 0;   // principal written off
  std::int64_t claim_loss_minor = 0;    // loss the claim covered (0 = not claimed)
  std::int64_t claim_fund_minor = 0;    // paid by the fund on the claim so far (at claim + settlements)
  std::int64_t claim_owed_minor = 0;    // the fund's full share of the claim (staged payout: paid in parts)
  std::int64_t recovered_principal_minor = 0;  // recoveries that reduced the outstanding of a claimed loan
  std::int64_t recovered_minor = 0;     // recoveries after default, all parties
  std::int64_t recovered_fund_minor = 0;  // ... of which returned to the fund
  int days_past_due = 0;                // at as_of, >= 0
  // Amount overdue at as_of: scheduled principal + interest of installments
  // due before as_of (in the current schedule) not covered by the payments
  // made toward them (oldest first, as days past due counts them), plus
  // penalties and fees charged and not paid. 0 when the loan is not live;
  // > 0 whenever days_past_due > 0.
  std::int64_t overdue_minor = 0;
  int remaining_months = 0;             // installments due after as_of in the current schedule
  bool claimed = false;
  bool written_off = false;
  std::optional<Date> first_disbursed;
  std::optional<Date> default_date;     // first day 90 DPD, written off or claimed
  std::optional<Date> closed_date;      // repaid in full, written off, or fully recovered after a claim
  std::optional<RestructureTerms> restructured;  // terms of the latest restructure to as_of (none = original)

  std::int64_t outstanding_minor() const {
    return disbursed_minor - principal_paid_minor - written_off_minor - recovered_principal_minor;
  }
  // Owed by the fund on the claim and not yet paid (staged payout), >= 0.
  std::int64_t claim_due_minor() const { return claim_owed_minor - claim_fund_minor; }
  bool closed() const { return closed_date.has_value(); }
  bool live() const { return disbursed_minor > 0 && !closed(); }
};

// THE portfolio-at-risk rule: the principal outstanding of a live loan more
// than `over_dpd` days past due (kPar30Dpd, kPar90Dpd), else 0. Status
// totals, the PAR history and the staff lists all sum this.
inline std::int64_t at_risk_minor(const LoanPosition& p, int over_dpd) {
  return p.live() && p.days_past_due > over_dpd ? p.outstanding_minor() : 0;
}

// An event broke a rule; `index` is the position of the event in the span.
class LoanEventError : public DataError {
 public:
  LoanEventError(std::size_t index, std::string rule, std::string field = "date")
      : DataError(std::move(rule)), index_(index), field_(std::move(field)) {}
  std::size_t index() const { return index_; }
  const std::string& field() const { return field_; }  // the input field at fault: "date" or "amount"

 private:
  std::size_t index_;
  std::string field_;
};

struct ReplayOptions {
  Currency currency = usd();   // for amounts in messages
  int claim_trigger_dpd = 90;  // a claim needs this many DPD (or a write-off) at its date
};

// Replays `events` (in the documented order: by date, same-day events by
// same_day_rank, ties as given; LoanEventError otherwise) up to
// and including `as_of`. `schedule` is the original schedule on the
// contracted principal. Every event is checked before it is applied; the
// first one that breaks a rule throws LoanEventError naming it.
LoanPosition replay_loan(std::int64_t contracted_minor, std::span<const Due> schedule,
                         std::span<const LoanEvent> events, const Date& as_of, const ReplayOptions& options = {});

// As replay_loan, one position per date of `as_of_dates` (ascending), in one
// pass over the events: the PAR history of a ledger costs one replay a loan.
std::vector<LoanPosition> replay_loan_series(std::int64_t contracted_minor, std::span<const Due> schedule,
                                             std::span<const LoanEvent> events, std::span<const Date> as_of_dates,
                                             const ReplayOptions& options = {});

// Aging buckets of arrears: current, 1-30, 31-60, 61-90, 91-180, 180+ DPD.
enum class AgingBucket { current, dpd_1_30, dpd_31_60, dpd_61_90, dpd_91_180, dpd_over_180 };
inline constexpr int kAgingBuckets = 6;
AgingBucket aging_bucket(int days_past_due);
std::string_view to_string(AgingBucket b);

}  // namespace gfund
