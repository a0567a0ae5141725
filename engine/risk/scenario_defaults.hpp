#pragma once
// One scenario's defaults: draw the factors, turn them into conditional
// default curves per segment, then find the defaulting loans run by run.
//
// Given the factors, defaults are independent, and every loan of a run has
// the same conditional probability p of defaulting within its months at risk
// (the per-loan test "uniform u < p"). The gaps between defaulting loans of a
// run are then geometric, so positions are drawn directly: the work is a few
// draws per default plus one stream per block of runs (same segment and start
// month), not one per loan. The month follows from a uniform on (0, p)
// against the conditional cumulative curve (the same latent uniform,
// conditioned on default). Exact in distribution.
//
// Speed (bench/risk_throughput.cpp): candidate j of a block uses Philox block
// j of the block's stream (gap, month and LGD words), so candidates are drawn
// kBatchLanes at a time with SIMD kernels (philox_batch, log_batch), placed
// and dated 8 lanes at a time (candidate_search), and their exposures and
// losses computed 16 at a time (default_losses); on CPUs without AVX-512 the
// scalar versions give the same bits. About 42 ns of CPU per default on the
// 100,000-loan bench book on an Intel Cascade Lake core, 22 ns on AMD Zen 4.
#include <emmintrin.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/risk/candidate_search.hpp"
#include "engine/risk/philox_batch.hpp"
#include "engine/risk/philox_stream.hpp"
#include "engine/risk/prepared_book.hpp"

namespace gfund::risk {

// One defaulted loan in one scenario. Amounts in fund-currency minor units.
struct Default {
  std::uint32_t loan = 0;    // position in PreparedBook::loans
  std::int32_t month = 0;    // calendar month the default is recognised (and claimed), 1..horizon
  std::int64_t ead_minor = 0;   // exposure at default (outstanding when payments stopped), >= 0
  std::int64_t loss_minor = 0;  // ead x LGD rounded half-even once, 0..ead; ead - loss is recovered later
  // Copied from the loan, so aggregating claims never touches the loan records.
  std::uint16_t bank = 0, association = 0, agreement = kNoIndex;
};
// 32 bytes: a scenario's defaults stay dense (sorted and aggregated in place).
static_assert(sizeof(Default) == 32 && offsetof(Default, month) == 4 && offsetof(Default, ead_minor) == 8 &&
              offsetof(Default, loss_minor) == 16 && offsetof(Default, bank) == 24 &&
              offsetof(Default, association) == 26 && offsetof(Default, agreement) == 28);

// Per-thread scratch and the per-segment unconditional thresholds; draw() is
// a pure function of (book, seed, scenario).
class ScenarioDrawer {
 public:
  explicit ScenarioDrawer(const PreparedBook& book);
  // Replaces `out` by the scenario's defaults, sorted by (month, loan).
  void draw(std::uint64_t seed, std::uint32_t scenario, std::vector<Default>& out);
  // The scenario's factor values (model order is PreparedBook::factor_names)
  // after the last draw(); for tests.
  const std::vector<double>& factors() const { return z_; }
  // Importance sampling (importance.hpp): the independent factor normals are
  // drawn from N(mu, I) (internal order; fixed factors' entries 0); empty =
  // plain Monte Carlo, the default. Throws std::invalid_argument otherwise.
  void set_shift(std::span<const double> mu);
  // Log likelihood ratio (model law over sampling law) of the last draw's
  // factors; 0 without a shift.
  double log_weight() const { return log_weight_; }

 private:
  const PreparedBook& book_;
  int h_;
  std::vector<double> threshold_;  // [segment * (h+1) + age]: F^-1(PD_cum(age))
  std::vector<double> curve_;      // [segment * (h+1) + age]: P(default by age | factors), once evaluated
  std::vector<double> latent_;     // [segment * (h+1) + age]: conditional threshold, curve_ = norm_cdf(latent_)
  std::vector<unsigned char> curve_ready_;  // per segment: curve_ evaluated this scenario
  // Below this many expected candidates a block compares latent values
  // (one norm_quantile each) rather than evaluating its segment's curve (h erfc).
  static constexpr double kLatentCandidates = 6.0;
  // Evaluates segment s's conditional curve from its latent thresholds, once a scenario.
  void ready_curve(std::size_t s);
  // What deciding a bucket segment's candidates on their own PDs takes this
  // scenario; with_curve: the lower segment's curve too (the curve search's bound).
  OwnPd own_pd(const Segment& seg, double scale, bool with_curve);
  std::vector<double> eps_, z_, sys_;
  std::vector<double> shift_;  // set_shift's mu; empty = plain
  double log_weight_ = 0.0;
  // Consecutive runs sharing one geometric stream (same segment and start
  // month), see draw().
  struct Block {
    std::uint32_t first_run = 0, end_run = 0;
    std::uint32_t segment = 0;
    int start_month = 0;
    int age_max = 0;  // largest months at risk among its runs
  };
  std::vector<Block> blocks_;
  // Defaults found in phase 1, in loan order: loan position, month, 32 bits for the LGD draw
  // ([0, found_n_) is this scenario's).
  std::vector<std::uint32_t> found_loan_;
  std::vector<std::int32_t> found_month_;
  std::vector<std::uint32_t> found_bits_;
  std::size_t found_n_ = 0;  // defaults found this scenario (the vectors are kept large)
  std::vector<Default> found_;  // per found default once priced, in loan order (plus a batch of padding)
  // Defaults are priced (exposure, loss) this many behind the newest found, so
  // that the loan records prefetched when they were found have arrived.
  static constexpr std::size_t kPriceLag = 32;
  // First age a in 1..h with curve[a] >= v, given v < curve[a_end] for some
  // a_end <= h: counts the ages below v over the whole horizon (the curve is
  // nondecreasing, so ages past a_end never count), two at a time (SSE2, in
  // every x86-64 CPU), with no data-dependent exit to mispredict.
  int first_age_reaching(const double* curve, double v) const {
    const __m128d vv = _mm_set1_pd(v);
    __m128i below2 = _mm_setzero_si128();
    int a = 1;
    for (; a < h_; a += 2)  // ages a, a + 1 <= h (age h never counts: curve[h] > v)
      below2 = _mm_sub_epi64(below2, _mm_castpd_si128(_mm_cmplt_pd(_mm_loadu_pd(curve + a), vv)));
    int below = static_cast<int>(_mm_cvtsi128_si64(below2) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(below2, below2)));
    if (a == h_) below += static_cast<int>(curve[a] < v);  // odd horizon: age h alone
    return below + 1;
  }
  // Philox words of the current candidates (see draw()) and the logs of their gap uniforms.
  PhiloxLanes words_;
  alignas(64) double gap_log_[kBatchLanes];
  r123::Philox4x32 philox_;
  // A block expecting at least this many candidates draws them in batches.
  static constexpr double kBatchCandidates = 6.0;
  std::vector<std::uint32_t> month_start_;
};

// Gamma(shape, 1) variate (Marsaglia-Tsang), shape > 0.
double draw_gamma(PhiloxStream& s, double shape);

}  // namespace gfund::risk
