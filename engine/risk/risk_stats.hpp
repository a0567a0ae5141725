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

// --- Importance sampling: values x_i with likelihood-ratio weights w_i ------
// (mean 1 under the sampling law; importance.hpp). Means are (1/n) sum w x
// with se sd(w x) / sqrt(n). Tail probabilities are estimated from the tail
// side, P(X > x) = (1/n) sum w 1{X > x} (Glynn 1996), which is what the shift
// makes precise:
//   VaR_a: the smallest x_k (ascending) with P(X > x_k) <= 1 - a (with unit
//     weights quantile_estimate's order statistic); 95% interval: the VaRs at
//     a -+ 1.96 se of that tail probability, se = the interval's half width / 1.96.
//   ES_a = VaR + (1/(n (1 - a))) sum w (x - VaR)^+ (Acerbi & Tasche 2002),
//     se sd(w (x - VaR)^+) / (sqrt(n) (1 - a)) (the VaR's own error drops out
//     at first order).
// weights.size() == values.size(), every weight > 0.
Distribution summarize_weighted(std::span<const double> values, std::span<const double> weights);
// The three of them one at a time (sizing's targets).
Estimate weighted_mean_estimate(std::span<const double> values, std::span<const double> weights);
Estimate weighted_quantile_estimate(std::span<const double> values, std::span<const double> weights, double level);
Estimate weighted_tail_mean_estimate(std::span<const double> values, std::span<const double> weights, double level);
// P(hit): (1/n) sum w 1{hit}, se sd(w 1{hit}) / sqrt(n), interval +- 1.96 se within [0, 1];
// with no hit, probability_estimate(0, n) (Wilson's interval for 0 of n).
Estimate weighted_share(std::span<const unsigned char> hits, std::span<const double> weights);
// The scenarios ES_level of `values` averages over, as a weight per scenario:
// w_i on the scenarios above VaR, a share of w_i at VaR so that the tail's
// mass is exactly 1 - level, 0 below (Acerbi & Tasche). Averages of other
// columns under these weights (weighted_mean_over) add up as the columns do:
// over all banks, to the fund's ES.
std::vector<double> weighted_tail(std::span<const double> values, std::span<const double> weights, double level);
// Ratio estimate sum t x / sum t with its delta-method standard error.
Estimate weighted_mean_over(std::span<const double> values, std::span<const double> tail_weights);

}  // namespace gfund::risk
