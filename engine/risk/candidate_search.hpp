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
// The same for all kBatchLanes lanes on AVX-512 (the CPU must have it: best_simd_path() == SimdPath::avx512).
std::int64_t search_candidates_avx512(const CandidateBlock& block, const double* gap_log, const PhiloxLanes& words,
                                   std::int64_t pos, FoundDefaults& out);

}  // namespace gfund::risk
