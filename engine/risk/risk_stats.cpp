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
}  // namespace

Distribution summarize_distribution(std::span<const double> values) {
  Distribution d;
  const std::size_t n = values.size();
  if (n == 0) return d;
  std::vector<double> x(values.begin(), values.end());
  long double sum = 0, sum2 = 0;
  for (double v : x) sum += v;
  const long double mean = sum / n;
  for (double v : x) sum2 += (v - mean) * (v - mean);
  const double var = n > 1 ? static_cast<double>(sum2 / (n - 1)) : 0.0;
  d.mean = {static_cast<double>(mean), std::sqrt(var / n)};
  d.sd = std::sqrt(var);
  std::sort(x.begin(), x.end());
  const double nd = static_cast<double>(n);
  for (double a : kTailLevels) {
    TailMeasure t;
    t.level = a;
    const std::size_t i = var_index(n, a);
    const double half = 1.96 * std::sqrt(nd * a * (1 - a));
    const auto lo = static_cast<std::size_t>(std::clamp(std::floor(nd * a - half), 1.0, nd)) - 1;
    const auto hi = static_cast<std::size_t>(std::clamp(std::ceil(nd * a + half), 1.0, nd)) - 1;
    t.var = {x[i], x[lo], x[hi]};
    long double ts = 0;
    for (std::size_t k = i; k < n; ++k) ts += x[k];
    const std::size_t m = n - i;
    const double es = static_cast<double>(ts / m);
    long double tv = 0;
    for (std::size_t k = i; k < n; ++k) tv += (x[k] - es) * (x[k] - es);
    const double tail_var = m > 1 ? static_cast<double>(tv / (m - 1)) : 0.0;
    const double se = std::sqrt((tail_var + a * (es - x[i]) * (es - x[i])) / (nd * (1 - a)));
    t.es = {es, se};
    d.tails.push_back(t);
  }
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
  const std::size_t m = scenarios.size();
  if (m == 0) return {};
  long double s = 0;
  for (std::size_t i : scenarios) s += values[i];
  const double mean = static_cast<double>(s / m);
  long double v = 0;
  for (std::size_t i : scenarios) v += (values[i] - mean) * (values[i] - mean);
  const double var = m > 1 ? static_cast<double>(v / (m - 1)) : 0.0;
  return {mean, std::sqrt(var / m)};
}

}  // namespace gfund::risk
