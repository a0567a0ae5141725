#pragma once
// Common random numbers: every loan's default (whether, when, exposure) is
// drawn once per Monte Carlo scenario; claims are then re-aggregated for as
// many candidate terms, capitals and volumes as a solver needs, so answers
// move monotonically with the candidate and do not jitter with the noise.
//
// The cache only: the defaults are the risk engine's, drawn under the full
// risk model by draw_defaults_risk (risk_draws.hpp: risk::prepare_book +
// risk::record_defaults), so sizing has no default-drawing rule of its own.
// Like the engine's draws they are bit-identical for a seed whatever the
// thread count (Philox keyed by the seed, counted by scenario).
#include <cstdint>
#include <functional>
#include <vector>

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
  // Importance sampling toward the tail at tail_level (engine/risk/importance.hpp):
  // the draws carry weights and every measure over them is the weighted one.
  bool importance = false;
  double tail_level = 0.999;
  // Progress: called with a count of scenarios drawn, from any thread (the
  // draws do not depend on it). Empty = none.
  std::function<void(std::uint64_t)> on_scenario_done;
};

struct DefaultDraws {
  int scenarios = 0;
  int horizon_months = 0;
  int recovery_lag_months = 0;
  std::uint64_t seed = 0;
  // The events of the scenarios held here: all of them in one process; in an
  // MPI job each rank's own range (engine/risk/mpi_ranks.hpp), so the draws'
  // memory and the claims' re-aggregation are split between the ranks.
  int first = 0;                       // first scenario held
  int held = 0;                        // scenarios held: first .. first + held - 1
  std::vector<std::int64_t> offsets;   // scenario s: events[offsets[s - first], offsets[s - first + 1])
  std::vector<DefaultEvent> events;    // per scenario, by agreement then default month then exposure
  std::vector<double> economy_factor;  // per scenario of the run (all), the factor named "economy" drawn (or fixed by the
                                       // shocks); 0 when the model has none
  std::vector<double> weights;         // importance sampling: likelihood ratio per scenario (all); empty = plain
};

}  // namespace gfund::sizing
