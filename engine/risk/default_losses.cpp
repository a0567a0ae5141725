#include "engine/risk/default_losses.hpp"

// GCC 12 warns inside its own AVX-512 headers (vectors started from
// _mm512_undefined_*, GCC PR 105593); nothing here reads uninitialised data.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

#include "engine/risk/philox_stream.hpp"
#include "engine/risk/scenario_defaults.hpp"
#include "engine/risk/simd_path.hpp"

namespace gfund::risk {

void default_loss(const PreparedBook& book, std::uint32_t loan_pos, int month, std::uint32_t lgd_bits,
                  std::uint64_t seed, std::uint32_t scenario, std::int64_t& ead_minor, std::int64_t& loss_minor) {
  const LoanRecord& loan = book.loans[loan_pos];
  const std::int64_t ead = exposure_at_default(book, loan, month);
  double lgd = loan.lgd_mean;
  if (loan.lgd_table != kNoIndex) {
    lgd = lgd_from_table(book, loan.lgd_table, (static_cast<double>(lgd_bits) + 0.5) * 0x1p-32);
  } else if (book.lgd_kind == LgdKind::beta && lgd > 0.0 && lgd < 1.0) {
    // Past kLgdTablesMax distinct means: an exact draw from the loan's own stream.
    const double sd = std::min(book.lgd_sd, 0.999 * std::sqrt(lgd * (1.0 - lgd)));
    PhiloxStream ls(seed, scenario, StreamKind::lgd, loan_pos);
    lgd = draw_beta(ls, lgd, sd);
  }
  ead_minor = ead;
  loss_minor = std::clamp<std::int64_t>(round_half_even(static_cast<double>(ead) * lgd), 0, ead);
}

bool default_losses_batch_available() {
  static const bool ok = best_simd_path() == SimdPath::avx512;
  return ok;
}

namespace {
// The LoanRecord as four 64-bit words (static_asserts below pin the layout):
//   q0 balance_minor (double)
//   q1 payment_minor (float, low half) | rate_index (bits 32..47)
//   q2 lgd_mean (float, low half) | remaining_months (bits 32..47, signed) | agreement
//   q3 bank | association | lgd_table (bits 32..47) | start_month (48..55) | schedule_code (56..57) | trigger (58..63)
static_assert(offsetof(LoanRecord, balance_minor) == 0 && offsetof(LoanRecord, payment_minor) == 8 &&
              offsetof(LoanRecord, rate_index) == 12 && offsetof(LoanRecord, lgd_mean) == 16 &&
              offsetof(LoanRecord, remaining_months) == 20 && offsetof(LoanRecord, lgd_table) == 28 &&
              offsetof(LoanRecord, start_month) == 30);

__attribute__((target("avx512f,avx512dq,avx512vl"))) inline __m512d round_half_even_x8(__m512d x) {
  const __m512d shift = _mm512_set1_pd(0x1.8p52);  // as round_half_even: exact for |x| < 2^51
  return _mm512_sub_pd(_mm512_add_pd(x, shift), shift);
}
// Loan records of lanes i and i + 1 as one 512-bit vector (a lane past
// count reads record 0, which exists whenever there is a default).
__attribute__((target("avx512f,avx512dq,avx512vl"))) inline __m512i record_pair(const LoanRecord* recs,
                                                                               const std::uint32_t* loan_pos,
                                                                               int count, int i) {
  const LoanRecord* a = i < count ? recs + loan_pos[i] : recs;
  const LoanRecord* b = i + 1 < count ? recs + loan_pos[i + 1] : recs;
  return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_load_si256(reinterpret_cast<const __m256i*>(a))),
                            _mm256_load_si256(reinterpret_cast<const __m256i*>(b)), 1);
}

// _mm512_mask_i64gather_* by eight scalar loads: on Intel cores with the
// Gather Data Sampling ("Downfall") microcode fix, an 8-lane gather is slow
// (Cascade Lake machines: 11.7 ns against 6.4 ns for the indices extracted by
// shuffles, eight loads and the inserts; bench/simd_costs.cpp measures both).
// Lanes outside `m` keep `src` and read element 0 (tables are not empty
// where a lane is in `m`; callers pass a one-element stand-in otherwise).
// Lanes 2Q and 2Q + 1 of `i` as element indices into `b`: Q is a template
// parameter because the extract's lane must be a compile-time constant at
// every optimisation level (and for clang), not only once a loop unrolls.
template <int Q>
__attribute__((target("avx512f,avx512dq,avx512vl"), always_inline)) inline void load_pair(__m512i i,
                                                                                        const unsigned char* b,
                                                                                        int scale, std::int64_t* v) {
  const __m128i pair = _mm512_extracti64x2_epi64(i, Q);
  std::memcpy(&v[2 * Q], b + _mm_cvtsi128_si64(pair) * scale, 8);
  std::memcpy(&v[2 * Q + 1], b + _mm_extract_epi64(pair, 1) * scale, 8);
}
__attribute__((target("avx512f,avx512dq,avx512vl"), always_inline)) inline __m512i gather_epi64(
    __m512i src, __mmask8 m, __m512i idx, const void* base, int scale) {
  const __m512i i = _mm512_maskz_mov_epi64(m, idx);
  const auto* b = static_cast<const unsigned char*>(base);
  std::int64_t v[8];
  load_pair<0>(i, b, scale, v);
  load_pair<1>(i, b, scale, v);
  load_pair<2>(i, b, scale, v);
  load_pair<3>(i, b, scale, v);
  return _mm512_mask_blend_epi64(m, src, _mm512_setr_epi64(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
}
__attribute__((target("avx512f,avx512dq,avx512vl"), always_inline)) inline __m512d gather_pd(__m512d src, __mmask8 m,
                                                                                           __m512i idx,
                                                                                           const double* base) {
  return _mm512_castsi512_pd(gather_epi64(_mm512_castpd_si512(src), m, idx, base, 8));
}

// Eight defaults (lanes i < count, 0 <= count <= 8); see default_losses_batch.
// One dependency chain of about 150 cycles (record, gathers, division,
// roundings) and no branch: inlined twice into one block, the two chains run
// side by side.
__attribute__((target("avx512f,avx512dq,avx512vl"), always_inline)) inline unsigned losses8(
    const PreparedBook& book, const std::uint32_t* loan_pos, const std::int32_t* month_in,
    const std::uint32_t* lgd_bits, int count, Default* out) {
  const __mmask8 live = static_cast<__mmask8>((1u << count) - 1u);
  // Loan records: one 32-byte load per lane (lanes past count read record 0),
  // transposed into four vectors of 64-bit words; cheaper than four gathers.
  const LoanRecord* recs = book.loans.data();
  const __m512i r01 = record_pair(recs, loan_pos, count, 0), r23 = record_pair(recs, loan_pos, count, 2);
  const __m512i r45 = record_pair(recs, loan_pos, count, 4), r67 = record_pair(recs, loan_pos, count, 6);
  // Words 0-1 and 2-3 of four records each: [a.w b.w c.w d.w a.w' b.w' c.w' d.w'].
  const __m512i lo_words = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13), hi_words = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
  const __m512i t01 = _mm512_permutex2var_epi64(r01, lo_words, r23), t23 = _mm512_permutex2var_epi64(r01, hi_words, r23);
  const __m512i u01 = _mm512_permutex2var_epi64(r45, lo_words, r67), u23 = _mm512_permutex2var_epi64(r45, hi_words, r67);
  const __m512i first = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11), second = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
  const __m512i q0 = _mm512_permutex2var_epi64(t01, first, u01), q1 = _mm512_permutex2var_epi64(t01, second, u01);
  const __m512i q2 = _mm512_permutex2var_epi64(t23, first, u23), q3 = _mm512_permutex2var_epi64(t23, second, u23);
  const __m512i zero = _mm512_setzero_si512();
  const __m512i m16 = _mm512_set1_epi64(0xFFFF);

  const __m512d bal = _mm512_castsi512_pd(q0);
  const __m512d payment = _mm512_cvtps_pd(_mm256_castsi256_ps(_mm512_cvtepi64_epi32(q1)));
  const __m512i rate_index = _mm512_and_si512(_mm512_srli_epi64(q1, 32), m16);
  const __m512d lgd_mean = _mm512_cvtps_pd(_mm256_castsi256_ps(_mm512_cvtepi64_epi32(q2)));
  // remaining_months is an int16: shift it to the top and back, arithmetically.
  const __m512i n = _mm512_srai_epi64(_mm512_slli_epi64(q2, 16), 48);
  const __m512i lgd_table = _mm512_and_si512(_mm512_srli_epi64(q3, 32), m16);
  const __m512i start = _mm512_and_si512(_mm512_srli_epi64(q3, 48), _mm512_set1_epi64(0xFF));
  const __m512i schedule = _mm512_and_si512(_mm512_srli_epi64(q3, 56), _mm512_set1_epi64(0x3));
  const __m512i trigger = _mm512_srli_epi64(q3, 58);

  // exposure_at_default: installments paid before payments stopped.
  const __m512i month = _mm512_cvtepi32_epi64(_mm256_maskz_loadu_epi32(live, month_in));
  const __m512i stop = _mm512_sub_epi64(month, trigger);
  __m512i paid = _mm512_sub_epi64(stop, start);
  const Moratorium& mor = book.moratorium;
  {  // moratorium_overlap(mor, start, stop), masked to 0 without a moratorium
    const __m512i lo = _mm512_max_epi64(_mm512_add_epi64(start, _mm512_set1_epi64(1)), _mm512_set1_epi64(mor.start_month));
    const __m512i hi = _mm512_min_epi64(stop, _mm512_set1_epi64(mor.start_month + mor.months - 1));
    const __m512i overlap = _mm512_max_epi64(zero, _mm512_add_epi64(_mm512_sub_epi64(hi, lo), _mm512_set1_epi64(1)));
    paid = _mm512_mask_sub_epi64(paid, mor.months > 0 ? 0xFF : 0, paid, overlap);
  }
  const __m512i k = _mm512_min_epi64(_mm512_max_epi64(paid, zero), n);

  // balance_after. A lane needs one of its two divisions: the annuity's
  // payment x (g - 1) / r (an annuity at a rate > 0) or the straight k / n
  // (the others); so one division, on each lane's own operands.
  const __m512d one = _mm512_set1_pd(1.0), dzero = _mm512_setzero_pd();
  const __m512d r = gather_pd(one, live, rate_index, book.monthly_rates.data());
  const __mmask8 tabled = _mm512_mask_cmplt_epi64_mask(live, rate_index, _mm512_set1_epi64(kGrowthTablesMax)) &
                          _mm512_cmplt_epi64_mask(k, _mm512_set1_epi64(book.growth_stride));
  // Products of 32-bit values: vpmuludq (5 cycles) rather than vpmullq (15).
  const __m512i g_index = _mm512_add_epi64(_mm512_mul_epu32(rate_index, _mm512_set1_epi64(book.growth_stride)), k);
  static constexpr double kNoTable[1] = {1.0};
  const __m512d g = gather_pd(one, tabled, g_index, book.growth.empty() ? kNoTable : book.growth.data());
  const __mmask8 is_annuity = _mm512_cmpeq_epi64_mask(schedule, zero);
  const __mmask8 amortising = is_annuity & _mm512_cmp_pd_mask(r, dzero, _CMP_GT_OQ);
  const __m512d q = _mm512_div_pd(
      _mm512_mask_blend_pd(amortising, _mm512_cvtepi64_pd(k), _mm512_mul_pd(payment, _mm512_sub_pd(g, one))),
      _mm512_mask_blend_pd(amortising, _mm512_cvtepi64_pd(n), r));
  // Equal principal and flat (and an annuity at rate 0): b x (1 - k / n).
  const __m512d straight = _mm512_mul_pd(bal, _mm512_sub_pd(one, q));
  // An annuity: max(0, b x g - payment x (g - 1) / r); std::max(0.0, x) is (0 < x ? x : 0).
  const __m512d amortised = _mm512_sub_pd(_mm512_mul_pd(bal, g), q);
  const __m512d annuity = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(dzero, amortised, _CMP_LT_OQ), dzero, amortised);
  const __mmask8 is_balloon = _mm512_cmpeq_epi64_mask(schedule, _mm512_set1_epi64(3));
  __m512d balance = _mm512_mask_blend_pd(amortising, straight, annuity);
  balance = _mm512_mask_blend_pd(is_balloon, balance, bal);
  balance = _mm512_mul_pd(balance, _mm512_mask_blend_pd(_mm512_cmplt_epi64_mask(k, n), dzero, one));
  const __m512d limit = _mm512_set1_pd(0x1p51);
  const __mmask8 ead_exact = _mm512_cmp_pd_mask(_mm512_abs_pd(balance), limit, _CMP_LT_OQ);
  const __m512i ead = _mm512_cvttpd_epi64(round_half_even_x8(balance));

  // LGD: the beta table (one uniform, linear interpolation in float steps as
  // lgd_from_table), else the loan's fixed mean.
  const __mmask8 has_table = _mm512_cmpneq_epi64_mask(lgd_table, _mm512_set1_epi64(kNoIndex));
  const __m512d u = _mm512_mul_pd(
      _mm512_add_pd(_mm512_cvtepu32_pd(_mm256_maskz_loadu_epi32(live, lgd_bits)), _mm512_set1_pd(0.5)),
      _mm512_set1_pd(0x1p-32));
  const __m512d x = _mm512_mul_pd(u, _mm512_set1_pd(kLgdTableSize));
  const __m512i xi = _mm512_cvttpd_epi64(x);
  const __m512i t_index = _mm512_add_epi64(_mm512_mul_epu32(lgd_table, _mm512_set1_epi64(kLgdTableSize + 1)), xi);
  static constexpr float kNoLgdTable[2] = {0.0f, 0.0f};
  const float* tables = book.lgd_tables.empty() ? kNoLgdTable : book.lgd_tables.data();
  // t[i] and t[i + 1] are adjacent: one 64-bit load brings both.
  const __m512i t_pair = gather_epi64(zero, has_table & live, t_index, tables, 4);
  const __m256 t0 = _mm256_castsi256_ps(_mm512_cvtepi64_epi32(t_pair));
  const __m256 t1 = _mm256_castsi256_ps(_mm512_cvtepi64_epi32(_mm512_srli_epi64(t_pair, 32)));
  const __m512d from_table = _mm512_add_pd(
      _mm512_cvtps_pd(t0),
      _mm512_mul_pd(_mm512_sub_pd(x, _mm512_cvtepi64_pd(xi)), _mm512_cvtps_pd(_mm256_sub_ps(t1, t0))));
  const __m512d lgd = _mm512_mask_blend_pd(has_table, lgd_mean, from_table);
  // A beta LGD without a table is drawn by gamma variates: the scalar path's.
  const __mmask8 drawn = book.lgd_kind == LgdKind::beta ? 0xFF : 0;
  const __mmask8 lgd_exact = has_table | ~(drawn & _mm512_cmp_pd_mask(lgd_mean, dzero, _CMP_GT_OQ) &
                                           _mm512_cmp_pd_mask(lgd_mean, one, _CMP_LT_OQ));

  const __m512d loss_d = _mm512_mul_pd(_mm512_cvtepi64_pd(ead), lgd);
  const __mmask8 loss_exact = _mm512_cmp_pd_mask(_mm512_abs_pd(loss_d), limit, _CMP_LT_OQ);
  const __m512i loss = _mm512_min_epi64(_mm512_max_epi64(_mm512_cvttpd_epi64(round_half_even_x8(loss_d)), zero), ead);
  // The eight Defaults, 32 bytes each in field order (static_assert in
  // scenario_defaults.cpp): words [loan | month << 32, ead, loss, bank |
  // association << 16 | agreement << 32], transposed by shuffles.
  const __m512i w0 = _mm512_or_si512(_mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(live, loan_pos)),
                                     _mm512_slli_epi64(_mm512_cvtepu32_epi64(_mm512_cvtepi64_epi32(month)), 32));
  const __m512i w3 = _mm512_or_si512(_mm512_and_si512(q3, _mm512_set1_epi64(0xFFFFFFFF)),
                                     _mm512_slli_epi64(_mm512_srli_epi64(q2, 48), 32));
  const __m512i e0 = _mm512_unpacklo_epi64(w0, ead), e1 = _mm512_unpackhi_epi64(w0, ead);  // lanes 2j, 2j+1
  const __m512i l0 = _mm512_unpacklo_epi64(loss, w3), l1 = _mm512_unpackhi_epi64(loss, w3);
  const __m512i p01 = _mm512_shuffle_i64x2(e0, e1, 0x44), q01 = _mm512_shuffle_i64x2(l0, l1, 0x44);  // lanes 0-3
  const __m512i p45 = _mm512_shuffle_i64x2(e0, e1, 0xEE), q45 = _mm512_shuffle_i64x2(l0, l1, 0xEE);  // lanes 4-7
  const __m512i even = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), odd = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  auto* o = reinterpret_cast<__m512i*>(out);
  _mm512_storeu_si512(o + 0, _mm512_permutex2var_epi64(p01, even, q01));  // Defaults 0, 1
  _mm512_storeu_si512(o + 1, _mm512_permutex2var_epi64(p01, odd, q01));   // 2, 3
  _mm512_storeu_si512(o + 2, _mm512_permutex2var_epi64(p45, even, q45));  // 4, 5
  _mm512_storeu_si512(o + 3, _mm512_permutex2var_epi64(p45, odd, q45));   // 6, 7
  // Exact lanes: the growth factor came from a table or was not needed (not
  // an annuity, rate 0, or nothing left at k = n), and no amount reached 2^51.
  const __mmask8 growth_ok = tabled | static_cast<__mmask8>(~is_annuity) |
                             _mm512_cmp_pd_mask(r, dzero, _CMP_LE_OQ) |
                             static_cast<__mmask8>(~_mm512_cmplt_epi64_mask(k, n));
  return static_cast<unsigned>(live & growth_ok & ead_exact & lgd_exact & loss_exact);
}
}  // namespace

__attribute__((target("avx512f,avx512dq,avx512vl"))) unsigned default_losses_batch(
    const PreparedBook& book, const std::uint32_t* loan_pos, const std::int32_t* month_in,
    const std::uint32_t* lgd_bits, int count, Default* out) {
  const unsigned lo = losses8(book, loan_pos, month_in, lgd_bits, std::min(count, 8), out);
  const unsigned hi = losses8(book, loan_pos + 8, month_in + 8, lgd_bits + 8, std::max(count - 8, 0), out + 8);
  return lo | hi << 8;
}

}  // namespace gfund::risk
