#pragma once
// Monthly repayment schedules. Interest accrues monthly at annual_rate / 12
// on the balance (30/360 months, the convention of the partner lenders'
// contracts); flat loans charge it on the original principal.
//
// Invariants (tested on thousands of generated loans):
//  - every amount is a multiple of the currency's cash unit (KHR: 100 riel);
//  - principal parts sum exactly to principal + capitalised interest;
//  - balance_after never negative; the last one is zero;
//  - annuity installments equal the rounded annuity formula payment, the
//    rounding residual going to the last installment.
#include <span>
#include <vector>

#include "models/date.hpp"
#include "models/decimal.hpp"
#include "models/entities.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"
#include "models/schedule_type.hpp"

namespace gfund {

struct ScheduleSpec {
  Money principal;              // > 0, multiple of the cash unit
  Ratio annual_rate;            // nominal per year
  int term_months = 12;         // total months, grace included, 1..kTermMonthsMax
  ScheduleType type = ScheduleType::annuity;
  GraceKind grace = GraceKind::none;
  int grace_months = 0;         // 0..term_months-1
  Date first_due{};             // due date of installment 1; later ones monthly, clamped to month
                                // end (a month-end first due keeps all dues on month ends)
  Rounding rounding = Rounding::half_even;
};

ScheduleSpec schedule_spec(const Loan& loan);

struct Installment {
  int number = 0;         // 1-based
  Date due{};
  Money principal;        // principal due this month (>= 0)
  Money interest;         // interest due this month (>= 0; 0 in full grace)
  Money capitalised;      // interest added to the balance instead of paid (full grace only)
  Money balance_after;    // principal outstanding after this installment is paid
  Money total() const { return principal + interest; }
};

// Builds the schedule; throws DataError on an invalid spec.
std::vector<Installment> build_schedule(const ScheduleSpec& spec);

// The level payment of an annuity: B r / (1 - (1 + r)^-n), r = annual/12,
// rounded to the cash unit; B / n when r = 0. Exposed for tests and the
// risk engine's exposure profile.
Money annuity_payment(const Money& balance, Ratio annual_rate, int months, Rounding rounding = Rounding::half_even);

// The balances of a loan position, as the risk engine takes exposure at
// default: the schedule of `outstanding` over `remaining` installments (no
// grace), balance after k = 0..last installments (last <= remaining). An
// outstanding that is not a multiple of the cash unit (a bank's book in
// riel) keeps its odd part until the last installment, which pays it.
std::vector<Money> position_balances(const Money& outstanding, Ratio annual_rate, int remaining, ScheduleType type,
                                     int last);

// Scheduled principal outstanding after the installments due on or before
// `as_of` (the balance a borrower owes if every payment was on time).
Money scheduled_balance(std::span<const Installment> schedule, const Money& principal, const Date& as_of);

}  // namespace gfund
