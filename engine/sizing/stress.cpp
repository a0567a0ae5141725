#include "engine/sizing/stress.hpp"

#include <cmath>

#include "engine/sizing/solver.hpp"

namespace gfund::sizing {

std::vector<StressRow> run_stress(const Portfolio& p, const ModelSpec& model, const std::vector<Shocks>& scenarios,
                                  const Candidate& c, const StressOptions& o) {
  std::vector<StressRow> rows;
  auto run = [&](const Shocks& s) {
    auto d = draw_defaults(p, model, s, o.draws);
    rows.push_back({s.name, s.description, summarize(aggregate_claims(p, d, c), o.capital_minor, o.target, o.level)});
  };
  run(Shocks{});
  for (const auto& s : scenarios) run(s);
  return rows;
}

ReverseStress reverse_stress(const Portfolio& p, const ModelSpec& model, const Candidate& c, const StressOptions& o,
                             double probability) {
  ReverseStress r;
  r.probability = probability;
  auto exhaustion = [&](const Shocks& s) {
    auto d = draw_defaults(p, model, s, o.draws);
    return exceed_probability(aggregate_claims(p, d, c).peak, o.capital_minor).value;
  };
  const double n = o.draws.scenarios;
  const double band = 1.96 * std::sqrt(probability * (1 - probability) / n);
  // The PD multiplier: exhaustion rises with it, so "does not yet reach p"
  // holds below the answer.
  auto solve_pd = [&](double prob) {
    auto below = [&](double m) {
      Shocks s;
      s.pd_multiplier = m;
      return exhaustion(s) < prob;
    };
    return largest_satisfying(below, 0.05, 50.0, 0.01, 40);
  };
  auto mid = solve_pd(probability);
  r.pd_reached = !mid.at_upper;
  r.pd_already = mid.none;
  r.pd_multiplier = mid.none ? 0.05 : mid.x;
  r.pd_multiplier_low = solve_pd(std::max(0.5 / n, probability - band)).x;
  r.pd_multiplier_high = solve_pd(probability + band).x;
  // The economy factor: fixed at z in every scenario; lower z, more
  // defaults. Largest z at which exhaustion reaches p.
  auto reaches = [&](double z) {
    Shocks s;
    s.economy_factor = -z;  // solve on -z so the predicate holds below the answer
    return exhaustion(s) < probability;
  };
  // largest_satisfying wants pred true on [lo, x*]: with y = -z, exhaustion
  // falls as z rises, i.e. rises as y rises, so "< p" holds for small y.
  auto f = largest_satisfying(reaches, -3.0, 6.0, 0.01, 40);
  r.factor_reached = !f.at_upper && !f.none;
  r.economy_factor = -f.x;
  r.economy_factor_probability = 0.5 * std::erfc(-r.economy_factor / std::sqrt(2.0));
  return r;
}

}  // namespace gfund::sizing
