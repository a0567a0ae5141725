#pragma once
// Common random numbers: every loan's default (whether, when, exposure) is
// drawn once per Monte Carlo scenario; claims are then re-aggregated for as
// many candidate terms, capitals and volumes as a solver needs, so answers
// move monotonically with the candidate and do not jitter with the noise.
//
// Two drawers fill DefaultDraws: the risk engine (risk_draws.hpp; what the
// CLI uses, the full risk model) and this reference drawer on sizing's
// ModelSpec subset (economy + bank factors, Gaussian, fixed LGD), small and
// independent, used by the tests as a cross-check of the risk engine and for
// the closed-form case.
//
// Randomness: Random123 Philox4x32 keyed by the seed, counter (scenario,
// loan): the draws do not depend on the thread count or on scheduling.
#include <cstdint>
#include <vector>

#include "engine/sizing/model_spec.hpp"
#include "engine/sizing/portfolio.hpp"
#include "engine/sizing/shocks.hpp"

namespace gfund::sizing {

struct DefaultEvent {
  std::int32_t exposure = 0;       // index into Portfolio::exposures
  std::int32_t claim_month = 0;    // month after as_of the default is recognised (claim trigger reached)
                                   // and claimed, 1..horizon
  std::int64_t ead_minor = 0;      // outstanding at default, fund currency minor units
  std::int64_t recovery_minor = 0; // recovered later: EAD x (1 - LGD), rounded
};

struct DrawOptions {
  int scenarios = 5000;            // Monte Carlo scenarios, >= 100
  std::uint64_t seed = 1;
  int threads = 0;                 // 0 = all cores; the result does not depend on it
};

struct DefaultDraws {
  int scenarios = 0;
  int horizon_months = 0;
  int recovery_lag_months = 0;
  std::uint64_t seed = 0;
  std::vector<std::int64_t> offsets;   // scenario s: events[offsets[s], offsets[s+1])
  std::vector<DefaultEvent> events;    // per scenario, by agreement then default month then exposure
  std::vector<double> economy_factor;  // per scenario, the economy factor drawn (or fixed by the shocks)
};

DefaultDraws draw_defaults(const Portfolio& portfolio, const ModelSpec& model, const Shocks& shocks,
                           const DrawOptions& options);

// The inverse standard normal CDF (Acklam's rational approximation refined
// by one Halley step; |error| < 1e-12 on (0, 1)).
double inverse_normal_cdf(double p);
double normal_cdf(double x);

}  // namespace gfund::sizing
