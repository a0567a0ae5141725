#pragma once
// Risk measures over Monte Carlo scenarios (equally weighted), each with its
// Monte Carlo uncertainty, and the sizing target they are held to.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gfund::sizing {

// An estimate and its 95% Monte Carlo interval [low, high].
struct Estimate {
  double value = 0, low = 0, high = 0;
};

double mean(std::span<const std::int64_t> v);
double standard_error(std::span<const std::int64_t> v);  // of the mean
// Quantile at level q in (0, 1): the smallest x with share(v <= x) >= q, an
// order statistic; its 95% interval from the binomial order-statistic bounds.
Estimate quantile(std::vector<std::int64_t> v, double q);
// Expected shortfall at q: mean of the worst ceil((1-q) n) values; interval
// mean +- 1.96 standard errors of the tail mean.
Estimate expected_shortfall(std::vector<std::int64_t> v, double q);
// Share of scenarios with v > threshold, with a Wilson 95% interval.
Estimate exceed_probability(std::span<const std::int64_t> v, std::int64_t threshold);

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
