// The AVX-512 default search must decide exactly as the scalar one:
// same positions, months, LGD words, month counts and end position.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "engine/risk/candidate_search.hpp"
#include "engine/risk/simd_path.hpp"
#include "engine/risk/log_batch.hpp"

namespace gfund::risk {
namespace {

struct Output {
  std::vector<std::uint32_t> loan, bits;
  std::vector<std::int32_t> month;
  std::int64_t end_pos = 0;
};

TEST(CandidateSearch, AvxLanesDecideExactlyAsTheScalarLoop) {
  if (best_simd_path() != SimdPath::avx512) GTEST_SKIP() << "this CPU has no AVX-512; the scalar search is the only one";
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int batches = 0, defaults_seen = 0, ended_inside = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const int h = 1 + static_cast<int>(rng() % 36);
    // A nondecreasing curve, with ties (equal neighbours) now and then.
    std::vector<double> curve(static_cast<std::size_t>(h) + 1, 0.0);
    const double top = trial % 50 == 0 ? 1.0 : 0.01 + 0.5 * unit(rng);
    for (int a = 1; a <= h; ++a) curve[static_cast<std::size_t>(a)] = top * unit(rng);
    std::sort(curve.begin() + 1, curve.end());
    if (h > 2 && trial % 3 == 0) curve[2] = curve[1];
    // Runs of the block: ascending months at risk, random lengths.
    std::vector<risk::Run> runs;
    std::uint32_t at = static_cast<std::uint32_t>(rng() % 1000);
    const std::uint32_t first = at;
    int age = 1 + static_cast<int>(rng() % h);
    do {
      const std::uint32_t len = 1 + static_cast<std::uint32_t>(rng() % 300);
      runs.push_back({at, at + len, 0, 0, static_cast<std::int16_t>(age)});
      at += len;
      age += 1 + static_cast<int>(rng() % 3);
    } while (age <= h && rng() % 4 != 0);
    CandidateBlock blk;
    blk.runs = runs.data();
    blk.run_count = static_cast<std::uint32_t>(runs.size());
    blk.end = at;
    blk.start_month = trial % 4 == 0 ? static_cast<int>(rng() % 6) : 0;
    blk.curve = curve.data();
    blk.horizon = h;
    blk.p = curve[static_cast<std::size_t>(runs.back().age_end)];
    if (!(blk.p > 0.0)) continue;
    blk.inv_log_q = blk.p < 1.0 ? 1.0 / std::log1p(-blk.p) : 0.0;
    if (trial % 5 == 0) blk.moratorium = {1 + static_cast<int>(rng() % h), static_cast<int>(rng() % 4)};

    Output out[2];
    for (int which = 0; which < 2; ++which) {
      std::mt19937_64 draws(static_cast<std::uint64_t>(trial));  // same words for both
      Output& o = out[which];
      o.loan.assign(100'000, 0);
      o.bits.assign(100'000, 0);
      o.month.assign(100'000, 0);
      FoundDefaults sink{o.loan.data(), o.month.data(), o.bits.data(), 0};
      std::int64_t pos = first;
      while (pos < blk.end && sink.n + kBatchLanes <= o.loan.size()) {
        PhiloxLanes words;
        for (auto& w : words.w)
          for (auto& x : w) x = static_cast<std::uint32_t>(draws());
        double gap_log[kBatchLanes];
        log_uniform_batch_on(SimdPath::scalar, words.w[0], gap_log);
        pos = which == 0 ? search_candidates(blk, gap_log, words, kBatchLanes, pos, sink)
                         : search_candidates_avx512(blk, gap_log, words, pos, sink);
        batches += which;
      }
      o.end_pos = pos;
      o.loan.resize(sink.n);
      o.bits.resize(sink.n);
      o.month.resize(sink.n);
    }
    ASSERT_EQ(out[0].end_pos, out[1].end_pos) << "trial " << trial;
    ASSERT_EQ(out[0].loan, out[1].loan) << "trial " << trial;
    ASSERT_EQ(out[0].month, out[1].month) << "trial " << trial;
    ASSERT_EQ(out[0].bits, out[1].bits) << "trial " << trial;
    defaults_seen += static_cast<int>(out[0].loan.size());
    ended_inside += out[0].end_pos == blk.end;
    for (std::size_t k = 0; k < out[0].loan.size(); ++k) {
      ASSERT_GE(out[0].loan[k], first);
      ASSERT_LT(out[0].loan[k], static_cast<std::uint32_t>(blk.end));
      ASSERT_GE(out[0].month[k], 1);
      ASSERT_LE(out[0].month[k], h);
    }
  }
  EXPECT_GT(batches, 4000);
  EXPECT_GT(defaults_seen, 10000);
  EXPECT_GT(ended_inside, 3000);
}

}  // namespace
}  // namespace gfund::risk
