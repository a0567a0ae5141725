#include "engine/risk/log_batch.hpp"

#include <bit>
#include <cstdint>

namespace gfund::risk {

namespace {
// fdlibm e_log.c (Sun Microsystems, 1993): ln2 split in two, and the
// minimax coefficients of (log(1+f) - 2s)/s... in s^2.
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01,
                 kLg3 = 2.857142874366239149e-01, kLg4 = 2.222219843214978396e-01,
                 kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                 kLg7 = 1.479819860511658591e-01;
// Bits of sqrt(2)/2: subtracting them moves the exponent boundary there, so
// the mantissa m lands in [sqrt(2)/2, sqrt(2)) with no branch.
constexpr std::uint64_t kSqrtHalfBits = 0x3fe6a09e667f3bcdULL;

inline __attribute__((always_inline)) double log_lane(double x) {
  const std::uint64_t t = std::bit_cast<std::uint64_t>(x) - kSqrtHalfBits;
  const auto k = static_cast<std::int64_t>(t) >> 52;  // x = m 2^k
  const double m = std::bit_cast<double>((t & 0x000fffffffffffffULL) + kSqrtHalfBits);
  const double f = m - 1.0;
  const double s = f / (2.0 + f), z = s * s, w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1, hfsq = 0.5 * f * f, dk = static_cast<double>(k);
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
}

inline __attribute__((always_inline)) void log_lanes(const double* __restrict in, double* __restrict out) {
  for (int i = 0; i < kBatchLanes; ++i) out[i] = log_lane(in[i]);
}

inline __attribute__((always_inline)) void log_uniform_lanes(const std::uint32_t* __restrict words,
                                                              double* __restrict out) {
  for (int i = 0; i < kBatchLanes; ++i) out[i] = log_lane(uniform_from_word(words[i]));
}

// The same loops compiled three times; the compiler vectorises the first two.
__attribute__((target("avx512f,avx512dq"))) void log_avx512(const double* in, double* out) { log_lanes(in, out); }
__attribute__((target("avx2"))) void log_avx2(const double* in, double* out) { log_lanes(in, out); }
void log_scalar(const double* in, double* out) { log_lanes(in, out); }
__attribute__((target("avx512f,avx512dq"))) void log_uniform_avx512(const std::uint32_t* w, double* out) {
  log_uniform_lanes(w, out);
}
__attribute__((target("avx2"))) void log_uniform_avx2(const std::uint32_t* w, double* out) {
  log_uniform_lanes(w, out);
}
void log_uniform_scalar(const std::uint32_t* w, double* out) { log_uniform_lanes(w, out); }
}  // namespace

double log_positive(double x) { return log_lane(x); }

void log_batch_on(SimdPath path, const double* in, double* out) {
  switch (path) {
    case SimdPath::avx512: log_avx512(in, out); return;
    case SimdPath::avx2: log_avx2(in, out); return;
    case SimdPath::scalar: log_scalar(in, out); return;
  }
}

void log_uniform_batch_on(SimdPath path, const std::uint32_t* words, double* out) {
  switch (path) {
    case SimdPath::avx512: log_uniform_avx512(words, out); return;
    case SimdPath::avx2: log_uniform_avx2(words, out); return;
    case SimdPath::scalar: log_uniform_scalar(words, out); return;
  }
}

void log_uniform_batch(const std::uint32_t* words, double* out) {
  static const SimdPath path = best_simd_path();
  log_uniform_batch_on(path, words, out);
}

void log_batch(const double* in, double* out) {
  static const SimdPath path = best_simd_path();
  log_batch_on(path, in, out);
}

}  // namespace gfund::risk
