#pragma once
// Risk measures of a simulated distribution, with their Monte Carlo errors.
// VaR at level a: the order statistic x_(ceil(n a)) (1-based, ascending), with
// a distribution-free 95% interval from the binomial order statistics.
// ES at level a: mean of x_(ceil(n a)) .. x_(n); standard error
//   sqrt((Var(tail) + a (ES - VaR)^2) / (n (1 - a)))  (asymptotic, Manistre & Hancock 2005).
#include <cstdint>
#include <span>
#include <vector>

#include "engine/risk/results.hpp"

namespace gfund::risk {

// The estimators, one of each, used by the risk engine and by sizing.
// Mean: value +- 1.96 standard errors.
Estimate mean_estimate(std::span<const double> values);
// VaR at `level` of ascending `sorted` values: x_(ceil(n level)), its interval
// from the binomial order statistics, se = the interval's half width / 1.96.
Estimate quantile_estimate(std::span<const double> sorted, double level);
// ES at `level`: mean of x_(ceil(n level)) .. x_(n) of ascending `sorted`,
// with the Manistre-Hancock standard error above.
Estimate tail_mean_estimate(std::span<const double> sorted, double level);
// A share hits / n: se sqrt(p (1 - p) / n), Wilson 95% interval (sound at p = 0).
Estimate probability_estimate(std::size_t hits, std::size_t n);

Distribution summarize_distribution(std::span<const double> values);

// Scenario indices in the tail at `level` of `values` (ties broken by index,
// so the set is deterministic): the scenarios ES averages over.
std::vector<std::size_t> tail_scenarios(std::span<const double> values, double level);

// Mean and standard error of `values` over the given scenarios.
Estimate mean_over(std::span<const double> values, std::span<const std::size_t> scenarios);

}  // namespace gfund::risk
