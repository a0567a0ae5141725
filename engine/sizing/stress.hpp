#pragma once
// Stress and reverse stress of the fund (`gfund stress`). Every scenario is
// drawn with the same seed as the base, so differences come from the shocks,
// not from noise.
#include <functional>
#include <string>
#include <vector>

#include "engine/sizing/shocks.hpp"
#include "engine/sizing/sizing.hpp"

namespace gfund::sizing {

struct StressRow {
  std::string scenario;     // "base" first
  std::string description;
  RunSummary summary;       // claims, VaR / ES, exhaustion probability at the capital, required capital
};

struct StressOptions {
  std::int64_t capital_minor = 0;
  Target target;
  double level = 0.99;      // VaR / ES confidence reported
};

// Draws the portfolio's defaults under a scenario's shocks, always with the
// same seed and scenario count: draw_defaults_risk (risk_draws.hpp) with the
// model and options the caller captures.
using ShockedDraws = std::function<DefaultDraws(const Shocks&)>;

// The base first, then each scenario.
std::vector<StressRow> run_stress(const Portfolio& p, const ShockedDraws& draw, const std::vector<Shocks>& scenarios,
                                  const Candidate& c, const StressOptions& o);

// Reverse stress: the shock at which the fund's exhaustion probability with
// its capital reaches `probability`.
struct ReverseStress {
  double probability = 0.01;
  // Smallest PD multiplier (all loans) reaching it, found by bisection on
  // [0.05, 50] to 0.01; pd_multiplier_low / high: the multipliers reaching
  // the probability's 95% band edges. reached = false: 50x does not.
  double pd_multiplier = 0, pd_multiplier_low = 0, pd_multiplier_high = 0;
  bool pd_reached = false, pd_already = false;  // already: even 0.05x reaches it
  // Highest (least adverse) fixed economy factor value reaching it, on
  // [-6, 3] to 0.01, and how often a year that bad or worse comes: Phi(z).
  double economy_factor = 0;
  double economy_factor_probability = 0;
  bool factor_reached = false;
  bool factor_searched = false;   // the model has an economy factor
};
ReverseStress reverse_stress(const Portfolio& p, const ShockedDraws& draw, const Candidate& c, const StressOptions& o,
                             int scenarios, double probability, bool has_economy_factor);

}  // namespace gfund::sizing
