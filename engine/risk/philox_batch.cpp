#include "engine/risk/philox_batch.hpp"

// GCC 12 warns inside its own AVX-512 headers (_mm512_set1_epi32 starts from
// an undefined vector, GCC PR 105593); nothing here reads uninitialised data.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <Random123/philox.h>

namespace gfund::risk {

namespace {
// Random123's Philox4x32 constants (philox.h): multipliers and key bumps.
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

void philox_scalar(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                   std::uint32_t first, PhiloxLanes& out) {
  r123::Philox4x32 gen;
  const r123::Philox4x32::key_type key = {{k0, k1}};
  for (int i = 0; i < kBatchLanes; ++i) {
    const r123::Philox4x32::ctr_type ctr = {{c0, c1, c2, first + static_cast<std::uint32_t>(i)}};
    const auto r = gen(ctr, key);
    for (int w = 0; w < 4; ++w) out.w[w][i] = r.v[w];
  }
}

// One round on 8 lanes: the 32x32->64 products of the even lanes and of the
// odd lanes (shifted down) are split into high and low words and blended
// back into lane order.
__attribute__((target("avx2"))) inline void mulhilo_avx2(__m256i x, __m256i m, __m256i& hi, __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

__attribute__((target("avx2"))) void philox_avx2(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0,
                                                 std::uint32_t c1, std::uint32_t c2, std::uint32_t first,
                                                 PhiloxLanes& out) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kM0)), m1 = _mm256_set1_epi32(static_cast<int>(kM1));
  for (int half = 0; half < kBatchLanes / 8; ++half) {
    __m256i x0 = _mm256_set1_epi32(static_cast<int>(c0)), x1 = _mm256_set1_epi32(static_cast<int>(c1));
    __m256i x2 = _mm256_set1_epi32(static_cast<int>(c2));
    __m256i x3 = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first + 8u * half)),
                                  _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    std::uint32_t ka = k0, kb = k1;
    for (int r = 0; r < kRounds; ++r) {
      __m256i hi0, lo0, hi1, lo1;
      mulhilo_avx2(x0, m0, hi0, lo0);
      mulhilo_avx2(x2, m1, hi1, lo1);
      x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(ka)));
      x1 = lo1;
      x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(kb)));
      x3 = lo0;
      ka += kW0;
      kb += kW1;
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[0][8 * half]), x0);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[1][8 * half]), x1);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[2][8 * half]), x2);
    _mm256_store_si256(reinterpret_cast<__m256i*>(&out.w[3][8 * half]), x3);
  }
}

__attribute__((target("avx512f"))) inline void mulhilo_avx512(__m512i x, __m512i m, __m512i& hi, __m512i& lo) {
  const __m512i even = _mm512_mul_epu32(x, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
  hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
  lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

__attribute__((target("avx512f"))) void philox_avx512(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0,
                                                      std::uint32_t c1, std::uint32_t c2, std::uint32_t first,
                                                      PhiloxLanes& out) {
  // Groups of 16 lanes advance round by round together: their chains are
  // independent, so one group's multiplications fill the other's latency.
  constexpr int kGroups = kBatchLanes / 16;
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0)), m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  __m512i x0[kGroups], x1[kGroups], x2[kGroups], x3[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    x0[g] = _mm512_set1_epi32(static_cast<int>(c0));
    x1[g] = _mm512_set1_epi32(static_cast<int>(c1));
    x2[g] = _mm512_set1_epi32(static_cast<int>(c2));
    x3[g] = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first + 16u * g)),
                             _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  }
  std::uint32_t ka = k0, kb = k1;
  for (int r = 0; r < kRounds; ++r) {
    const __m512i key_a = _mm512_set1_epi32(static_cast<int>(ka)), key_b = _mm512_set1_epi32(static_cast<int>(kb));
    for (int g = 0; g < kGroups; ++g) {
      __m512i hi0, lo0, hi1, lo1;
      mulhilo_avx512(x0[g], m0, hi0, lo0);
      mulhilo_avx512(x2[g], m1, hi1, lo1);
      // 0x96: three-way XOR in one instruction.
      x0[g] = _mm512_ternarylogic_epi32(hi1, x1[g], key_a, 0x96);
      x1[g] = lo1;
      x2[g] = _mm512_ternarylogic_epi32(hi0, x3[g], key_b, 0x96);
      x3[g] = lo0;
    }
    ka += kW0;
    kb += kW1;
  }
  for (int g = 0; g < kGroups; ++g) {
    _mm512_store_si512(&out.w[0][16 * g], x0[g]);
    _mm512_store_si512(&out.w[1][16 * g], x1[g]);
    _mm512_store_si512(&out.w[2][16 * g], x2[g]);
    _mm512_store_si512(&out.w[3][16 * g], x3[g]);
  }
}
}  // namespace

void philox_batch_on(SimdPath path, std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, std::uint32_t c1,
                   std::uint32_t c2, std::uint32_t first, PhiloxLanes& out) {
  switch (path) {
    case SimdPath::avx512: philox_avx512(k0, k1, c0, c1, c2, first, out); return;
    case SimdPath::avx2: philox_avx2(k0, k1, c0, c1, c2, first, out); return;
    case SimdPath::scalar: philox_scalar(k0, k1, c0, c1, c2, first, out); return;
  }
}

void philox_batch(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                std::uint32_t first, PhiloxLanes& out) {
  static const SimdPath path = best_simd_path();
  philox_batch_on(path, k0, k1, c0, c1, c2, first, out);
}

}  // namespace gfund::risk
