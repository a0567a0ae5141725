#pragma once
// What a donor reads about the fund at an as-of date, as plain data: how far
// its capital was multiplied into guaranteed lending, what the guarantees
// cost and earned, how the loans defaulted by cohort, and whom they reached
// (outreach by gender, age, first-time borrowing, registration and
// association membership). Derived from events by pure functions; amounts
// are integer minor units of the row's currency, never summed across
// currencies.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/currency.hpp"
#include "models/date.hpp"
#include "models/money.hpp"

namespace gfund::ledger {

struct LedgerData;

// Ages at first disbursement (its year less the birth year). Youth is 30 or
// under: Cambodia's National Policy on Youth Development (2011) counts ages
// 15 to 30 as youth.
inline constexpr int kYouthAgeMax = 30;

// One outreach group: counts over every currency, principal per currency.
struct OutreachRow {
  std::string dimension;   // "Gender", "Age at first loan", "First-time borrower", "Business", "Association member"
  std::string group;       // "female", "25 to 30", "yes", "registered", "not recorded", ...
  std::int64_t loans = 0;            // loans first disbursed to as_of
  std::int64_t borrowers = 0;        // distinct borrowers of those loans
  std::vector<Money> principal;      // their contracted principal, one per DonorPack::currencies (0 if none)
};

// Loans first disbursed in one calendar year and how many defaulted by
// as_of (the calibration's definition: 90+ days past due, written off or
// claimed; engine/ledger/loan_outcomes.hpp).
struct CohortRow {
  int year = 0;
  std::int64_t loans = 0;
  std::int64_t defaulted = 0;
  double default_rate() const { return loans ? double(defaulted) / double(loans) : 0.0; }
};

struct DonorPack {
  Date as_of{};
  Currency currency;                       // the fund's; every amount below is in it
  std::int64_t loans = 0, borrowers = 0;   // all loans first disbursed to as_of (every currency)
  std::int64_t guaranteed_lending_minor = 0;  // cumulative principal disbursed under agreements
  std::int64_t net_capital_minor = 0;      // capital paid in less capital paid out
  std::int64_t fees_in_minor = 0;          // guarantee fees received
  std::int64_t claims_owed_minor = 0;      // the fund's share of every claim: paid and still due
  std::int64_t claims_paid_minor = 0;      // paid on claims (at claim + settlements)
  std::int64_t recoveries_minor = 0;       // recoveries returned to the fund
  std::int64_t women_loans = 0;            // loans to borrowers recorded female
  std::int64_t youth_loans = 0;            // loans to borrowers aged kYouthAgeMax or under at first disbursement
  std::int64_t first_time_loans = 0;       // loans to first-time borrowers
  std::vector<Currency> currencies;        // the currencies lent in: the fund's first, then by code
  std::vector<OutreachRow> outreach;       // by dimension, then group (in the order shown)
  std::vector<CohortRow> cohorts;          // by year

  // Ratios; none when the denominator is zero (a fund with no claims has no
  // fee cover to show, not an infinite one).
  std::optional<double> multiplier() const { return ratio(guaranteed_lending_minor, net_capital_minor); }
  std::optional<double> claims_ratio() const { return ratio(claims_owed_minor, guaranteed_lending_minor); }
  std::optional<double> recovery_rate() const { return ratio(recoveries_minor, claims_paid_minor); }
  std::optional<double> fee_cover() const { return ratio(fees_in_minor, claims_owed_minor); }

 private:
  static std::optional<double> ratio(std::int64_t a, std::int64_t b) {
    return b > 0 ? std::optional<double>(double(a) / double(b)) : std::nullopt;
  }
};

// Events dated on or before as_of count.
DonorPack donor_pack(const LedgerData& data, const Date& as_of);
// Opens read-only, then donor_pack.
DonorPack read_donor_pack(const std::string& db_path, const Date& as_of);

}  // namespace gfund::ledger
