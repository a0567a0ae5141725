#pragma once
// Risk measures over Monte Carlo scenarios of sizing's integer per-scenario
// amounts, and the sizing target they are held to. The estimators are the
// risk engine's (engine/risk/risk_stats.hpp): a VaR, ES or probability here
// is the one `gfund simulate` reports, error and all. `weights`: empty for
// plain Monte Carlo (every scenario weighs 1), else one likelihood ratio per
// scenario (importance sampling, risk::Method::importance) and the weighted
// estimators.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/risk/results.hpp"

namespace gfund::sizing {

using risk::Estimate;

using Weights = std::span<const double>;

double mean(std::span<const std::int64_t> v, Weights weights = {});
double standard_error(std::span<const std::int64_t> v, Weights weights = {});  // of the mean
// Mean +- 1.96 standard errors (risk::mean_estimate).
Estimate mean_estimate(std::span<const std::int64_t> v, Weights weights = {});
// Quantile at level q in (0, 1): risk::quantile_estimate (an order statistic).
Estimate quantile(std::span<const std::int64_t> v, double q, Weights weights = {});
// Expected shortfall at q: risk::tail_mean_estimate.
Estimate expected_shortfall(std::span<const std::int64_t> v, double q, Weights weights = {});
// Share of scenarios with v > threshold: risk::probability_estimate.
Estimate exceed_probability(std::span<const std::int64_t> v, std::int64_t threshold, Weights weights = {});

// What capital must withstand.
enum class TargetKind {
  exhaustion,  // P(cumulative net claims exceed capital within the horizon) <= level
  var,         // capital >= VaR of net claims at confidence `level`
  es,          // capital >= expected shortfall of net claims at `level`
};
struct Target {
  TargetKind kind = TargetKind::exhaustion;
  double level = 0.01;  // exhaustion: a probability (0, 0.5]; var / es: a confidence [0.5, 1)
};
// "exhaustion:1%", "var:99%", "es:99.5%" (UsageError naming the rule).
Target parse_target(std::string_view text);
std::string describe(const Target& t);  // "P(exhaustion) <= 1%"

}  // namespace gfund::sizing
