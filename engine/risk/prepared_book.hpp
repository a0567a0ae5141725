#pragma once
// The engine's compiled view of a book under a model: loans grouped into
// runs of alike loans (same factor loadings, same PD, same months at risk),
// so that one scenario costs work per run and per default, not per loan.
// Built once per (book, model); read-only while scenarios run.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "engine/risk/correlation.hpp"
#include "engine/risk/risk_model.hpp"
#include "models/currency.hpp"
#include "models/guarantee_terms.hpp"
#include "models/limits.hpp"

namespace gfund::risk {

inline constexpr std::uint16_t kNoIndex = 0xFFFF;
// Table sizes and rate counts: models/limits.hpp.

// What the engine keeps per loan, read only for loans that default. 32
// bytes, aligned, so one default costs one cache line.
struct alignas(32) LoanRecord {
  std::uint32_t balance_offset = 0;   // PreparedBook::balances[balance_offset + k]: the scheduled balance
                                      // after k installments, k = 0..balance_last
  std::uint16_t balance_last = 0;     // installments the table reaches: min(remaining, horizon - start)
  std::uint16_t lgd_weight = 0;       // beta LGD on the mean grid: weight of table lgd_table + 1, / 65536
                                      // (0 with one table per mean)
  std::uint32_t lgd_ppm = 0;          // LGD mean after overrides and lgd_shift, ppm, 0..1'000'000
  std::int16_t remaining_months = 0;  // installments left at start, >= 1
  std::uint16_t agreement = kNoIndex; // index into PreparedBook::agreement_ids; kNoIndex = not guaranteed
  std::uint16_t bank = 0;             // index into bank_ids
  std::uint16_t association = 0;      // index into association_ids ("" = none is an entry too)
  std::uint16_t lgd_table = kNoIndex; // beta LGD: index of its quantile table (past kLgdTablesMax
                                      // distinct means, of the grid table below its mean); kNoIndex = fixed
  std::uint8_t start_month = 0;       // calendar month the loan starts (0 = already live at as_of), < 256
  std::uint8_t schedule_code : 2 = 0; // ScheduleType
  std::uint8_t trigger_months : 6 = 3;// months from the last payment to the recognised default, <= 24
  double pd_annual = 0;               // the loan's own annual PD after multipliers, (0, 1]; 1 = certain.
                                      // Its segment's pd_annual when the segment is exact; in a bucket
                                      // segment (Segment::lower) within (lower's PD, the segment's PD].
  ScheduleType schedule() const { return static_cast<ScheduleType>(schedule_code); }
  double lgd_mean() const { return static_cast<double>(lgd_ppm) / 1e6; }
};
static_assert(sizeof(LoanRecord) == 32);
static_assert(kHorizonMonthsMax <= 0xFFFF, "LoanRecord::balance_last is 16 bits");
static_assert(kClaimTriggerMonthsMax < (1 << 6), "LoanRecord::trigger_months is 6 bits");

// Loans that load on the same factors with the same loadings.
struct LoadingGroup {
  std::vector<double> loading;  // b, per internal factor (size = factor count)
  double idio_sd = 1.0;         // sqrt(1 - b'Cb) > 0
};

inline constexpr std::uint32_t kNoSegment = 0xFFFFFFFF;

// Loans that default on the same conditional curve, or (a bucket segment)
// whose curves lie between two neighbouring curves.
struct Segment {
  std::uint32_t group = 0;
  double pd_annual = 0;         // after multipliers; 1 = certain default (already past the trigger).
                                // In a bucket segment: the bucket's upper grid PD, at which candidates
                                // are drawn; each loan then defaults on its own LoanRecord::pd_annual
  std::uint32_t lower = kNoSegment;  // bucket segment: the segment (same group) at the bucket's lower
                                     // grid PD, whose curve bounds its loans' from below;
                                     // kNoSegment = exact: every loan has exactly pd_annual
};

// Per-loan PDs. A loading group whose loans carry more than
// kExactPdsPerGroup distinct PDs (a bank's scorecard, calibrate's
// regression) has its PDs up to kPdBucketMax put in buckets of a geometric
// grid, kPdGridSteps points an octave (neighbouring points 2.2% apart), so
// a scenario costs work per bucket, not per loan. Candidates are drawn at
// the bucket's upper PD and each is decided on the loan's own: exact in
// distribution (scenario_defaults.hpp); only candidates between the two
// bounding curves cost a threshold evaluation (a share near 1.1% x (months
// at risk + 1) of them). The grid's density trades blocks (a stream and a
// curve each) against those evaluations: on the bench's per-loan
// 100,000-loan book, engine CPU per loan-scenario was 8.1 ns at 128 points
// an octave, 6.6 at 64, 6.4 at 32, 6.2 at 16 and 8.1 at 8 (one run,
// 2026-12-02, load 4; the one-PD book 2.2-2.6). Books with fewer distinct
// PDs keep one segment per PD.
inline constexpr std::size_t kExactPdsPerGroup = 64;
inline constexpr double kPdBucketMax = 0.5;  // a grid point (2^-1): buckets never pass it
inline constexpr int kPdGridSteps = 32;

// The grid bucket (lo, hi] holding pd, 0 < pd <= kPdBucketMax.
struct PdBucket {
  double lo = 0, hi = 0;
};
PdBucket pd_bucket(double pd);

// A run of consecutive loans (in PreparedBook order) with the same segment,
// start month and months at risk.
struct Run {
  std::uint32_t begin = 0, end = 0;  // [begin, end) loan positions
  std::uint32_t segment = 0;
  std::int16_t start_month = 0;
  std::int16_t age_end = 0;          // last month of life at risk within the horizon (>= 1)
};

struct PreparedBook {
  Date as_of{};
  int horizon_months = 12;
  Currency fund_currency;
  std::vector<LoanRecord> loans;     // in run order
  std::vector<std::uint32_t> loan_book_index;  // per loan: its position in Book::loans
  // Every loan's scheduled balances within the horizon, fund currency minor
  // units, exact: balances[balance_offset + k] is the balance after k
  // installments of the schedule gfund builds for the loan (models/schedule.hpp),
  // converted once (models/fx.hpp). Loans with the same terms share entries.
  std::vector<std::int64_t> balances;
  std::vector<Run> runs;
  std::vector<Segment> segments;
  std::vector<LoadingGroup> groups;
  std::vector<std::string> bank_ids, association_ids, agreement_ids;  // association "" = none
  std::vector<std::string> factor_names;  // internal order (fixed factors first)
  std::vector<double> fixed_values;       // values of the first fixed_values.size() internal factors
  FactorCholesky cholesky;                // of the internal-order correlation
  Copula copula = Copula::gaussian;
  double t_dof = 0;
  LgdKind lgd_kind = LgdKind::fixed;
  double lgd_sd = 0;
  // Beta LGD quantile tables, kLgdTableSize + 1 points each at u = i / kLgdTableSize;
  // a draw interpolates linearly between points (one uniform, no rejection).
  // One table per distinct mean, or past kLgdTablesMax of them one per grid
  // mean i / kLgdGridSteps (prepared_book.cpp's assign_lgd_tables).
  std::vector<float> lgd_tables;
  int recovery_lag_months = 12;
  Moratorium moratorium;
  double euler_level = 0.99;
  std::vector<std::string> warnings;      // correlation repair, clamped loadings...
};

// Compiles a book. start_months: empty (every loan live at as_of) or one
// calendar month per loan (planned loans start later: no exposure and no
// default before). Loans in other currencies than the fund's need an FX rate
// in the model. Throws DataError for a loan the model cannot place.
PreparedBook prepare_book(const Book& book, const std::vector<Agreement>& agreements, const RiskModel& model,
                          const Currency& fund_currency, std::span<const int> start_months = {});


// x rounded to the nearest integer, halves to even (|x| < 2^52), without a
// library call: the hot path rounds every simulated EAD and loss once.
inline std::int64_t round_half_even(double x) {
  // |x| < 2^51: adding 1.5 x 2^52 leaves no fraction bits, so the addition
  // itself rounds, to nearest with ties to even (the default FP mode; the
  // build uses no -ffast-math, which would fold the two operations).
  constexpr double kShift = 0x1.8p52;
  if (std::fabs(x) < 0x1p51) return static_cast<std::int64_t>((x + kShift) - kShift);
  auto t = static_cast<std::int64_t>(x);               // toward zero
  t -= static_cast<std::int64_t>(static_cast<double>(t) > x);  // floor
  const double frac = x - static_cast<double>(t);
  // Branch-free: the fraction is unpredictable, a mispredicted branch costs more than the arithmetic.
  t += static_cast<std::int64_t>(frac > 0.5) | (static_cast<std::int64_t>(frac == 0.5) & (t & 1));
  return t;
}


// One beta LGD draw from a loan's table with a uniform u in (0, 1).
inline double lgd_from_table(const PreparedBook& book, std::uint32_t table, double u) {
  const float* t = book.lgd_tables.data() + static_cast<std::size_t>(table) * (kLgdTableSize + 1);
  const double x = u * kLgdTableSize;
  const int i = static_cast<int>(x);
  return t[i] + (x - i) * (t[i + 1] - t[i]);
}

// A loan's beta LGD draw with uniform u: its table's quantile, or on the
// mean grid the comonotone mix of the two grid tables around its mean.
inline double loan_lgd_draw(const PreparedBook& book, const LoanRecord& loan, double u) {
  const double lgd = lgd_from_table(book, loan.lgd_table, u);
  if (loan.lgd_weight == 0) return lgd;
  return lgd + (lgd_from_table(book, loan.lgd_table + 1u, u) - lgd) * (loan.lgd_weight * 0x1p-16);
}

// Months of [moratorium) that fall in calendar months (from, to].
inline int moratorium_overlap(const Moratorium& m, int from_exclusive, int to_inclusive) {
  if (m.months <= 0) return 0;
  const int lo = std::max(from_exclusive + 1, m.start_month);
  const int hi = std::min(to_inclusive, m.start_month + m.months - 1);
  return std::max(0, hi - lo + 1);
}

// Principal outstanding when the loan starts, fund currency minor units.
inline std::int64_t start_balance(const PreparedBook& book, const LoanRecord& loan) {
  return book.balances[loan.balance_offset];
}

// Exposure at a default recognised in calendar month `month`, in fund
// currency minor units: the scheduled balance when payments stopped
// (trigger_months earlier; no amortisation in a moratorium), to the unit.
inline std::int64_t exposure_at_default(const PreparedBook& book, const LoanRecord& loan, int month) {
  const int stop = month - loan.trigger_months;  // last month a payment was made
  int paid = stop - loan.start_month - moratorium_overlap(book.moratorium, loan.start_month, stop);
  paid = std::clamp(paid, 0, static_cast<int>(loan.balance_last));
  return book.balances[loan.balance_offset + static_cast<std::uint32_t>(paid)];
}

}  // namespace gfund::risk
