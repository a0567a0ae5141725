#include "engine/sizing/measures.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/ratio.hpp"

namespace gfund::sizing {

double mean(std::span<const std::int64_t> v) {
  if (v.empty()) return 0;
  long double s = 0;
  for (auto x : v) s += static_cast<long double>(x);
  return static_cast<double>(s / static_cast<long double>(v.size()));
}

double standard_error(std::span<const std::int64_t> v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  long double ss = 0;
  for (auto x : v) ss += (static_cast<long double>(x) - m) * (static_cast<long double>(x) - m);
  const double var = static_cast<double>(ss / static_cast<long double>(v.size() - 1));
  return std::sqrt(var / static_cast<double>(v.size()));
}

Estimate quantile(std::vector<std::int64_t> v, double q) {
  GFUND_ASSERT(!v.empty() && q > 0 && q < 1);
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  auto at = [&](double rank) {  // 1-based rank, clamped
    auto k = static_cast<std::size_t>(std::clamp(std::ceil(rank), 1.0, n));
    return static_cast<double>(v[k - 1]);
  };
  const double half = 1.96 * std::sqrt(n * q * (1 - q));
  return {at(q * n), at(q * n - half), at(q * n + half + 1)};
}

Estimate expected_shortfall(std::vector<std::int64_t> v, double q) {
  GFUND_ASSERT(!v.empty() && q > 0 && q < 1);
  std::sort(v.begin(), v.end(), std::greater<>());
  const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((1 - q) * static_cast<double>(v.size()))));
  std::span<const std::int64_t> tail(v.data(), k);
  const double m = mean(tail), se = standard_error(tail);
  return {m, m - 1.96 * se, m + 1.96 * se};
}

Estimate exceed_probability(std::span<const std::int64_t> v, std::int64_t threshold) {
  GFUND_ASSERT(!v.empty());
  const double n = static_cast<double>(v.size());
  const double k = static_cast<double>(std::count_if(v.begin(), v.end(), [&](auto x) { return x > threshold; }));
  const double p = k / n, z = 1.96, z2 = z * z;
  // Wilson: sound at p = 0, where the normal interval collapses to a point.
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Target parse_target(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos)
    throw UsageError(fmt::format("target '{}' must be exhaustion:P, var:L or es:L (e.g. exhaustion:1%)", text), {"", 0, "--target"});
  auto kind = text.substr(0, colon);
  double level = 0;
  try {
    level = parse_ratio(text.substr(colon + 1)).to_double();
  } catch (const Error& e) {
    throw UsageError(e.rule(), {"", 0, "--target"});
  }
  Target t;
  if (kind == "exhaustion") {
    t.kind = TargetKind::exhaustion;
    if (level <= 0 || level > 0.5) throw UsageError("exhaustion probability must be in (0, 50%]", {"", 0, "--target"});
  } else if (kind == "var" || kind == "es") {
    t.kind = kind == "var" ? TargetKind::var : TargetKind::es;
    if (level < 0.5 || level >= 1) throw UsageError("confidence level must be in [50%, 100%)", {"", 0, "--target"});
  } else {
    throw UsageError(fmt::format("unknown target kind '{}' (exhaustion, var, es)", kind), {"", 0, "--target"});
  }
  t.level = level;
  return t;
}

std::string describe(const Target& t) {
  switch (t.kind) {
    case TargetKind::exhaustion: return fmt::format("P(exhaustion) <= {:g}%", t.level * 100);
    case TargetKind::var: return fmt::format("net claims VaR {:g}% within capital", t.level * 100);
    case TargetKind::es: return fmt::format("net claims ES {:g}% within capital", t.level * 100);
  }
  return "";
}

}  // namespace gfund::sizing
