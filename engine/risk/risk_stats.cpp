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

namespace gfund::risk {

namespace {

// Values in ascending order (ties by index) with their weights' suffix sums:
// tail[k] = (1/n) sum_{j >= k} w_j and tail2[k] the same of w^2 (tail[n] = 0).
struct WeightedSorted {
  std::vector<double> x, w, tail, tail2;
  std::size_t n() const { return x.size(); }
  // The VaR's position at level a: the smallest k with tail[k + 1] <= 1 - a.
  std::size_t var_index(double a) const {
    const double q = 1.0 - a;
    std::size_t lo = 0, hi = n() - 1;  // tail[n] = 0 <= q, so k = n - 1 always qualifies
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (tail[mid + 1] <= q) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
  // First position holding a value above x[k] (the set P(X > VaR) counts).
  std::size_t above(std::size_t k) const {
    return static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), x[k]) - x.begin());
  }
};

WeightedSorted weighted_sorted(std::span<const double> values, std::span<const double> weights) {
  const std::size_t n = values.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return values[a] != values[b] ? values[a] < values[b] : a < b;
  });
  WeightedSorted s{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n + 1, 0.0),
                   std::vector<double>(n + 1, 0.0)};
  long double t = 0, t2 = 0;
  for (std::size_t k = n; k-- > 0;) {
    s.x[k] = values[idx[k]];
    s.w[k] = weights[idx[k]];
    t += s.w[k];
    t2 += static_cast<long double>(s.w[k]) * s.w[k];
    s.tail[k] = static_cast<double>(t / n);
    s.tail2[k] = static_cast<double>(t2 / n);
  }
  return s;
}

// sqrt of the sample variance of y_i given (1/n) sum y and (1/n) sum y^2, over sqrt(n).
double se_of_mean(double m1, double m2, std::size_t n) {
  const double nd = static_cast<double>(n);
  const double var = n > 1 ? std::max(0.0, (m2 - m1 * m1) * nd / (nd - 1)) : 0.0;
  return std::sqrt(var / nd);
}

Estimate weighted_var(const WeightedSorted& s, double a) {
  const std::size_t k = s.var_index(a), g = s.above(k), n = s.n();
  const double p = s.tail[g], se_p = se_of_mean(p, s.tail2[g], n);
  const double half = kZ95 * se_p;
  const double lo = s.x[s.var_index(std::max(0.0, a - half))];
  const double hi = a + half >= 1.0 ? s.x[n - 1] : s.x[s.var_index(a + half)];
  return {s.x[k], (hi - lo) / (2 * kZ95), lo, hi};
}

Estimate weighted_es(const WeightedSorted& s, double a) {
  const std::size_t k = s.var_index(a), n = s.n();
  const double v = s.x[k];
  long double y1 = 0, y2 = 0;
  for (std::size_t j = s.above(k); j < n; ++j) {
    const long double y = static_cast<long double>(s.w[j]) * (s.x[j] - v);
    y1 += y;
    y2 += y * y;
  }
  const double m1 = static_cast<double>(y1 / n), m2 = static_cast<double>(y2 / n);
  return normal_estimate(v + m1 / (1 - a), se_of_mean(m1, m2, n) / (1 - a));
}

}  // namespace

Distribution summarize_weighted(std::span<const double> values, std::span<const double> weights) {
  Distribution d;
  const std::size_t n = values.size();
  if (n == 0) return d;
  long double m1 = 0, x2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double wx = static_cast<long double>(weights[i]) * values[i];
    m1 += wx;
    x2 += wx * values[i];
  }
  d.mean = weighted_mean_estimate(values, weights);
  const double mean = static_cast<double>(m1 / n);
  d.sd = std::sqrt(std::max(0.0, static_cast<double>(x2 / n) - mean * mean));
  const WeightedSorted s = weighted_sorted(values, weights);
  for (double a : kTailLevels) d.tails.push_back({a, weighted_var(s, a), weighted_es(s, a)});
  for (double q : kQuantileLevels) d.quantiles.emplace_back(q, s.x[s.var_index(q)]);
  d.quantiles.emplace_back(1.0, s.x.back());
  return d;
}

Estimate weighted_mean_estimate(std::span<const double> values, std::span<const double> weights) {
  const std::size_t n = values.size();
  if (n == 0) return {};
  long double m1 = 0, m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double wx = static_cast<long double>(weights[i]) * values[i];
    m1 += wx;
    m2 += wx * wx;
  }
  const double mean = static_cast<double>(m1 / n);
  return normal_estimate(mean, se_of_mean(mean, static_cast<double>(m2 / n), n));
}

Estimate weighted_quantile_estimate(std::span<const double> values, std::span<const double> weights, double level) {
  if (values.empty()) return {};
  return weighted_var(weighted_sorted(values, weights), level);
}

Estimate weighted_tail_mean_estimate(std::span<const double> values, std::span<const double> weights, double level) {
  if (values.empty()) return {};
  return weighted_es(weighted_sorted(values, weights), level);
}

Estimate weighted_share(std::span<const unsigned char> hits, std::span<const double> weights) {
  const std::size_t n = hits.size();
  if (n == 0) return {};
  long double m1 = 0, m2 = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (hits[i]) {
      m1 += weights[i];
      m2 += static_cast<long double>(weights[i]) * weights[i];
    }
  // No hit at all: the weights say nothing of the event's size, so the
  // interval is plain Monte Carlo's for 0 of n (Wilson), not [0, 0].
  if (m1 == 0) return probability_estimate(0, n);
  const double p = static_cast<double>(m1 / n), se = se_of_mean(p, static_cast<double>(m2 / n), n);
  return {p, se, std::max(0.0, p - kZ95 * se), std::min(1.0, p + kZ95 * se)};
}

std::vector<double> weighted_tail(std::span<const double> values, std::span<const double> weights, double level) {
  const std::size_t n = values.size();
  std::vector<double> t(n, 0.0);
  if (n == 0) return t;
  const WeightedSorted s = weighted_sorted(values, weights);
  const double var = s.x[s.var_index(level)];
  const std::size_t g = s.above(s.var_index(level));
  const std::size_t first_tied = static_cast<std::size_t>(std::lower_bound(s.x.begin(), s.x.end(), var) - s.x.begin());
  const double at_var = s.tail[first_tied] - s.tail[g];  // P(X = VaR) > 0
  const double share = std::clamp((1.0 - level - s.tail[g]) / at_var, 0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i)
    if (values[i] > var) t[i] = weights[i];
    else if (values[i] == var) t[i] = weights[i] * share;
  return t;
}

Estimate weighted_mean_over(std::span<const double> values, std::span<const double> tail_weights) {
  long double tw = 0, tx = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    tw += tail_weights[i];
    tx += static_cast<long double>(tail_weights[i]) * values[i];
  }
  if (tw <= 0) return {};
  const double r = static_cast<double>(tx / tw);
  long double v = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const long double d = static_cast<long double>(tail_weights[i]) * (values[i] - r);
    v += d * d;
  }
  return normal_estimate(r, static_cast<double>(std::sqrt(v) / tw));
}

}  // namespace gfund::risk
