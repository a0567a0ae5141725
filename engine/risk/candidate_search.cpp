#include "engine/risk/candidate_search.hpp"

// GCC 12 warns inside its own AVX-512 headers (vectors started from
// _mm512_undefined_*, GCC PR 105593); nothing here reads uninitialised data.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "engine/risk/log_batch.hpp"
#include "engine/risk/normal.hpp"

namespace gfund::risk {

namespace {
// Files one default found at loan position pos.
inline void file_default(FoundDefaults& out, std::int64_t pos, int month, std::uint32_t bits) {
  out.loan[out.n] = static_cast<std::uint32_t>(pos);
  out.month[out.n] = month;
  out.bits[out.n] = bits;
  ++out.n;
}

// #{a in 1..h : curve[a] < v}, two ages at a time (SSE2, in every x86-64 CPU).
inline int count_below(const double* curve, int h, double v) {
  const __m128d vv = _mm_set1_pd(v);
  __m128i below2 = _mm_setzero_si128();
  int a = 1;
  for (; a + 1 <= h; a += 2)
    below2 = _mm_sub_epi64(below2, _mm_castpd_si128(_mm_cmplt_pd(_mm_loadu_pd(curve + a), vv)));
  auto below = static_cast<int>(_mm_cvtsi128_si64(below2) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(below2, below2)));
  if (a == h) below += static_cast<int>(curve[a] < v);
  return below;
}

// Calendar month of a default at `age` months of the block: a default that
// falls in a moratorium is recognised when it ends.
inline int default_month(const CandidateBlock& blk, int age) {
  const Moratorium& mor = blk.moratorium;
  int month = blk.start_month + age;
  if (mor.months > 0 && month >= mor.start_month && month < mor.start_month + mor.months)
    month = mor.start_month + mor.months;
  return month;
}
}  // namespace

int own_default_age(const OwnPd& own, std::int64_t pos, double x, int first_age, int age_end) {
  const double pd = own.loans[pos].pd_annual;
  if (pd == own.bucket_pd) return first_age;
  for (int a = first_age; a <= age_end; ++a) {
    if (x < own.latent_lo[a]) return a;
    if (x <= conditional_latent(default_threshold(pd, a, own.copula, own.t_dof), own.scale, own.sys, own.inv_sd)) return a;
  }
  return 0;
}

std::int64_t search_candidates(const CandidateBlock& blk, const double* gap_log, const PhiloxLanes& words,
                               int lanes, std::int64_t pos, FoundDefaults& out) {
  const double* c = blk.curve;
  const Run* run = blk.runs;
  for (int i = 0; i < lanes; ++i) {
    if (blk.p < 1.0) {
      // Loans skipped before the next candidate: geometric(p). A 32-bit
      // uniform truncates gaps beyond 22.9 / p loans, a probability of e^-22.9.
      const double gap = gap_log[i] * blk.inv_log_q;  // >= 0; truncation below is floor
      if (gap >= static_cast<double>(blk.end - pos)) return blk.end;
      pos += static_cast<std::int64_t>(gap);
    }
    while (pos >= static_cast<std::int64_t>(run->end)) ++run;
    // The candidate's latent uniform given candidacy is uniform on (0, p); it
    // defaults at the first age whose curve reaches it, if within its run's
    // months at risk. The curve is nondecreasing, so the ages below it are
    // the first m ages: counted over the whole horizon, with no exit to mispredict.
    const double u = uniform_from_word(words.w[1][i]) * blk.p;
    const int below = count_below(c, blk.horizon, u);
    if (below < run->age_end) {
      int age = below + 1;
      // A bucket's loan is decided on its own PD unless below the lower curve.
      if (blk.own && !(u < blk.own->curve_lo[age]))
        age = own_default_age(*blk.own, pos, norm_quantile(u), age, run->age_end);
      const int month = default_month(blk, age);
      if (age > 0 && month <= blk.horizon) file_default(out, pos, month, words.w[2][i]);
    }
    if (++pos >= blk.end) return blk.end;
  }
  return pos;
}

namespace {
// Eight candidates (one group of eight lanes of the batch) on AVX-512: the same
// decisions as search_candidates, lane by lane. base: position the first
// lane's gap counts from. Returns the position after the eighth candidate
// (>= blk.end when the block ended within these lanes).
__attribute__((target("avx512f,avx512dq,avx512vl"))) std::int64_t search_eight(const CandidateBlock& blk,
                                                                             const double* gap_log,
                                                                             const std::uint32_t* month_words,
                                                                             const std::uint32_t* lgd_words,
                                                                             std::int64_t base, FoundDefaults& out) {
  const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
  __m512i step = one;  // gap + 1 per candidate
  if (blk.p < 1.0) {
    // Capped so the conversion cannot overflow; a cap far past the block's end decides nothing.
    const __m512d gap = _mm512_min_pd(_mm512_mul_pd(_mm512_loadu_pd(gap_log), _mm512_set1_pd(blk.inv_log_q)),
                                      _mm512_set1_pd(0x1p62));
    step = _mm512_add_epi64(_mm512_cvttpd_epi64(gap), one);
  }
  // Inclusive prefix sum of the steps: candidate i sits at base + sum - 1.
  step = _mm512_add_epi64(step, _mm512_alignr_epi64(step, zero, 7));
  step = _mm512_add_epi64(step, _mm512_alignr_epi64(step, zero, 6));
  step = _mm512_add_epi64(step, _mm512_alignr_epi64(step, zero, 4));
  const __m512i pos = _mm512_add_epi64(_mm512_set1_epi64(base - 1), step);
  const __mmask8 valid = _mm512_cmplt_epi64_mask(pos, _mm512_set1_epi64(blk.end));
  // Months at risk of each position's run: the last run end passed decides.
  __m512i age_end = _mm512_set1_epi64(blk.runs[0].age_end);
  for (std::uint32_t j = 0; j + 1 < blk.run_count; ++j)
    age_end = _mm512_mask_mov_epi64(
        age_end, _mm512_cmpge_epi64_mask(pos, _mm512_set1_epi64(static_cast<std::int64_t>(blk.runs[j].end))),
        _mm512_set1_epi64(blk.runs[j + 1].age_end));
  // Latent uniform on (0, p) and the ages whose curve is below it.
  const __m512d u = _mm512_mul_pd(
      _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepu32_pd(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(month_words))),
                                  _mm512_set1_pd(0.5)),
                    _mm512_set1_pd(0x1p-32)),
      _mm512_set1_pd(blk.p));
  __m512i below = zero;
  for (int a = 1; a <= blk.horizon; ++a)
    below = _mm512_mask_add_epi64(below, _mm512_cmp_pd_mask(_mm512_set1_pd(blk.curve[a]), u, _CMP_LT_OQ), below, one);
  __mmask8 defaults = valid & _mm512_cmplt_epi64_mask(below, age_end);
  __m512i month = _mm512_add_epi64(_mm512_set1_epi64(blk.start_month + 1), below);
  const Moratorium& mor = blk.moratorium;
  if (mor.months > 0) {
    const __mmask8 in = _mm512_cmpge_epi64_mask(month, _mm512_set1_epi64(mor.start_month)) &
                        _mm512_cmplt_epi64_mask(month, _mm512_set1_epi64(mor.start_month + mor.months));
    month = _mm512_mask_mov_epi64(month, in, _mm512_set1_epi64(mor.start_month + mor.months));
  }
  defaults &= _mm512_cmple_epi64_mask(month, _mm512_set1_epi64(blk.horizon));
  if (defaults) {
    const std::size_t first = out.n;
    // Compress in registers, then store all eight lanes (the arrays have room
    // for kBatchLanes more): a compressing store to memory is microcoded on AMD Zen 4.
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.loan + first),
                        _mm256_maskz_compress_epi32(defaults, _mm512_cvtepi64_epi32(pos)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.month + first),
                        _mm256_maskz_compress_epi32(defaults, _mm512_cvtepi64_epi32(month)));
    _mm256_storeu_si256(
        reinterpret_cast<__m256i*>(out.bits + first),
        _mm256_maskz_compress_epi32(defaults, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lgd_words))));
    // (Reading them back here would stall: a load from a vector store still in flight is not forwarded.)
    out.n += static_cast<std::size_t>(__builtin_popcount(defaults));
  }
  // The prefix sum's last lane is the half's total advance.
  return base + _mm_extract_epi64(_mm512_extracti64x2_epi64(step, 3), 1);
}
}  // namespace

std::int64_t search_candidates_avx512(const CandidateBlock& blk, const double* gap_log, const PhiloxLanes& words,
                                   std::int64_t pos, FoundDefaults& out) {
  for (int eighth = 0; eighth < kBatchLanes / 8; ++eighth) {
    pos = search_eight(blk, gap_log + 8 * eighth, words.w[1] + 8 * eighth, words.w[2] + 8 * eighth, pos, out);
    if (pos >= blk.end) return blk.end;
  }
  return pos;
}

}  // namespace gfund::risk
