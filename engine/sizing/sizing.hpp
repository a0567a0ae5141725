#pragma once
// The sizing questions of `gfund size`, each answered with common random
// numbers (one set of drawn defaults, claims re-aggregated per candidate) and
// reported with its 95% Monte Carlo interval. Results are plain data, for
// reports to render.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/sizing/claims.hpp"
#include "engine/sizing/measures.hpp"

namespace gfund::sizing {

// The capital a run needs to meet the target (fund currency minor units):
// exhaustion p -> the (1-p) quantile of the peak cumulative net claims; var
// / es -> VaR / ES of net claims. Interval from the quantile's order
// statistics (or the tail mean's standard error).
Estimate required_capital(const ClaimsRun& run, const Target& target);
// Does the run meet the target with this capital (point estimate)?
bool meets_target(const ClaimsRun& run, std::int64_t capital_minor, const Target& target);
// The same target at its 95% band edge: looser (+1) or stricter (-1) by
// 1.96 Monte Carlo standard errors of the level, for answer intervals.
Target shifted_target(const Target& t, int scenarios, int direction);

// Summary of one run beside a capital.
struct RunSummary {
  double expected_loss_minor = 0;        // credit loss of guaranteed loans defaulting in the horizon
  double expected_gross_minor = 0;       // claims paid in the horizon
  Estimate expected_net_minor;           // net claims (mean +- 1.96 se)
  Estimate var_net_minor;                // at `level`
  Estimate es_net_minor;
  double level = 0.99;
  Estimate exhaustion_probability;       // with the given capital
  Estimate required_capital_minor;       // for the target
  std::int64_t capital_minor = 0;
};
RunSummary summarize(const ClaimsRun& run, std::int64_t capital_minor, const Target& target, double level = 0.99);

// 1. Least capital.
struct CapitalAnswer {
  Target target;
  Estimate capital_minor;
  RunSummary summary;  // at the required capital
  // The exhaustion probability against capital, for a curve (capital minor, P).
  std::vector<std::pair<std::int64_t, double>> curve;
};
CapitalAnswer size_capital(const ClaimsRun& run, const Target& target, int curve_points = 12);

// 2. Highest coverage. scope = "all" (one common ratio for every agreement)
// or a bank id (that bank's agreements, others fixed).
struct CoverageAnswer {
  std::string scope;
  double coverage = 0, low = 0, high = 0;  // shares in [0, 1]
  bool full = false;                       // 100% coverage meets the target
  bool none = false;                       // not even 0.1% does
  double current = 0;                      // the agreement's coverage now (first agreement of the scope)
};
CoverageAnswer size_coverage(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                             const Target& target, const std::string& scope);

// 3. Most volume: planned lending of a bank (or association) x multiplier,
// others at 1x. The portfolio must be expanded (volume_multiplier_max).
struct VolumeAnswer {
  std::string kind;    // "bank" / "association"
  std::string id;
  double multiplier = 0, low = 0, high = 0;    // x the plan
  bool at_max = false;                         // the expansion limit still meets the target
  std::int64_t planned_monthly_minor = 0;      // 1x planned lending a month
  std::int64_t most_monthly_minor = 0;         // multiplier x planned
  double leverage = 0;                         // guaranteed (covered) volume enrolled at the answer / capital
};
VolumeAnswer size_volume(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                         const Target& target, const std::string& kind, const std::string& id);

// 4. Capital allocation by contribution to the expected shortfall of net
// claims (Euler: the parts add up to the whole).
struct AllocationRow {
  std::string kind;  // "agreement" / "bank" / "association"
  std::string id;
  double es_contribution_minor = 0;
  double capital_share = 0;            // contribution / ES
  std::int64_t capital_minor = 0;      // capital x share (largest remainder over the agreements)
  double exposure_share = 0;           // share of guaranteed (covered) volume enrolled
  bool over_share = false;             // consumes more capital than its share of exposure
};
std::vector<AllocationRow> allocate_capital(const Portfolio& p, const ClaimsRun& run, const Candidate& c,
                                            std::int64_t capital_minor, double level = 0.99);

// 5. Break-even fee per agreement: E[net claims] x (1 + cost loading) /
// expected guaranteed outstanding-years.
struct FeeRow {
  std::string agreement;
  double expected_net_minor = 0;
  double guaranteed_years_minor = 0;
  double break_even_fee = 0;      // per year, share of guaranteed outstanding
  double break_even_low = 0, break_even_high = 0;
  double current_fee = 0;
};
std::vector<FeeRow> break_even_fees(const Portfolio& p, const ClaimsRun& run, const Candidate& c, double cost_loading);
// The break-even rule itself: expected net claims (minor units, with its
// standard error) x (1 + cost_loading) / guaranteed outstanding-years (minor
// units); the interval from 1.96 standard errors, its low end at least 0.
// Zero when there is no guaranteed outstanding.
Estimate break_even_fee(double expected_net_minor, double se_minor, double guaranteed_years_minor, double cost_loading);

}  // namespace gfund::sizing
