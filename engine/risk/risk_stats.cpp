#include "engine/risk/risk_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gfund::risk {

namespace {
std::size_t var_index(std::size_t n, double level) {
  const double k = std::ceil(static_cast<double>(n) * level - 1e-9);
  return std::min(n - 1, static_cast<std::size_t>(std::max(1.0, k)) - 1);
}
constexpr double kZ95 = 1.96;  // two-sided 95%
Estimate normal_estimate(double value, double se) { return {value, se, value - kZ95 * se, value + kZ95 * se}; }

// Mean and sample variance of values[i] over the m indices i in `index`.
struct MeanVar {
  double mean = 0, var = 0;
  std::size_t m = 0;
  Estimate estimate() const { return m ? normal_estimate(mean, std::sqrt(var / static_cast<double>(m))) : Estimate{}; }
};
template <class Index>
MeanVar mean_var(std::span<const double> values, const Index& index, std::size_t m) {
  if (m == 0) return {};
  long double s = 0;
  for (std::size_t i : index) s += values[i];
  const long double mean = s / m;
  long double v = 0;
  for (std::size_t i : index) v += (values[i] - mean) * (values[i] - mean);
  return {static_cast<double>(mean), m > 1 ? static_cast<double>(v / (m - 1)) : 0.0, m};
}
struct All {  // 0..n-1 as a range
  std::size_t n;
  struct It {
    std::size_t i;
    std::size_t operator*() const { return i; }
    It& operator++() { ++i; return *this; }
    bool operator!=(const It& o) const { return i != o.i; }
  };
  It begin() const { return {0}; }
  It end() const { return {n}; }
};
}  // namespace

Estimate mean_estimate(std::span<const double> values) {
  return mean_var(values, All{values.size()}, values.size()).estimate();
}

Estimate quantile_estimate(std::span<const double> x, double a) {
  const std::size_t n = x.size();
  if (n == 0) return {};
  const double nd = static_cast<double>(n);
  const double half = kZ95 * std::sqrt(nd * a * (1 - a));
  const auto lo = static_cast<std::size_t>(std::clamp(std::floor(nd * a - half), 1.0, nd)) - 1;
  const auto hi = static_cast<std::size_t>(std::clamp(std::ceil(nd * a + half), 1.0, nd)) - 1;
  return {x[var_index(n, a)], (x[hi] - x[lo]) / (2 * kZ95), x[lo], x[hi]};
}

Estimate tail_mean_estimate(std::span<const double> x, double a) {
  const std::size_t n = x.size();
  if (n == 0) return {};
  const std::size_t i = var_index(n, a), m = n - i;
  long double ts = 0;
  for (std::size_t k = i; k < n; ++k) ts += x[k];
  const double es = static_cast<double>(ts / m);
  long double tv = 0;
  for (std::size_t k = i; k < n; ++k) tv += (x[k] - es) * (x[k] - es);
  const double tail_var = m > 1 ? static_cast<double>(tv / (m - 1)) : 0.0;
  const double se = std::sqrt((tail_var + a * (es - x[i]) * (es - x[i])) / (static_cast<double>(n) * (1 - a)));
  return normal_estimate(es, se);
}

Estimate probability_estimate(std::size_t hits, std::size_t n) {
  if (n == 0) return {};
  const double nd = static_cast<double>(n), p = static_cast<double>(hits) / nd, z2 = kZ95 * kZ95;
  const double centre = (p + z2 / (2 * nd)) / (1 + z2 / nd);
  const double half = kZ95 * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd)) / (1 + z2 / nd);
  return {p, std::sqrt(p * (1 - p) / nd), std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Distribution summarize_distribution(std::span<const double> values) {
  Distribution d;
  const std::size_t n = values.size();
  if (n == 0) return d;
  const MeanVar mv = mean_var(values, All{n}, n);
  d.mean = mv.estimate();
  d.sd = std::sqrt(mv.var);
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  for (double a : kTailLevels) d.tails.push_back({a, quantile_estimate(x, a), tail_mean_estimate(x, a)});
  for (double q : kQuantileLevels) d.quantiles.emplace_back(q, x[var_index(n, q)]);
  d.quantiles.emplace_back(1.0, x.back());
  return d;
}

std::vector<std::size_t> tail_scenarios(std::span<const double> values, double level) {
  const std::size_t n = values.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (n == 0) return idx;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return values[a] != values[b] ? values[a] < values[b] : a < b;
  });
  idx.erase(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(var_index(n, level)));
  return idx;
}

Estimate mean_over(std::span<const double> values, std::span<const std::size_t> scenarios) {
  return mean_var(values, scenarios, scenarios.size()).estimate();
}

}  // namespace gfund::risk
