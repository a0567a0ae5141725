#pragma once
// One scenario's defaults: draw the factors, turn them into conditional
// default curves per segment, then find the defaulting loans run by run.
//
// Given the factors, defaults are independent, and every loan of a run has
// the same conditional probability p of defaulting within its months at risk
// (the per-loan test "uniform u < p"). The gaps between defaulting loans of a
// run are then geometric, so positions are drawn directly: the work is one
// draw per default plus one per run, not one per loan. The month follows from
// a uniform on (0, p) against the conditional cumulative curve (the same
// latent uniform, conditioned on default). Exact in distribution.
#include <cstdint>
#include <vector>

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

 private:
  const PreparedBook& book_;
  int h_;
  std::vector<double> threshold_;  // [segment * (h+1) + age]: F^-1(PD_cum(age))
  std::vector<double> curve_;      // [segment * (h+1) + age]: P(default by age | factors)
  std::vector<double> eps_, z_, sys_;
  std::vector<Default> unsorted_;
  std::vector<double> lgd_u_;  // per found default: its LGD uniform
  std::vector<std::uint32_t> month_start_;
};

// Gamma(shape, 1) variate (Marsaglia-Tsang), shape > 0.
double draw_gamma(PhiloxStream& s, double shape);
// Beta variate with the given mean and standard deviation (0 < sd^2 < m(1-m)).
double draw_beta(PhiloxStream& s, double mean, double sd);

}  // namespace gfund::risk
