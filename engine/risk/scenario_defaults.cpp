#include "engine/risk/scenario_defaults.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/risk/candidate_search.hpp"
#include "engine/risk/default_losses.hpp"
#include "engine/risk/factor_draw.hpp"
#include "engine/risk/log_batch.hpp"
#include "engine/risk/normal.hpp"
#include "engine/risk/simd_path.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

double draw_gamma(PhiloxStream& s, double shape) {
  if (shape < 1.0) {
    // G(a) = G(a + 1) U^(1/a).
    const double u = s.uniform53();
    return draw_gamma(s, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  // Acceptance is above 95% per try; the bound only guards a broken stream.
  for (int tries = 0; tries < 1000; ++tries) {
    const double x = norm_quantile(s.uniform53());
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = s.uniform53();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
  return shape;  // unreachable in practice (probability < 0.05^1000)
}

ScenarioDrawer::ScenarioDrawer(const PreparedBook& book) : book_(book), h_(book.horizon_months) {
  const std::size_t stride = static_cast<std::size_t>(h_) + 1;
  threshold_.assign(book.segments.size() * stride, 0.0);
  curve_.assign(book.segments.size() * stride, 0.0);
  latent_.assign(book.segments.size() * stride, 0.0);
  curve_ready_.assign(book.segments.size(), 0);
  for (std::size_t s = 0; s < book.segments.size(); ++s)
    for (int a = 1; a <= h_; ++a)
      threshold_[s * stride + a] = default_threshold(book.segments[s].pd_annual, a, book.copula, book.t_dof);
  // Blocks: maximal ranges of consecutive runs with the same segment and start
  // month (prepare_book orders runs by segment, start month, months at risk).
  for (std::uint32_t r = 0; r < book.runs.size(); ++r) {
    const Run& run = book.runs[r];
    if (blocks_.empty() || book.runs[blocks_.back().first_run].segment != run.segment ||
        blocks_.back().start_month != run.start_month) {
      blocks_.push_back({r, r, run.segment, run.start_month, 0});
    }
    Block& blk = blocks_.back();
    blk.end_run = r + 1;
    blk.age_max = std::max(blk.age_max, static_cast<int>(run.age_end));
  }
  const std::size_t nf = book.factor_names.size();
  eps_.assign(nf, 0.0);
  z_.assign(nf, 0.0);
  sys_.assign(book.groups.size(), 0.0);
}

void ScenarioDrawer::set_shift(std::span<const double> mu) {
  if (!mu.empty() && mu.size() != book_.factor_names.size())
    throw std::invalid_argument("ScenarioDrawer::set_shift: one shift per factor");
  for (std::size_t i = 0; i < book_.fixed_values.size() && i < mu.size(); ++i)
    if (mu[i] != 0.0) throw std::invalid_argument("ScenarioDrawer::set_shift: a fixed factor is never shifted");
  shift_.assign(mu.begin(), mu.end());
}

void ScenarioDrawer::ready_curve(std::size_t s) {
  if (curve_ready_[s]) return;
  const std::size_t at = s * (static_cast<std::size_t>(h_) + 1);
  for (int a = 1; a <= h_; ++a) curve_[at + static_cast<std::size_t>(a)] = norm_cdf(latent_[at + static_cast<std::size_t>(a)]);
  curve_ready_[s] = 1;
}

OwnPd ScenarioDrawer::own_pd(const Segment& seg, double scale, bool with_curve) {
  const std::size_t lo = seg.lower * (static_cast<std::size_t>(h_) + 1);
  OwnPd own{book_.loans.data(), seg.pd_annual, nullptr, &latent_[lo], scale, sys_[seg.group],
            1.0 / book_.groups[seg.group].idio_sd, book_.copula, book_.t_dof};
  if (with_curve) {
    ready_curve(seg.lower);
    own.curve_lo = &curve_[lo];
  }
  return own;
}

// A documented hot kernel (nearly all of a simulation's time), longer than
// gfund's functions otherwise are: its phases (factors, candidate search per
// block, pricing behind the search, the sort by month) share the found-default
// buffers, the Philox key and the block state, kept in one body so the
// compiler holds them in registers. tests/risk/accuracy_test.cpp and
// properties_test.cpp hold its results to closed forms and invariants.
void ScenarioDrawer::draw(std::uint64_t seed, std::uint32_t scenario, std::vector<Default>& sorted) {
  const PreparedBook& b = book_;
  const std::size_t stride = static_cast<std::size_t>(h_) + 1;

  PhiloxStream fs(seed, scenario, StreamKind::factors, 0);
  log_weight_ = draw_factors(b, fs, shift_, eps_, z_);
  double scale = 1.0;  // Student-t: sqrt(W / dof)
  if (b.copula == Copula::student_t) scale = std::sqrt(2.0 * draw_gamma(fs, b.t_dof / 2.0) / b.t_dof);
  systematic_values(b, z_, sys_);
  // Per segment and age, the conditional threshold in latent units: a loan
  // defaults by that age iff its idiosyncratic normal is below it, so the
  // conditional curve is norm_cdf of it. The curve (h erfc calls a segment)
  // is evaluated only for segments whose blocks expect many candidates; a
  // block expecting few compares each candidate's latent value instead (one
  // norm_quantile a candidate), which makes a small book's scenario cheap.
  for (std::size_t s = 0; s < b.segments.size(); ++s) {
    double* y = &latent_[s * stride];
    curve_ready_[s] = 0;
    if (b.segments[s].pd_annual >= 1.0) {
      std::fill(&curve_[s * stride] + 1, &curve_[s * stride] + stride, 1.0);
      std::fill(y + 1, y + stride, std::numeric_limits<double>::infinity());
      curve_ready_[s] = 1;
      continue;
    }
    const auto& grp = b.groups[b.segments[s].group];
    const double* t = &threshold_[s * stride];
    const double inv_sd = 1.0 / grp.idio_sd, sys = sys_[b.segments[s].group];
    for (int a = 1; a <= h_; ++a) y[a] = conditional_latent(t[a], scale, sys, inv_sd);
  }

  // Phase 1: positions and months. One geometric stream per block of runs
  // with the same segment and start month (they differ only in months at
  // risk, ascending): candidates are drawn at the block's largest
  // probability p_max, and a candidate in a run with p <= p_max defaults iff
  // its latent uniform (uniform on (0, p_max) given candidacy) is below p.
  // Exact, and a small book pays for a few streams, not one per run.
  const Moratorium& mor = b.moratorium;
  const std::uint32_t k0 = scenario, k1 = static_cast<std::uint32_t>(seed), c2 = static_cast<std::uint32_t>(seed >> 32);
  const r123::Philox4x32::key_type key = {{k0, k1}};
  found_n_ = 0;
  const bool avx512 = best_simd_path() == SimdPath::avx512;  // the AVX-512 candidate search
  // Found defaults made whole Defaults (exposure, loss, and the loan's bank,
  // association and agreement: aggregating claims reads no loan record),
  // kPriceLag defaults behind the search: their loan records were prefetched
  // when they were found, and have arrived by then (priced after the whole
  // search, those of a large book would have left the cache).
  std::size_t priced = 0;
  auto price = [&](bool all) {
    const std::size_t upto = all ? found_n_ : (found_n_ > kPriceLag ? found_n_ - kPriceLag : 0);
    for (; priced < upto; ++priced) {
      const std::size_t k = priced;
      const LoanRecord& loan = b.loans[found_loan_[k]];
      Default& d = found_[k];
      d = {found_loan_[k], found_month_[k], 0, 0, loan.bank, loan.association, loan.agreement};
      default_loss(b, found_loan_[k], found_month_[k], found_bits_[k], d.ead_minor, d.loss_minor);
      ++month_start_[static_cast<std::size_t>(found_month_[k]) + 1];  // for the sort by month
    }
  };
  month_start_.assign(static_cast<std::size_t>(h_) + 2, 0);
  for (const Block& blk : blocks_) {
    const double* c = &curve_[blk.segment * stride];
    const double* y = &latent_[blk.segment * stride];
    const double p = curve_ready_[blk.segment] ? c[blk.age_max] : norm_cdf(y[blk.age_max]);
    if (!(p > 0.0)) continue;
    const auto end = static_cast<std::int64_t>(b.runs[blk.end_run - 1].end);  // signed: cheaper conversions
    // Expected candidates below kLatentCandidates: latent comparisons are
    // cheaper than evaluating the curve (same outcome: c[a] < u iff y[a] < quantile(u)).
    const bool latent = !curve_ready_[blk.segment] &&
                        p * static_cast<double>(end - b.runs[blk.first_run].begin) < kLatentCandidates;
    if (!latent) ready_curve(blk.segment);
    // A bucket segment: each candidate decided on its loan's own PD, with the
    // lower segment's curve as the cheap bound (candidate_search.hpp).
    const Segment& seg = b.segments[blk.segment];
    const bool bucket = seg.lower != kNoSegment;
    const OwnPd own = bucket ? own_pd(seg, scale, !latent) : OwnPd{};
    const double inv_log_q = p < 1.0 ? 1.0 / std::log1p(-p) : 0.0;
    // Candidate j of the block takes Philox block j of the block's run
    // stream: word 0 its gap, word 1 its month, word 2 its LGD. A block
    // expecting many candidates draws them kBatchLanes at a time (SIMD kernels);
    // one expecting few, one at a time. Same words either way.
    const bool batched = p * static_cast<double>(end - b.runs[blk.first_run].begin) >= kBatchCandidates;
    std::uint32_t ri = blk.first_run;
    std::int64_t pos = b.runs[ri].begin;
    const CandidateBlock cblk{&b.runs[blk.first_run], blk.end_run - blk.first_run, end, blk.start_month, c, h_, p,
                              inv_log_q, mor, bucket ? &own : nullptr};
    for (std::uint32_t j0 = 0; pos < end;) {
      const int lanes = batched ? kBatchLanes : 1;
      if (batched) {
        philox_batch(k0, k1, static_cast<std::uint32_t>(StreamKind::run), blk.first_run, c2, j0, words_);
        if (p < 1.0) log_uniform_batch(words_.w[0], gap_log_);
      } else {
        const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(StreamKind::run), blk.first_run, c2, j0}};
        const auto r = philox_(ctr, key);
        for (int w = 0; w < 4; ++w) words_.w[w][0] = r.v[w];
        if (p < 1.0) gap_log_[0] = log_positive(uniform_from_word(words_.w[0][0]));
      }
      j0 += static_cast<std::uint32_t>(lanes);
      // Room for this batch's defaults.
      if (found_n_ + kBatchLanes > found_loan_.size()) {
        const std::size_t grown = std::max<std::size_t>(256, 2 * found_loan_.size());
        found_loan_.resize(grown);
        found_month_.resize(grown);
        found_bits_.resize(grown);
        found_.resize(grown);
      }
      FoundDefaults sink{found_loan_.data(), found_month_.data(), found_bits_.data(), found_n_};
      if (!latent) {
        pos = batched && avx512 && !bucket ? search_candidates_avx512(cblk, gap_log_, words_, pos, sink)
                                : search_candidates(cblk, gap_log_, words_, lanes, pos, sink);
        // Loan records are read once kPriceLag more defaults are found: fetched now, they arrive meanwhile.
        for (std::size_t k = found_n_; k < sink.n; ++k) __builtin_prefetch(&b.loans[found_loan_[k]]);
        found_n_ = sink.n;
        price(false);
        continue;
      }
      // Latent comparisons (few candidates expected): one normal quantile a
      // candidate against the latent thresholds, same outcome as the curve.
      for (int i = 0; i < lanes && pos < end; ++i) {
        if (p < 1.0) {
          const double gap = gap_log_[i] * inv_log_q;  // as search_candidates
          if (gap >= static_cast<double>(end - pos)) {
            pos = end;
            break;
          }
          pos += static_cast<std::int64_t>(gap);
        }
        while (pos >= static_cast<std::int64_t>(b.runs[ri].end)) ++ri;
        const int age_end = b.runs[ri].age_end;
        const double x = norm_quantile(uniform_from_word(words_.w[1][i]) * p);
        int age = x < y[age_end] ? first_age_reaching(y, x) : 0;
        if (age > 0 && bucket) age = own_default_age(own, pos, x, age, age_end);
        if (age > 0) {
          int month = blk.start_month + age;
          if (mor.months > 0 && month >= mor.start_month && month < mor.start_month + mor.months)
            month = mor.start_month + mor.months;  // recognised when the moratorium ends
          if (month <= h_) {
            __builtin_prefetch(&b.loans[static_cast<std::size_t>(pos)]);  // read when priced
            found_loan_[found_n_] = static_cast<std::uint32_t>(pos);
            found_month_[found_n_] = month;
            found_bits_[found_n_] = words_.w[2][i];
            ++found_n_;
          }
        }
        ++pos;
      }
      price(false);
    }
  }
  price(true);

  // Phase 2: each default copied straight to its place in (month, loan)
  // order: defaults were found in loan order, so a counting sort by month is
  // stable. (The month counts were taken when the defaults were priced.)
  const std::size_t n = found_n_;
  for (std::size_t m = 1; m < month_start_.size(); ++m) month_start_[m] += month_start_[m - 1];
  sorted.resize(n);
  Default* const out = sorted.data();
  // Two 16-byte loads and stores a default (a plain struct copy is four of each).
  for (std::size_t k = 0; k < n; ++k) {
    const auto* from = reinterpret_cast<const __m128i*>(&found_[k]);
    const __m128i head = _mm_loadu_si128(from), tail = _mm_loadu_si128(from + 1);
    auto* to = reinterpret_cast<__m128i*>(out + month_start_[static_cast<std::size_t>(found_month_[k])]++);
    _mm_storeu_si128(to, head);
    _mm_storeu_si128(to + 1, tail);
  }
}

}  // namespace gfund::risk
