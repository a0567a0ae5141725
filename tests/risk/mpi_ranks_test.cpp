// The scenario split of an MPI job (engine/risk/mpi_ranks.hpp): contiguous,
// disjoint ranges covering every scenario once, in rank order, as even as can
// be; and, in one process, the exchanges leave the data as it was.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/risk/mpi_ranks.hpp"

namespace gfund::risk {
namespace {

TEST(MpiRanks, RangesAreContiguousDisjointAndCoverEveryScenario) {
  for (std::uint64_t scenarios : {1ull, 2ull, 7ull, 100ull, 10'000ull, 9'999'991ull})
    for (int k = 1; k <= 9; ++k) {
      std::uint64_t next = 0, smallest = std::numeric_limits<std::uint64_t>::max(), largest = 0;
      for (int r = 0; r < k; ++r) {
        const auto range = ranks::scenario_range(scenarios, r, k);
        EXPECT_EQ(range.first, next) << scenarios << " scenarios, rank " << r << " of " << k;
        next = range.first + range.count;
        smallest = std::min(smallest, range.count);
        largest = std::max(largest, range.count);
      }
      EXPECT_EQ(next, scenarios) << k << " ranks";
      EXPECT_LE(largest - smallest, 1u) << k << " ranks";
    }
}

TEST(MpiRanks, ASplitNeverOverflowsNearTheScenarioLimit) {
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max() / 64;
  const auto last = ranks::scenario_range(big, 63, 64);
  EXPECT_EQ(last.first + last.count, big);
}

TEST(MpiRanks, OneProcessIsOneRankAndItsExchangesKeepTheData) {
  EXPECT_EQ(ranks::size(), 1);
  EXPECT_TRUE(ranks::root());
  EXPECT_FALSE(ranks::distributed());
  const auto all = ranks::scenario_range(10);
  EXPECT_EQ(all.first, 0u);
  EXPECT_EQ(all.count, 10u);
  std::vector<std::int64_t> rows{1, 2, 3, 4};
  ranks::share_rows(rows, 2, 2);
  EXPECT_EQ(rows, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(ranks::concat(std::vector<int>{5, 6}), (std::vector<int>{5, 6}));
  EXPECT_EQ(ranks::from_root([] { return std::string("bytes"); }), "bytes");
  int reported = 0;
  const auto progress = ranks::job_progress([&](std::uint64_t n) { reported += static_cast<int>(n); }, 10, 10);
  progress(3);
  EXPECT_EQ(reported, 3);
}

}  // namespace
}  // namespace gfund::risk
