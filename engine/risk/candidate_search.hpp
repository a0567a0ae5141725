#pragma once
// The inner loop of the default search (ScenarioDrawer::draw): given one
// batch of candidates of a block (their gap logs and Philox words), place
// them on loan positions, decide which default and in which month, and file
// the defaults. A scalar version, and an AVX-512 version (8 lanes at a time) that gives
// the same output (tests/risk/candidate_search_test.cpp): the positions are a
// prefix sum of the gaps, the run of each position a count of run ends
// passed, the default month a count of curve points below the uniform.
#include <cstddef>
#include <cstdint>

#include "engine/risk/philox_batch.hpp"
#include "engine/risk/prepared_book.hpp"

namespace gfund::risk {

// A bucket segment's loans default each on its own PD (prepared_book.hpp):
// what deciding one of its candidates takes beyond the bucket's curve.
struct OwnPd {
  const LoanRecord* loans = nullptr;  // PreparedBook::loans (each loan's pd_annual)
  double bucket_pd = 0;               // the segment's PD: a loan with exactly it follows the bucket's curve
  const double* curve_lo = nullptr;   // [age] the lower segment's conditional curve (evaluated), or nullptr
  const double* latent_lo = nullptr;  // [age] the lower segment's conditional latent thresholds
  double scale = 1, sys = 0, inv_sd = 1;  // the scenario's t scale, the group's systematic part and 1 / idio sd
  Copula copula = Copula::gaussian;
  double t_dof = 0;
};

// The age, first_age..age_end, at which the candidate at loan position pos
// defaults on its own PD, or 0 if it does not within age_end. x: its
// conditional latent value (norm_quantile of its latent uniform);
// first_age: the first age the bucket's curve reaches it (none earlier can).
// It defaults by age a iff x is below the loan's own conditional threshold
// (default_threshold(pd, a) x scale - sys) x inv_sd, the comparison every
// loan's default is; one below the lower segment's is decided without it.
int own_default_age(const OwnPd& own, std::int64_t pos, double x, int first_age, int age_end);

// One block of runs (same segment and start month, months at risk ascending).
struct CandidateBlock {
  const Run* runs = nullptr;   // the block's runs, in position order
  std::uint32_t run_count = 0;
  std::int64_t end = 0;        // one past the block's last loan position
  int start_month = 0;
  const double* curve = nullptr;  // [age] P(default by age | factors), ages 1..h, nondecreasing
  int horizon = 0;                // h
  double p = 0;                   // curve at the block's largest age: the candidate probability, (0, 1]
  double inv_log_q = 0;           // 1 / log(1 - p) when p < 1
  Moratorium moratorium;
  const OwnPd* own = nullptr;     // a bucket segment's (then curve_lo is set); nullptr = exact segment
};

// Where found defaults go: arrays with room for kBatchLanes more, in loan order.
struct FoundDefaults {
  std::uint32_t* loan = nullptr;   // loan position
  std::int32_t* month = nullptr;   // calendar month of the default, 1..h
  std::uint32_t* bits = nullptr;   // 32 bits for its LGD draw (Philox word 2)
  std::size_t n = 0;               // filled so far
};

// Candidates i < lanes of a batch, starting at loan position pos (the first
// position the next gap counts from). gap_log[i]: log of candidate i's gap
// uniform (unused when p = 1); words.w[1][i], w[2][i]: its month and LGD
// words. Returns the position after the last candidate, or block.end when
// the block ends within the batch.
std::int64_t search_candidates(const CandidateBlock& block, const double* gap_log, const PhiloxLanes& words,
                               int lanes, std::int64_t pos, FoundDefaults& out);
// The same for all kBatchLanes lanes on AVX-512 (the CPU must have it: best_simd_path() == SimdPath::avx512),
// for an exact segment's block (own == nullptr).
std::int64_t search_candidates_avx512(const CandidateBlock& block, const double* gap_log, const PhiloxLanes& words,
                                   std::int64_t pos, FoundDefaults& out);

}  // namespace gfund::risk
