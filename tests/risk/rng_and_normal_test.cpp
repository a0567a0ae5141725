// Known answers pin the generator and the normal functions: if these fail,
// no simulated figure can be trusted.
#include <cmath>

#include <gtest/gtest.h>
#include <Random123/philox.h>

#include "engine/risk/normal.hpp"
#include "engine/risk/philox_stream.hpp"

namespace gfund::risk {
namespace {

TEST(Philox, KnownAnswerVectorsFromRandom123) {
  // Random123 tests/kat_vectors, "philox4x32 10" lines: ctr[4] key[2] -> out[4].
  struct Kat {
    std::uint32_t ctr[4], key[2], out[4];
  } kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& k : kats) {
    r123::Philox4x32 g;
    r123::Philox4x32::ctr_type c = {{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
    r123::Philox4x32::key_type key = {{k.key[0], k.key[1]}};
    auto out = g(c, key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out.v[i], k.out[i]);
  }
}

TEST(PhiloxStream, SameIdentitySameDrawsOtherIdentityOtherDraws) {
  PhiloxStream a(42, 7, StreamKind::run, 3), b(42, 7, StreamKind::run, 3);
  PhiloxStream c(42, 8, StreamKind::run, 3), d(43, 7, StreamKind::run, 3), e(42, 7, StreamKind::lgd, 3);
  int same_c = 0, same_d = 0, same_e = 0;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u32();
    EXPECT_EQ(x, b.next_u32());
    same_c += x == c.next_u32();
    same_d += x == d.next_u32();
    same_e += x == e.next_u32();
  }
  EXPECT_LT(same_c + same_d + same_e, 3);
}

TEST(PhiloxStream, UniformsAreInTheOpenIntervalWithTheRightMean) {
  PhiloxStream s(1, 0, StreamKind::run, 0);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = i % 2 ? s.uniform53() : s.uniform_open();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // mean 1/2, sd of the mean sqrt(1/12/n) = 6.5e-4: 5 sd.
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
}

TEST(Normal, QuantileMatchesKnownValuesAndInvertsTheCdf) {
  // Standard normal table values (Abramowitz & Stegun 26.2).
  EXPECT_NEAR(norm_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(norm_quantile(0.99), 2.326347874040841, 1e-14);
  EXPECT_NEAR(norm_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(norm_quantile(1e-6), -4.753424308822899, 1e-13);
  EXPECT_NEAR(norm_quantile(1e-10), -6.361340902404056, 1e-11);
  EXPECT_NEAR(norm_cdf(1.0), 0.8413447460685429, 1e-15);
  for (double p : {1e-12, 1e-9, 1e-6, 0.01, 0.3, 0.7, 0.77, 0.999, 0.999999, 1 - 1e-9})
    EXPECT_NEAR(norm_cdf(norm_quantile(p)) / p, 1.0, 1e-12) << p;
  EXPECT_TRUE(std::isinf(norm_quantile(0.0)));
  EXPECT_NEAR(student_t_quantile(0.975, 10), 2.228138851986274, 1e-12);
}

}  // namespace
}  // namespace gfund::risk
