#include "models/schedule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund {

ScheduleType parse_schedule_type(std::string_view t) {
  if (t == "annuity" || t == "equal_installment") return ScheduleType::annuity;
  if (t == "equal_principal") return ScheduleType::equal_principal;
  if (t == "flat") return ScheduleType::flat;
  if (t == "balloon") return ScheduleType::balloon;
  throw DataError(fmt::format("'{}' must be annuity, equal_principal, flat or balloon", t));
}
std::string_view to_string(ScheduleType t) {
  switch (t) {
    case ScheduleType::annuity: return "annuity";
    case ScheduleType::equal_principal: return "equal_principal";
    case ScheduleType::flat: return "flat";
    case ScheduleType::balloon: return "balloon";
  }
  return "?";
}
GraceKind parse_grace_kind(std::string_view g) {
  if (g == "none" || g.empty()) return GraceKind::none;
  if (g == "interest_only") return GraceKind::interest_only;
  if (g == "full") return GraceKind::full;
  throw DataError(fmt::format("'{}' must be none, interest_only or full", g));
}
std::string_view to_string(GraceKind g) {
  switch (g) {
    case GraceKind::none: return "none";
    case GraceKind::interest_only: return "interest_only";
    case GraceKind::full: return "full";
  }
  return "?";
}

ScheduleSpec schedule_spec(const Loan& loan) {
  return ScheduleSpec{.principal = loan.principal,
                      .annual_rate = loan.annual_rate,
                      .term_months = loan.term_months,
                      .type = loan.schedule,
                      .grace = loan.grace,
                      .grace_months = loan.grace_months,
                      .first_due = loan.first_due_date()};
}

Money annuity_payment(const Money& balance, Ratio annual_rate, int months, Rounding rounding) {
  GFUND_ASSERT(months >= 1);
  const Currency c = balance.currency();
  if (annual_rate.ppm == 0) return round_cash(c, Decimal(balance.minor()) / months, rounding);
  Decimal r = annual_rate.to_decimal() / 12;
  Decimal growth = pow(1 + r, months);  // (1+r)^n
  Decimal pay = Decimal(balance.minor()) * r * growth / (growth - 1);
  return round_cash(c, pay, rounding);
}

namespace {

// The spec's own rules, each naming the field it breaks.
void check_spec(const ScheduleSpec& s) {
  auto bad = [](const char* field, std::string rule) { return DataError(std::move(rule), ErrorSite{{}, 0, field}); };
  if (!s.principal.is_positive()) throw bad("principal", "must be > 0");
  if (s.principal.minor() % s.principal.currency().cash_unit_minor != 0)
    throw bad("principal", "must be a multiple of the cash unit");
  if (s.term_months < 1 || s.term_months > kTermMonthsMax)
    throw bad("term_months", fmt::format("{} must be in 1..{}", s.term_months, kTermMonthsMax));
  if (s.grace_months < 0 || s.grace_months >= s.term_months)
    throw bad("grace_months", fmt::format("{} must be in 0..{}", s.grace_months, s.term_months - 1));
  if ((s.grace == GraceKind::none) != (s.grace_months == 0))
    throw bad("grace_months", "must be 0 exactly when grace is none");
  if (s.annual_rate.ppm < 0 || s.annual_rate.ppm > Ratio::kOne) throw bad("annual_rate", "must be in 0..100%");
  if (!s.first_due.ok()) throw bad("first_due", "must be a valid date");
}

}  // namespace

std::vector<Installment> build_schedule(const ScheduleSpec& s) {
  check_spec(s);
  const Currency c = s.principal.currency();

  // End-of-month rule: a first due date on a month's last day keeps every
  // later due date on the month's last day (31 Jan, 28 Feb, 31 Mar...);
  // otherwise due dates keep the first one's day, clamped to the month end.
  const bool eom = s.first_due.day() == std::chrono::year_month_day_last(s.first_due.year(),
                       std::chrono::month_day_last(s.first_due.month())).day();
  auto due = [&](int k) {
    Date d = add_months(s.first_due, k - 1);
    if (eom) d = Date(std::chrono::year_month_day_last(d.year(), std::chrono::month_day_last(d.month())));
    return d;
  };
  const Decimal r = s.annual_rate.to_decimal() / 12;
  const Money zero = Money::zero(c);
  auto interest_on = [&](const Money& base) { return round_cash(c, Decimal(base.minor()) * r, s.rounding); };
  const Money flat_interest = interest_on(s.principal);

  std::vector<Installment> out;
  out.reserve(static_cast<size_t>(s.term_months));
  Money balance = s.principal;
  for (int k = 1; k <= s.grace_months; ++k) {
    Installment in{k, due(k), zero, zero, zero, balance};
    Money accrued = s.type == ScheduleType::flat ? flat_interest : interest_on(balance);
    if (s.grace == GraceKind::full) {
      in.capitalised = accrued;
      balance += accrued;
      in.balance_after = balance;
    } else {
      in.interest = accrued;
    }
    out.push_back(in);
  }

  const int n = s.term_months - s.grace_months;
  const Money amortised = balance;  // principal + capitalised interest
  const Money level_payment = s.type == ScheduleType::annuity ? annuity_payment(amortised, s.annual_rate, n, s.rounding) : zero;
  const Money level_principal = round_cash(c, Decimal(amortised.minor()) / n, s.rounding);
  for (int j = 1; j <= n; ++j) {
    const int k = s.grace_months + j;
    const bool last = j == n;
    Installment in{k, due(k), zero, zero, zero, zero};
    switch (s.type) {
      case ScheduleType::annuity:
        in.interest = interest_on(balance);
        in.principal = max(zero, level_payment - in.interest);
        break;
      case ScheduleType::equal_principal:
        in.interest = interest_on(balance);
        in.principal = level_principal;
        break;
      case ScheduleType::flat:
        in.interest = flat_interest;
        in.principal = level_principal;
        break;
      case ScheduleType::balloon:
        in.interest = interest_on(balance);
        in.principal = zero;
        break;
    }
    // Rounding can make early principal parts add up past the balance; the
    // balance never goes negative and the last installment takes the rest.
    if (in.principal > balance) in.principal = balance;
    if (last) in.principal = balance;
    balance -= in.principal;
    in.balance_after = balance;
    out.push_back(in);
  }
  GFUND_ASSERT(balance.is_zero());
  return out;
}

std::vector<Money> position_balances(const Money& outstanding, Ratio annual_rate, int remaining, ScheduleType type,
                                     int last) {
  GFUND_ASSERT(last >= 0 && last <= remaining);
  const Currency c = outstanding.currency();
  const Money odd = Money(c, outstanding.minor() % c.cash_unit_minor);
  std::vector<Money> out{outstanding};
  out.reserve(static_cast<std::size_t>(last) + 1);
  if (last == 0) return out;
  if (outstanding == odd) {  // less than one cash unit: paid with the last installment
    out.resize(static_cast<std::size_t>(last) + 1, outstanding);
    if (last == remaining) out.back() = Money::zero(c);
    return out;
  }
  // Due dates do not move balances (30/360 months): any valid first due will do.
  const auto schedule = build_schedule({.principal = outstanding - odd, .annual_rate = annual_rate,
                                        .term_months = remaining, .type = type, .first_due = std::chrono::year{2000} / std::chrono::January / 15});
  for (int k = 1; k <= last; ++k)
    out.push_back(k == remaining ? schedule[static_cast<std::size_t>(k - 1)].balance_after
                                 : schedule[static_cast<std::size_t>(k - 1)].balance_after + odd);
  return out;
}

Money scheduled_balance(std::span<const Installment> schedule, const Money& principal, const Date& as_of) {
  Money bal = principal;
  const auto asof = to_days(as_of);
  for (const auto& in : schedule) {
    if (to_days(in.due) > asof) break;
    bal = in.balance_after;
  }
  return bal;
}

}  // namespace gfund
