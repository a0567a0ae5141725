#pragma once
// A lending plan: new guaranteed lending per bank (optionally per
// association) for N months, turned into planned loans with start months, so
// the simulation runs the existing book plus the planned vintages and the
// exposure rises and falls over the programme as it would.
//
// File schema (TOML or JSON): docs/plan-file.md. Loan sizes are drawn once
// from the plan's own seed (not per Monte Carlo scenario): a plan is a fixed
// set of loans, so two runs of `size` on the same plan see the same loans.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/sizing/config_file.hpp"
#include "models/currency.hpp"
#include "models/schedule_type.hpp"

namespace gfund::sizing {

enum class SizeDistribution { fixed, uniform, lognormal };

struct PlanLine {
  std::string bank;                  // bank id (required)
  std::string association;           // members of this association only; empty = any borrower
  std::string agreement;             // enrolling agreement id; empty = the bank's (and association's) agreement
  std::string sector;                // sector of the planned borrowers; empty = "unknown"
  Currency currency;                 // currency of the loans; the fund's when the file names none
  int first_month = 1;               // month after as_of of the first disbursements, 1..360
  int months = 12;                   // months of new lending, 1..360
  std::optional<std::int64_t> volume_per_month_minor;  // new lending per month (minor units of `currency`) ...
  std::optional<int> loans_per_month;                  // ... or a number of loans per month (exactly one given)
  SizeDistribution size_distribution = SizeDistribution::fixed;
  std::int64_t size_mean_minor = 0;  // mean loan size, minor units, > 0
  double size_cv = 0.0;              // lognormal: coefficient of variation, [0, 3]
  std::int64_t size_min_minor = 0;   // uniform: bounds; every size is clamped to [min, max] when set
  std::int64_t size_max_minor = 0;
  int term_months = 12;              // 1..kTermMonthsMax
  double annual_rate = 0.15;         // nominal per year, [0, 1]
  ScheduleType schedule = ScheduleType::annuity;
  std::optional<double> pd_annual;   // overrides the model's segment PD
  std::optional<double> lgd;         // overrides the model's LGD
  long line = 0;                     // where in the file (for messages)
};

struct Plan {
  std::string file;                  // path as given, for messages
  std::uint64_t seed = 1;            // loan-size draws
  std::vector<PlanLine> lines;
};

// A line without `currency` lends in the fund's currency.
Plan read_plan_file(const std::string& path, const Currency& fund_currency);
Plan parse_plan(const toml::table& table, const std::string& file_name, const Currency& fund_currency);

// One planned loan.
struct PlannedLoan {
  int line = 0;                      // index into Plan::lines
  int cell = 0;                      // (line, month) cell index, unique over the plan
  int start_month = 1;               // month after as_of it is disbursed
  std::int64_t principal_minor = 0;  // minor units of the line's currency, multiple of the cash unit
  std::int64_t volume_before_minor = 0;  // lending of its cell before it (for volume scaling)
  std::int64_t cell_volume_minor = 0;    // the cell's planned lending at 1x
};

// The planned loans, month by month, up to `volume_multiplier_max` times
// the plan (>= 1): more lending is a longer prefix of each cell, so a
// candidate volume m x plan is a superset of any smaller one (nested sets
// keep the volume solver monotone). Loans starting after `horizon_months`
// are left out.
std::vector<PlannedLoan> expand_plan(const Plan& plan, int horizon_months, double volume_multiplier_max = 1.0);

}  // namespace gfund::sizing
