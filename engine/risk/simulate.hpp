#pragma once
#include <functional>
// Running the Monte Carlo: scenarios in parallel (OpenMP), each a pure
// function of (seed, scenario), so any thread count gives the same bytes.
//
// Two ways in:
//  - run_scenarios: streaming; each scenario's defaults are drawn, turned
//    into claims and forgotten (memory: one outcome row per scenario). For
//    huge books.
//  - record_defaults + aggregate_claims: common random numbers for sizing.
//    The defaults (which loans, which month, EAD, loss) are drawn once and
//    kept; claims are re-aggregated for each candidate ClaimsSetup (coverage,
//    caps, capital), which costs work per default only.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/risk/claims.hpp"
#include "engine/risk/prepared_book.hpp"
#include "engine/risk/results.hpp"
#include "engine/risk/scenario_defaults.hpp"

namespace gfund::risk {

enum class Method {
  plain,       // plain Monte Carlo: every scenario weighs 1
  importance,  // factors shifted toward the tail at tail_level, weighted estimators (importance.hpp)
};

struct SimulationOptions {
  std::uint64_t seed = 1;
  std::uint32_t scenarios = 10'000;  // 1..kScenariosMax (models/limits.hpp)
  int threads = 0;                   // 0 = all cores
  // Called with 1 after each finished scenario, from any worker thread (so it
  // must be thread-safe and cheap); empty = no progress. Results never
  // depend on it. The CLI shows progress and an ETA through it.
  std::function<void(std::uint64_t)> on_scenario_done;
  Method method = Method::plain;
  double tail_level = 0.999;  // importance sampling's target level, in [0.5, 1)
  // An MPI job (mpi_ranks.hpp): true = simulate_with_outcomes gathers every
  // scenario's row on rank 0 (what --scenario-out writes: scenarios x layout
  // width int64s there); false = the rows stay on the ranks that drew them and
  // rank 0 gathers one column at a time to summarize. One process: no effect.
  bool keep_rows = true;
};

// Scenarios' defaults, concatenated: scenario s owns
// defaults[offsets[s - first] .. offsets[s - first + 1]), sorted by (month, loan).
// In one process the set holds every scenario (first = 0); in an MPI job
// (mpi_ranks.hpp) each rank holds its own range of them, the large part,
// while the per-scenario factors and weights are held whole on every rank.
struct DefaultSet {
  std::uint64_t seed = 0;
  std::size_t total = 0;               // scenarios of the run
  std::size_t first = 0;               // first scenario held here
  std::vector<std::uint64_t> offsets;  // held scenarios + 1 entries
  std::vector<Default> defaults;
  // Factor values per scenario (all of the run's): factors[s * F + k] for factor k in
  // PreparedBook::factor_names order (F = its size), e.g. the economy factor
  // for reverse stress.
  std::vector<double> factors;
  std::vector<double> weights;  // importance sampling: likelihood ratio per scenario (all); empty = plain
  std::vector<double> shift;    // importance sampling: the factor normals' shift (internal order); empty = plain
  double tail_level = 0;        // importance sampling's target level
  std::size_t scenarios() const { return total; }
  std::size_t held() const { return offsets.empty() ? 0 : offsets.size() - 1; }  // first .. first + held - 1
  // Scenario s's defaults; s in [first, first + held()).
  std::span<const Default> scenario(std::size_t s) const {
    return {defaults.data() + offsets[s - first], defaults.data() + offsets[s - first + 1]};
  }
};

// Position in Book::loans of a recorded default's loan.
inline std::uint32_t book_index(const PreparedBook& book, const Default& d) { return book.loan_book_index[d.loan]; }

// Every scenario's outcome row in one process; in an MPI job this rank's
// range of them (the weights of all).
OutcomeMatrix run_scenarios(const PreparedBook& book, const ClaimsSetup& setup, const SimulationOptions& options);
// This rank's scenarios' defaults (all of them in one process), with every
// scenario's factors and weights.
DefaultSet record_defaults(const PreparedBook& book, const SimulationOptions& options);
// Every scenario's outcome row (an MPI job: each rank aggregates its own and
// the rows are shared).
OutcomeMatrix aggregate_claims(const PreparedBook& book, const DefaultSet& defaults, const ClaimsSetup& setup,
                               int threads = 0);

// Statistics per fund, bank, association and agreement. `outcomes` holds
// every row, or (rank 0 of an MPI job, its other ranks in serve_columns)
// rank 0's, and the columns are gathered from the ranks as they are needed.
SimulationResult summarize(const PreparedBook& book, const ClaimsSetup& setup, const OutcomeMatrix& outcomes,
                           std::uint64_t seed);

// The per-scenario outcomes a summary was computed from, with the names of
// their bank and association columns: what `simulate --scenario-out` writes
// (reports/scenario_csv.hpp). Kept as the engine's own rows, not a copy, so
// the file and the summary cannot disagree.
struct ScenarioOutcomes {
  OutcomeMatrix matrix;                      // row s = scenario s (the index keyed into Philox with the seed)
  std::vector<std::string> bank_ids;         // matrix.layout.bank_*(b) columns are bank_ids[b]'s
  std::vector<std::string> association_ids;  // assoc_*(a) columns; "" = loans of no association
};

// A summary and the rows it summarizes.
struct SimulationRun {
  SimulationResult result;
  ScenarioOutcomes scenarios;
};

// The whole pipeline on a book: prepare, stream, summarize; the outcomes are
// kept (they are held for summarize anyway: scenarios x layout width int64s).
// An MPI job: rank 0 holds the summary (and with keep_rows every row); the
// other ranks return no summary (their part is done: rank 0 reports).
SimulationRun simulate_with_outcomes(const Book& book, const std::vector<Agreement>& agreements,
                                     const RiskModel& model, const FundInputs& fund,
                                     const SimulationOptions& options);

// The same, summary only.
SimulationResult simulate(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const FundInputs& fund, const SimulationOptions& options);

}  // namespace gfund::risk
