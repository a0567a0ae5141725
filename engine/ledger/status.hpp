#pragma once
// The ledger's status at an as-of date, as plain data: the reports engineer
// renders it (text, JSON, HTML, XLSX), tests assert on it. Every amount is
// integer minor units of the row's `currency`; ratios are doubles in [0, 1]
// (PAR, utilisation) or plain doubles (leverage). Recomputed from events, so
// a status for last March shows last March. Stable: fields are only added.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/ledger/chain.hpp"
#include "engine/ledger/claims_pipeline.hpp"
#include "engine/ledger/fund_currency.hpp"
#include "engine/ledger/general_ledger.hpp"
#include "engine/ledger/provisioning.hpp"
#include "engine/ledger/status_totals.hpp"
#include "engine/ledger/staff_lists.hpp"

#include "models/currency.hpp"
#include "models/date.hpp"

namespace gfund::ledger {

// Outstanding and loan counts by aging bucket (current, 1-30, 31-60, 61-90,
// 91-180, 180+ DPD; see engine/portfolio/loan_position.hpp) for one bank.
struct AgingRow {
  std::string bank;
  Currency currency;
  std::array<std::int64_t, 6> outstanding_minor{};
  std::array<std::int64_t, 6> loans{};
};

// PAR at one month end of the ledger's history (fund level, one currency).
struct ParPoint {
  Date month_end{};
  Currency currency;
  std::int64_t outstanding_minor = 0;
  std::int64_t par30_minor = 0;
  std::int64_t par90_minor = 0;
};

// Cumulative default rate by months since disbursement for one vintage
// (loans first disbursed in the same calendar month), by loan count.
struct VintageCurve {
  std::string vintage;                  // "2020-03"
  std::int64_t loans = 0;
  std::vector<double> cumulative_default_rate;  // [m] = share defaulted within m months, m = 0..observed
};

struct ClaimRow {
  std::string loan, bank, agreement, ref;
  Date date{};
  Currency currency;
  std::int64_t loss_minor = 0;        // principal outstanding the claim covered
  std::int64_t fund_paid_minor = 0;   // the fund's payment to as_of (at claim + claim settlements)
  std::int64_t recovered_minor = 0;   // recovered on this loan to as_of (all parties)
  std::int64_t recovered_fund_minor = 0;  // ... of which returned to the fund
  std::int64_t fund_due_minor = 0;    // the fund's share still owed at as_of (staged payout), >= 0
};

struct RecoveryRow {
  std::string loan, bank, agreement, ref;
  Date date{};
  Currency currency;
  std::int64_t amount_minor = 0;      // recovered from the borrower
  std::int64_t fund_share_minor = 0;  // returned to the fund (recovery_to_fund rule)
};

struct CapUse {
  std::string agreement;
  std::int64_t enrolled_minor = 0;            // principal disbursed under the agreement
  std::optional<std::int64_t> cap_minor;      // effective portfolio cap; none = uncapped
  std::int64_t claims_paid_minor = 0;
  double utilisation = 0.0;                   // claims_paid / cap; 0 when uncapped
  std::int64_t guaranteed_exposure_minor = 0;
  std::int64_t fees_accrued_minor = 0;        // guarantee fee earned to as_of (see FundView)
  std::int64_t claims_due_minor = 0;          // owed on claims, not yet paid (counts against the cap too)
  std::int64_t fees_received_minor = 0;       // fees received from the agreement's bank (fees_received.hpp)
  // Earned less received: owed by the bank; < 0 when it paid ahead.
  std::int64_t fees_receivable_minor() const { return fees_accrued_minor - fees_received_minor; }
  // Remaining cap: the cap rule of a claim (claim_decision.hpp
  // portfolio_room_minor): effective cap less claims owed against it (paid +
  // due), >= 0. None = uncapped.
  std::optional<std::int64_t> remaining_cap_minor;
  // Maximum liability: what the fund would pay if every guaranteed live loan
  // defaulted today with nothing recovered: guaranteed exposure, capped by the
  // remaining cap. 0 <= max_liability <= guaranteed_exposure.
  std::int64_t max_liability_minor = 0;
  // The agreement promises more than its cap has left: guaranteed exposure
  // above the remaining cap (the bank would find claims cut by the cap).
  bool exposure_over_cap() const { return remaining_cap_minor && guaranteed_exposure_minor > *remaining_cap_minor; }
};

// The fund's own account, in the fund currency.
struct FundView {
  Currency currency;
  std::int64_t capital_in_minor = 0;
  std::int64_t capital_out_minor = 0;
  std::int64_t fees_in_minor = 0;             // guarantee fees received
  // Guarantee fees earned to as_of: at each month end, each guaranteed live
  // unclaimed loan's principal outstanding x its agreement's fee rate
  // (annual_fee, plus fee_surcharge_informal for unregistered businesses) / 12;
  // summed exactly, rounded once per agreement (half-even). Compare with
  // fees_in_minor to see fees owed.
  std::int64_t fees_accrued_minor = 0;
  std::int64_t claims_paid_minor = 0;         // paid on claims: at claim + claim settlements
  std::int64_t recoveries_minor = 0;          // recoveries returned to the fund
  std::int64_t balance_minor = 0;             // capital in - out + fees + recoveries - claims paid
  std::int64_t guaranteed_exposure_minor = 0;
  double leverage = 0.0;                      // guaranteed portfolio outstanding / net capital (0 if no capital)
  std::vector<CapUse> caps;                   // one per agreement
  // Claims outstanding: the fund's share of claims it owes and has not yet
  // paid (payout_at_claim < 100%: the rest is paid by `gfund claim-settle`
  // when the bank declares recovery ended). Not deducted from the balance.
  std::int64_t claims_due_minor = 0;
  // Available capital: balance - claims_due, >= 0 (FundAccount::available_minor):
  // what is free for new claims, and the capital sizing and simulation use.
  std::int64_t available_capital_minor = 0;
  // Fees receivable: fees_accrued - fees_in (all banks); < 0 if paid ahead.
  std::int64_t fees_receivable_minor() const { return fees_accrued_minor - fees_in_minor; }
  std::int64_t max_liability_minor = 0;       // sum over caps of max_liability_minor
};

struct LedgerStatus {
  Date as_of{};
  Seal seal;                          // the ledger's seal as of its last write (chain.hpp), whatever as_of
  std::vector<StatusTotals> totals;   // fund rows first, then banks, then associations (sorted by key, currency)
  std::vector<AgingRow> aging;        // one per (bank, currency)
  std::vector<ParPoint> par_history;  // month ends from the first disbursement to as_of
  std::vector<VintageCurve> vintages;
  std::vector<ClaimRow> claims;       // in date order
  std::vector<RecoveryRow> recoveries;
  FundView fund;
  ClaimsPipeline pipeline;            // guaranteed loans claimable at as_of and not yet claimed (claims_pipeline.hpp)
  Provisioning provisioning;          // by aging bucket, at the rates read_status was given (provisioning.hpp)
  GeneralLedger general_ledger;       // the fund account as double entries and its trial balance (general_ledger.hpp)
  FundCurrencyTotals in_fund_currency;  // all currencies' fund totals in the fund currency (fund_currency.hpp)
  StaffLists staff;                   // PAR trend per bank, PAR by province and sector, arrears, restructured and
                                      // written-off loans, flows per month and quarter (staff_lists.hpp)
  std::int64_t loans_above_rate_cap = 0;  // loans whose rate exceeds the 18%/yr cap (flagged at import)
};

// Opens read-only and derives the status at as_of; provisioning at `rates`;
// other currencies converted at `fx` where given, else the ledger's rates.
LedgerStatus read_status(const std::string& db_path, const Date& as_of,
                         const ProvisionRates& rates = default_provision_rates(), const GivenFx& fx = {});

}  // namespace gfund::ledger
