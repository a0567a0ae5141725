// The SIMD batch kernels must give exactly what the scalar reference gives,
// on every path this CPU can run: otherwise a result would depend on the
// machine it was computed on.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <Random123/philox.h>

#include "engine/risk/log_batch.hpp"
#include "engine/risk/philox_batch.hpp"

namespace gfund::risk {
namespace {

std::vector<SimdPath> paths_here() {
  std::vector<SimdPath> out;
  for (SimdPath p : {SimdPath::scalar, SimdPath::avx2, SimdPath::avx512})
    if (simd_path_supported(p)) out.push_back(p);
  return out;
}

TEST(PhiloxBatch, EveryPathEqualsRandom123BlockByBlock) {
  std::mt19937_64 rng(2024);
  r123::Philox4x32 gen;
  int checked = 0;
  for (int t = 0; t < 2000; ++t) {
    const auto k0 = static_cast<std::uint32_t>(rng()), k1 = static_cast<std::uint32_t>(rng());
    const auto c0 = static_cast<std::uint32_t>(rng()), c1 = static_cast<std::uint32_t>(rng());
    const auto c2 = static_cast<std::uint32_t>(rng());
    // Every few trials, a first block near 2^32 so the lanes' counters wrap as Random123's do.
    const auto first = t % 5 == 0 ? 0xFFFFFFF8u : static_cast<std::uint32_t>(rng());
    for (SimdPath path : paths_here()) {
      PhiloxLanes lanes;
      philox_batch_on(path, k0, k1, c0, c1, c2, first, lanes);
      for (int i = 0; i < kBatchLanes; ++i) {
        const r123::Philox4x32::ctr_type ctr = {{c0, c1, c2, first + static_cast<std::uint32_t>(i)}};
        const auto want = gen(ctr, {{k0, k1}});
        for (int w = 0; w < 4; ++w) ASSERT_EQ(lanes.w[w][i], want.v[w]) << "path " << static_cast<int>(path);
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 2000 * kBatchLanes);
}

TEST(PhiloxBatch, DispatchedKernelMatchesTheBestPath) {
  PhiloxLanes a, b;
  philox_batch(1, 2, 3, 4, 5, 6, a);
  philox_batch_on(best_simd_path(), 1, 2, 3, 4, 5, 6, b);
  for (int w = 0; w < 4; ++w)
    for (int i = 0; i < kBatchLanes; ++i) EXPECT_EQ(a.w[w][i], b.w[w][i]);
}

// Distance in units in the last place between two finite doubles of one sign.
std::int64_t ulps(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a), ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(LogBatch, WithinOneUlpOfLibmAndBitIdenticalOnEveryPath) {
  std::mt19937_64 rng(7);
  std::vector<double> xs;
  // The engine's inputs: 32-bit uniforms (k + 0.5) 2^-32, ends included.
  for (std::uint64_t k : {0ull, 1ull, 2ull, 0x7FFFFFFFull, 0xB504F333ull, 0xFFFFFFFEull, 0xFFFFFFFFull})
    xs.push_back((static_cast<double>(k) + 0.5) * 0x1p-32);
  for (int i = 0; i < 200000; ++i) xs.push_back((static_cast<double>(rng() >> 32) + 0.5) * 0x1p-32);
  // And positive normal doubles of every magnitude, 1 and its neighbours, sqrt(2)/2 and its neighbours.
  for (int i = 0; i < 50000; ++i) {
    const double m = 1.0 + static_cast<double>(rng() >> 11) * 0x1p-53;
    xs.push_back(std::ldexp(m, static_cast<int>(rng() % 2000) - 1000));
  }
  for (double x : {1.0, std::nextafter(1.0, 0.0), std::nextafter(1.0, 2.0), std::sqrt(0.5), std::sqrt(2.0),
                   std::numeric_limits<double>::min(), std::numeric_limits<double>::max()})
    xs.push_back(x);
  while (xs.size() % kBatchLanes) xs.push_back(0.5);

  std::int64_t worst = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double got = log_positive(xs[i]);
    worst = std::max(worst, ulps(got, std::log(xs[i])));
  }
  EXPECT_LE(worst, 1) << "fdlibm's log is within 1 ulp";
  for (SimdPath path : paths_here()) {
    double out[kBatchLanes];
    for (std::size_t i = 0; i < xs.size(); i += kBatchLanes) {
      log_batch_on(path, &xs[i], out);
      for (int j = 0; j < kBatchLanes; ++j)
        ASSERT_EQ(std::bit_cast<std::uint64_t>(out[j]), std::bit_cast<std::uint64_t>(log_positive(xs[i + j])))
            << "path " << static_cast<int>(path) << " x " << xs[i + j];
    }
  }
  EXPECT_EQ(log_positive(1.0), 0.0);
}

TEST(SimdPath, TheBestPathIsSupported) { EXPECT_TRUE(simd_path_supported(best_simd_path())); }

}  // namespace
}  // namespace gfund::risk
