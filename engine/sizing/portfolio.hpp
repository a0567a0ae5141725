#pragma once
// What sizing simulates: every guaranteed loan of the book at as_of plus the
// planned loans, as small flat records in the fund's currency, with the
// agreements that cover them. Built once; the default draws and every
// candidate's claims are computed on it.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "engine/risk/risk_model.hpp"
#include "engine/sizing/plan.hpp"
#include "models/guarantee_terms.hpp"
#include "models/fx.hpp"

namespace gfund::sizing {

struct Exposure {
  std::int32_t agreement = 0;        // index into Portfolio::agreements (always covered)
  std::int32_t bank = 0;             // index into Portfolio::banks
  std::int32_t association = -1;     // index into Portfolio::associations; -1 = none
  std::int32_t sector = 0;           // index into Portfolio::sectors
  std::int32_t start_month = 0;      // months after as_of of disbursement; 0 = on the book at as_of
  std::int32_t term_months = 1;      // installments left from start_month, >= 1
  std::int32_t claim_delay_months = 3;  // default -> claim: the agreement's trigger in months (ceil(dpd/30))
  ScheduleType schedule = ScheduleType::annuity;
  bool planned = false;
  bool already_due = false;          // past the claim trigger at as_of: defaults in month 1 for certain
  double annual_rate = 0.0;          // nominal per year
  // For the fee base, by the risk engine's rule (risk_model.hpp): the loan's
  // own, else its segment's; PD raised for a book loan past due, capped at 99.99%.
  double pd_annual = 0.05;           // (0, 1)
  double lgd = 0.6;                  // mean, before the stress hooks' lgd_shift, [0, 1]
  std::int64_t principal_minor = 0;  // outstanding at start, in the fund currency's minor units (> 0)
  // Planned loans only: lending of its plan cell before it and the cell's 1x
  // lending (local minor units); included at volume multiplier m iff
  // volume_before < m x cell_volume. Book loans: 0 / 0 (always included).
  std::int64_t volume_before_minor = 0;
  std::int64_t cell_volume_minor = 0;
};

struct Portfolio {
  Date as_of{};
  Currency currency;                         // the fund's currency (claims, capital)
  std::vector<Agreement> agreements;
  std::vector<std::int64_t> claimed_to_date_minor;  // per agreement: claims already paid (caps), fund currency
  // Per agreement: volume enrolled before as_of (principal disbursed under
  // it, the ledger's figure, fund currency) for rate caps; -1 = unknown (a
  // book file): the book loans' outstanding counts instead.
  std::vector<std::int64_t> enrolled_to_date_minor;
  std::vector<std::string> banks, associations, sectors;
  std::vector<Exposure> exposures;
  // The same loans as a Book for the risk engine: loans.loans[i] is
  // exposures[i] (planned loans with start_months[i] > 0), so the risk
  // engine's draws map back one to one.
  Book loans;
  std::vector<int> start_months;
  FxRates fx;                                // the model's rates, at which other currencies were converted
  double volume_multiplier_max = 1.0;        // planned lending was expanded up to this multiple
  struct PlanLineInfo {
    int bank = 0, association = -1;
    std::int64_t monthly_volume_minor = 0;   // 1x lending a month, fund currency minor units
    int months = 0;                          // months of lending within the horizon
  };
  std::vector<PlanLineInfo> plan_lines;

  int bank_index(const std::string& id) const;         // -1 if absent
  int association_index(const std::string& id) const; // -1 if absent
  // The 1x planned lending per month of a bank / association (fund currency, minor units, summed over lines).
  std::int64_t planned_monthly_volume_minor(int bank, int association) const;
};

struct PortfolioInput {
  const Book* book = nullptr;                // may be null: plan only
  std::vector<Agreement> agreements;
  std::vector<std::int64_t> claimed_to_date_minor;  // empty = none yet
  std::vector<std::int64_t> enrolled_to_date_minor;  // empty = unknown (see Portfolio)
  const Plan* plan = nullptr;                // may be null: book only
  double volume_multiplier_max = 1.0;        // >= 1: expand the plan to this multiple (volume sizing)
  Currency currency = usd();
};

// Builds the portfolio under the risk model (the base one, before any
// scenario's shocks): each exposure's PD and LGD, the FX rates (Portfolio::fx
// from fx_per_fund_unit) and the horizon (planned lending beyond it is left
// out) come from it. Book loans without an agreement are not guaranteed and
// left out; a loan naming an unknown agreement, or a plan line whose bank has
// no matching agreement, is a DataError naming the line.
Portfolio build_portfolio(const PortfolioInput& in, const risk::RiskModel& model);

// Outstanding share of the start principal still owed just before the
// installment `month` (1-based) is due: 1 at month 1; 0 after the term.
double balance_fraction(ScheduleType s, double annual_rate, int term_months, int month);

}  // namespace gfund::sizing
