// Common random numbers in sizing: a candidate (terms, capital, volume) is
// re-aggregated from defaults drawn once, instead of re-simulated. Measures
// candidates a second both ways on the demo plan (24 months of new lending,
// 4x expanded for volume search, 48-month horizon, 5,000 scenarios), in the
// same run. The naive baseline is what a solver without CRN does: draw the
// defaults again for every candidate.
#include <benchmark/benchmark.h>

#include "engine/risk/model_file.hpp"
#include "engine/sizing/claims.hpp"
#include "engine/sizing/plan.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/portfolio/agreements_csv.hpp"

namespace {

using namespace gfund;

struct Setup {
  risk::RiskModel model;
  sizing::Plan plan;
  sizing::Portfolio portfolio;
  sizing::DrawOptions draws{.scenarios = 5000, .seed = 1};
  Setup() {
    model = risk::read_model_file(GFUND_FIXTURES_DIR "/models/demo.toml");
    model.horizon_months = 48;
    plan = sizing::read_plan_file(GFUND_FIXTURES_DIR "/plans/demo-24m.toml", usd());
    sizing::PortfolioInput in;
    in.agreements = read_agreements_csv(GFUND_FIXTURES_DIR "/demo/agreements.csv");
    in.plan = &plan;
    in.volume_multiplier_max = 4.0;
    portfolio = sizing::build_portfolio(in, model);
  }
};

Setup& setup() {
  static Setup s;
  return s;
}

// CRN: defaults drawn once (outside the timed loop), one aggregation per candidate.
void BM_CandidateByReaggregation(benchmark::State& state) {
  auto& s = setup();
  const auto d = sizing::draw_defaults_risk(s.portfolio, s.model, sizing::Shocks{}, s.draws);
  auto c = sizing::base_candidate(s.portfolio);
  int k = 0;
  for (auto _ : state) {
    for (auto& t : c.terms) t.coverage = Ratio::percent(30 + (k++ % 60));
    benchmark::DoNotOptimize(sizing::aggregate_claims(s.portfolio, d, c).peak.data());
  }
  state.counters["candidates/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["loans"] = static_cast<double>(s.portfolio.exposures.size());
}

// Naive baseline: every candidate draws the defaults again.
void BM_CandidateByRedrawing(benchmark::State& state) {
  auto& s = setup();
  auto c = sizing::base_candidate(s.portfolio);
  int k = 0;
  for (auto _ : state) {
    for (auto& t : c.terms) t.coverage = Ratio::percent(30 + (k++ % 60));
    const auto d = sizing::draw_defaults_risk(s.portfolio, s.model, sizing::Shocks{}, s.draws);
    benchmark::DoNotOptimize(sizing::aggregate_claims(s.portfolio, d, c).peak.data());
  }
  state.counters["candidates/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_CandidateByReaggregation)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CandidateByRedrawing)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
