#include "engine/calibrate/shrinkage.hpp"

#include <algorithm>
#include <cmath>

#include "models/errors.hpp"

namespace gfund::calibrate {

namespace {
double pd_of_rate(double r) { return -std::expm1(-std::max(0.0, r)); }
}  // namespace

double loan_years_for_weight(double prior_strength, double weight) {
  GFUND_ASSERT(prior_strength >= 0 && weight >= 0 && weight < 1);
  return prior_strength * weight / (1 - weight);
}

ShrinkageResult shrink_rates(const std::vector<GroupCount>& groups) {
  ShrinkageResult out;
  double k = 0, n = 0;
  int with_data = 0;
  for (const auto& g : groups) {
    k += g.defaults;
    n += g.loan_years;
    with_data += g.loan_years > 0;
  }
  const double mu = n > 0 ? k / n : 0.0;  // pooled annual rate
  out.pooled_pd = pd_of_rate(mu);
  // Method of moments on the rate scale: the exposure-weighted spread of the
  // groups' rates, less the part binomial (Poisson) noise explains, is the
  // spread of true rates tau^2; a Beta prior with that spread has strength
  // m = mu (1 - mu) / tau^2 - 1.
  double m = kPriorStrengthMax;
  if (with_data >= 2 && mu > 0) {
    double spread = 0;
    for (const auto& g : groups) {
      if (g.loan_years <= 0) continue;
      const double r = g.defaults / g.loan_years;
      spread += g.loan_years * (r - mu) * (r - mu);
    }
    spread /= n;
    // Each group's sampling variance mu (1 - mu) / n_i, weighted by n_i / n,
    // summed over the groups less one (mu is estimated from them).
    const double noise = (with_data - 1) * mu * (1 - std::min(mu, 0.999)) / n;
    const double tau2 = spread - noise;
    if (tau2 > 0) m = std::clamp(mu * (1 - std::min(mu, 0.999)) / tau2 - 1, 1e-3, kPriorStrengthMax);
  }
  out.prior_strength = m;
  for (const auto& g : groups) {
    ShrunkRate s;
    s.key = g.key;
    s.loans = g.loans;
    s.defaults = g.defaults;
    s.loan_years = g.loan_years;
    const double ny = std::max(0.0, g.loan_years);
    s.raw_pd = ny > 0 ? pd_of_rate(g.defaults / ny) : out.pooled_pd;
    const double a = g.defaults + m * mu, b = ny + m;  // posterior: rate ~ Gamma-like mean a / b
    const double rate = b > 0 ? a / b : mu;
    s.shrunk_pd = pd_of_rate(rate);
    s.weight = ny / (ny + m);
    // Posterior sd of the rate ~ sqrt(a) / b (Poisson-Gamma): a 95% band.
    // The pool is worth at most the exposure it was estimated from, so for
    // the band the prior counts for at most n loan-years (with full pooling
    // the band is then the pooled rate's own, not a spuriously narrow one).
    const double mb = std::min(m, n);
    const double ab = g.defaults + mb * mu, bb = ny + mb;
    const double sd = bb > 0 ? std::sqrt(std::max(ab, 0.0)) / bb : 0;
    s.low = pd_of_rate(std::max(0.0, rate - 1.96 * sd));
    s.high = pd_of_rate(rate + 1.96 * sd);
    out.groups.push_back(s);
  }
  return out;
}

}  // namespace gfund::calibrate
