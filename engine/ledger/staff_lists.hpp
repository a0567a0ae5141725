#pragma once
// The lists and trends a fund's finance officer works from, at an as-of
// date: PAR per bank at each month end, PAR by province and by sector, the
// loan-level arrears list, the restructured and the written-off loans, and
// the money that moved per month and per quarter. read_status builds them in
// its one pass over the loans (one replay a loan, on the PAR history grid)
// with the status's own rules: portfolio at risk (at_risk_minor), aging
// buckets (aging_bucket), whether a claim may be made (claim_refusal).
// Amounts are integer minor units of the row's `currency`; no row and no
// field adds two currencies.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/portfolio/loan_position.hpp"
#include "models/currency.hpp"
#include "models/date.hpp"

namespace gfund::ledger {

struct LedgerData;
struct StoredLoan;

// Principal outstanding and portfolio at risk of a group of live loans.
struct ParFigures {
  std::int64_t live_loans = 0;         // live loans (principal outstanding) in the group
  std::int64_t outstanding_minor = 0;  // their principal outstanding
  std::int64_t par30_minor = 0;        // ... of those more than 30 days past due (at_risk_minor)
  std::int64_t par90_minor = 0;        // ... more than 90 days past due
  double par30() const { return outstanding_minor ? double(par30_minor) / double(outstanding_minor) : 0.0; }
  double par90() const { return outstanding_minor ? double(par90_minor) / double(outstanding_minor) : 0.0; }
  void add(const LoanPosition& p);     // adds a live loan's figures; ignores one that is not live
};

// One bank's loans in one currency at one date of the PAR history.
struct BankParPoint {
  std::string bank;
  Currency currency;
  Date month_end{};  // a month end; the last point is the as-of date when that is not one
  ParFigures par;
};

enum class Segment { province, sector };  // a borrower's attribute (models/entities.hpp)
std::string_view to_string(Segment s);    // "province", "sector"

// The loans of borrowers in one province (or sector), one currency, at as_of.
struct SegmentPar {
  Segment segment = Segment::province;
  std::string key;   // "Phnom Penh", "food"
  Currency currency;
  ParFigures par;
};

// Where a loan in arrears stands with its guarantee at as_of.
enum class ClaimStatus {
  not_guaranteed,  // no agreement
  before_trigger,  // guaranteed; a claim would be refused today (before the trigger or within the lock-in)
  claimable,       // past the claim trigger, not yet claimed: in the claims pipeline
  claimed,         // the bank has claimed it
};
std::string_view to_string(ClaimStatus s);  // "not guaranteed", "before trigger", "claimable", "claimed"

struct ArrearsLoan {
  std::string bank, loan, borrower, association, agreement;  // association / agreement empty = none
  Currency currency;
  std::int64_t outstanding_minor = 0;  // principal outstanding at as_of
  std::int64_t overdue_minor = 0;      // amount overdue (LoanPosition::overdue_minor), > 0
  int days_past_due = 0;               // > 0
  AgingBucket bucket = AgingBucket::dpd_1_30;
  ClaimStatus claim = ClaimStatus::not_guaranteed;
  std::optional<int> claim_trigger_dpd;  // the agreement's trigger; none = not guaranteed
};

// One restructure event dated on or before as_of.
struct RestructuredLoan {
  std::string bank, loan, borrower, agreement;  // agreement empty = not guaranteed
  Currency currency;
  Date date{};
  int days_past_due_before = 0;        // the loan just before the restructure
  std::int64_t rescheduled_minor = 0;  // principal carried into the new schedule (its principal parts)
  std::optional<RestructureTerms> terms;  // the new terms; none = stored before schema v3
  std::int64_t outstanding_minor = 0;  // principal outstanding at as_of (0 once closed)
  int days_past_due = 0;               // at as_of, against the new schedule
};

// A loan written off on or before as_of.
struct WrittenOffLoan {
  std::string bank, loan, borrower, agreement;  // agreement empty = not guaranteed
  Currency currency;
  Date date{};
  std::int64_t written_off_minor = 0;  // principal written off
  bool claimed = false;                // claimed by as_of (before or after the write-off)
  std::int64_t claim_fund_minor = 0;   // paid by the fund on the claim to as_of
  std::int64_t recovered_minor = 0;    // recovered after default to as_of, all parties
};

enum class FlowPeriod { month, quarter };

// Money that moved in one period, one currency. Loan flows are differences
// of the loans' replayed positions at the period's ends, so over all periods
// they add up to the status totals at as_of, to the unit.
struct FlowRow {
  std::string period;  // "2023-12" or "2023-Q4"
  Date first_day{};    // of the period
  Date last_day{};     // of the period; the as-of date for the last, partial one
  Currency currency;
  std::int64_t disbursed_minor = 0;
  std::int64_t principal_repaid_minor = 0;   // repayments applied to principal
  std::int64_t interest_received_minor = 0;  // repayments applied to interest
  std::int64_t charges_received_minor = 0;   // repayments applied to penalties and fees
  std::int64_t written_off_minor = 0;
  std::int64_t claims_paid_minor = 0;        // by the fund: at claim and claim settlements
  std::int64_t recoveries_minor = 0;         // recovered after default, all parties
  std::int64_t recoveries_to_fund_minor = 0; // ... of which returned to the fund
  std::int64_t guarantee_fees_minor = 0;     // guarantee fees the fund received (fund currency rows only)
};

struct StaffLists {
  std::vector<std::string> banks;             // every bank of the ledger, by id (for filters)
  std::vector<BankParPoint> par_trend;        // by bank, currency, then date (the status's PAR history grid)
  std::vector<SegmentPar> par_by_segment;     // provinces, then sectors; each by key, then currency
  std::vector<ArrearsLoan> arrears;           // by bank, then days past due descending, then loan
  std::vector<RestructuredLoan> restructured; // by date, then bank, loan
  std::vector<WrittenOffLoan> written_off;    // by date, then bank, loan
  std::vector<FlowRow> flows_monthly;         // by currency (the fund's first, then by code), then period
  std::vector<FlowRow> flows_quarterly;       // the same, per calendar quarter

  const std::vector<FlowRow>& flows(FlowPeriod p) const { return p == FlowPeriod::month ? flows_monthly : flows_quarterly; }
};

// Collects the lists loan by loan from each loan's positions on `grid` (the
// status's PAR history dates: ascending month ends, ending at as_of).
class StaffListsBuilder {
 public:
  explicit StaffListsBuilder(std::vector<Date> grid);
  // `series[g]` is the loan's position at grid[g] (replay_loan_series).
  void add_loan(const LedgerData& data, const StoredLoan& loan, std::span<const LoanPosition> series);
  // Adds the fund's guarantee fees received and orders every list.
  StaffLists finish(const LedgerData& data);

 private:
  void add_flows(const StoredLoan& loan, std::span<const LoanPosition> series);

  std::vector<Date> grid_;
  StaffLists lists_;  // arrears, restructured and written-off rows as they come
  std::map<std::tuple<std::string, std::string, std::size_t>, BankParPoint> par_trend_;  // (bank, currency, grid index)
  std::map<std::tuple<Segment, std::string, std::string>, SegmentPar> segments_;        // (segment, key, currency)
  std::map<std::pair<std::string, std::string>, FlowRow> monthly_;                      // (currency, "YYYY-MM")
};

}  // namespace gfund::ledger
