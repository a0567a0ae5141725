#pragma once
// Results of a simulation: plain values, no formatting (the CLI and reports
// render them). Amounts are doubles in fund-currency MINOR units (they are
// estimates: means and quantiles of integer per-scenario amounts); every
// estimate carries its Monte Carlo standard error or a 95% confidence interval.
#include <cstdint>
#include <string>
#include <vector>

#include "models/currency.hpp"
#include "models/date.hpp"

namespace gfund::risk {

// Every Monte Carlo figure gfund reports, the risk engine's and sizing's
// alike: a point estimate, its standard error and a 95% interval. Made only
// by the estimators in risk_stats.hpp, so a VaR, an ES or a probability
// means the same thing (and carries the same error) wherever it is printed.
struct Estimate {
  double value = 0;  // point estimate
  double se = 0;     // Monte Carlo standard error
  double lo = 0;     // 95% interval: value +- 1.96 se for means; order statistics
  double hi = 0;     // for quantiles; Wilson for probabilities
};

struct TailMeasure {
  double level = 0;  // 0.95, 0.99, 0.995, 0.999
  Estimate var;      // value at risk: the level-quantile of the distribution
  Estimate es;       // expected shortfall: mean of the scenarios at or above VaR
};

// Summary of one per-scenario amount's distribution.
struct Distribution {
  Estimate mean;
  double sd = 0;
  std::vector<TailMeasure> tails;                    // at kTailLevels
  std::vector<std::pair<double, double>> quantiles;  // (probability, value) at kQuantileLevels, then (1, max)
};

inline constexpr double kTailLevels[] = {0.95, 0.99, 0.995, 0.999};
inline constexpr double kQuantileLevels[] = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 0.995, 0.999};

enum class EntityKind { fund, bank, association, agreement };

struct EntityResult {
  EntityKind kind = EntityKind::fund;
  std::string id;                 // "" for the fund; association "" = loans of no association
  std::int64_t loans = 0;         // loans at risk in the book
  double exposure_minor = 0;      // outstanding at as_of (planned loans: at start), fund minor units
  Distribution loss;              // loss (EAD x LGD) of the entity's loans
  Distribution claims;            // fund's claims net of recoveries on the entity's loans
  Distribution bank_net;          // loss left to the banks: loss - claims
  Estimate es_contribution;       // Euler: E[entity claims | fund claims >= VaR at euler_level];
                                  // over all banks (or all associations, or agreements) they add up to
                                  // the fund's claims ES at that level
};

struct SimulationResult {
  std::string model_name;
  Date as_of{};
  int horizon_months = 0;
  std::uint64_t seed = 0;
  std::uint32_t scenarios = 0;
  Currency currency;                 // fund currency; amounts in its minor units
  std::int64_t capital_minor = 0;    // available capital at as_of
  double euler_level = 0.99;
  Estimate exhaustion_probability;   // P(a claim is cut by the fund's capital within the horizon)
  std::vector<double> exhaustion_month_probability;  // [m-1] = P(first cut in month m), m = 1..horizon
  Estimate defaults_mean;            // defaults per scenario
  double claims_gross_mean_minor = 0;
  std::vector<EntityResult> entities;  // the fund, then banks, associations, agreements (sorted by id)
  std::vector<std::string> warnings;
  // How the scenarios were drawn: "plain" Monte Carlo or "importance"
  // sampling toward the tail at tail_level (engine/risk/importance.hpp). With
  // importance sampling every figure is a weighted estimate; factor_shift is
  // each factor's mean under the sampling law (model factor names), and
  // effective_scenarios (sum w)^2 / sum w^2 says how many plain scenarios the
  // weights are worth for a mean.
  std::string method = "plain";
  double tail_level = 0;
  std::vector<std::pair<std::string, double>> factor_shift;
  double effective_scenarios = 0;
};

}  // namespace gfund::risk
