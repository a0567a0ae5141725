#include "engine/sizing/stress.hpp"

#include <cmath>

#include "engine/risk/normal.hpp"
#include "engine/sizing/solver.hpp"

namespace gfund::sizing {

std::vector<StressRow> run_stress(const Portfolio& p, const ShockedDraws& draw, const std::vector<Shocks>& scenarios,
                                  const Candidate& c, const StressOptions& o) {
  std::vector<StressRow> rows;
  auto run = [&](const Shocks& s, const std::string& name, const std::string& description) {
    rows.push_back({name, description, summarize(aggregate_claims(p, draw(s), c), o.capital_minor, o.target, o.level)});
  };
  run(Shocks{}, "base", "the model as given");
  for (const auto& s : scenarios) run(s, s.name, s.description);
  return rows;
}

ReverseStress reverse_stress(const Portfolio& p, const ShockedDraws& draw, const Candidate& c, const StressOptions& o,
                             int scenarios, double probability, bool has_economy_factor) {
  ReverseStress r;
  r.probability = probability;
  auto exhaustion = [&](const Shocks& s) {
    const ClaimsRun run = aggregate_claims(p, draw(s), c);
    return exceed_probability(run.peak, o.capital_minor, run.weights).value;
  };
  const double n = std::max(1, scenarios);
  const double band = 1.96 * std::sqrt(probability * (1 - probability) / n);
  // Exhaustion rises with the PD multiplier, so "does not yet reach p" holds
  // below the answer: the answer is the boundary.
  auto solve_pd = [&](double prob) {
    auto below = [&](double m) {
      Shocks s;
      s.name = "reverse";
      s.pd_multiplier = m;
      return exhaustion(s) < prob;
    };
    return largest_satisfying(below, 0.05, 50.0, 0.01, 40);
  };
  auto mid = solve_pd(probability);
  r.pd_reached = !mid.at_upper && !mid.none;
  r.pd_already = mid.none;
  r.pd_multiplier = mid.x;
  // The probability's 95% band edges: a lower probability is reached at a
  // smaller multiplier.
  r.pd_multiplier_low = solve_pd(std::max(0.5 / n, probability - band)).x;
  r.pd_multiplier_high = solve_pd(probability + band).x;
  if (has_economy_factor) {
    r.factor_searched = true;
    // The factor fixed at z in every scenario: exhaustion falls as z rises.
    // Solved on y = -z so that "does not yet reach p" holds below the answer.
    auto below = [&](double y) {
      Shocks s;
      s.name = "reverse";
      s.economy_factor = -y;
      return exhaustion(s) < probability;
    };
    auto f = largest_satisfying(below, -3.0, 6.0, 0.01, 40);
    r.factor_reached = !f.at_upper && !f.none;
    r.economy_factor = -f.x;
    // How often the economy is this bad or worse: the factor is standard normal.
    r.economy_factor_probability = risk::norm_cdf(r.economy_factor);
  }
  return r;
}

}  // namespace gfund::sizing
