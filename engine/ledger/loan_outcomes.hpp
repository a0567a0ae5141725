#pragma once
// One row per loan ever disbursed, with whether and when it defaulted by an
// as-of date: the observations PD calibration counts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/currency.hpp"
#include "models/date.hpp"
#include "models/entities.hpp"
#include "models/ratio.hpp"
#include "models/schedule_type.hpp"

namespace gfund::ledger {

struct LedgerData;

struct LoanOutcome {
  std::string loan, bank, borrower, association, agreement, sector, province;  // association/agreement empty = none
  Registration registration = Registration::informal;
  int birth_year = 0;
  std::optional<Gender> gender;      // none = not recorded
  std::optional<bool> first_time;    // first loan from a formal lender; none = not recorded
  Currency currency;
  std::int64_t principal_minor = 0;  // contracted principal, minor units
  Ratio annual_rate;                 // nominal per year
  int term_months = 0;
  ScheduleType schedule = ScheduleType::annuity;
  Date disbursed{};                  // first disbursement date
  bool defaulted = false;            // reached 90+ days past due, was written off or claimed, by as_of
  std::optional<Date> default_date;  // first date it met that definition
  int months_observed = 0;           // whole months from disbursement to min(as_of, closure or default)
};

// The ledger's fund currency (opens read-only).
Currency ledger_fund_currency(const std::string& db_path);

// Loans first disbursed after as_of are left out; in the ledger's loan order.
std::vector<LoanOutcome> loan_outcomes(const LedgerData& data, const Date& as_of);
// Opens read-only, then loan_outcomes.
std::vector<LoanOutcome> read_loan_outcomes(const std::string& db_path, const Date& as_of);

}  // namespace gfund::ledger
