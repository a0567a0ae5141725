#include "engine/sizing/measures.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/risk/risk_stats.hpp"
#include "models/errors.hpp"
#include "models/ratio.hpp"

namespace gfund::sizing {

namespace {
// Ascending, as doubles (exact: sizing's amounts stay below 2^53 minor units).
std::vector<double> sorted_doubles(std::span<const std::int64_t> v) {
  std::vector<double> x(v.begin(), v.end());
  std::sort(x.begin(), x.end());
  return x;
}
std::vector<double> doubles(std::span<const std::int64_t> v) { return {v.begin(), v.end()}; }
}  // namespace

double mean(std::span<const std::int64_t> v, Weights w) {
  if (v.empty()) return 0;
  if (!w.empty()) return mean_estimate(v, w).value;
  long double s = 0;
  for (auto x : v) s += static_cast<long double>(x);
  return static_cast<double>(s / static_cast<long double>(v.size()));
}

Estimate mean_estimate(std::span<const std::int64_t> v, Weights w) {
  return w.empty() ? risk::mean_estimate(doubles(v)) : risk::weighted_mean_estimate(doubles(v), w);
}

double standard_error(std::span<const std::int64_t> v, Weights w) { return mean_estimate(v, w).se; }

Estimate quantile(std::span<const std::int64_t> v, double q, Weights w) {
  GFUND_ASSERT(!v.empty() && q > 0 && q < 1);
  return w.empty() ? risk::quantile_estimate(sorted_doubles(v), q) : risk::weighted_quantile_estimate(doubles(v), w, q);
}

Estimate expected_shortfall(std::span<const std::int64_t> v, double q, Weights w) {
  GFUND_ASSERT(!v.empty() && q > 0 && q < 1);
  return w.empty() ? risk::tail_mean_estimate(sorted_doubles(v), q) : risk::weighted_tail_mean_estimate(doubles(v), w, q);
}

Estimate exceed_probability(std::span<const std::int64_t> v, std::int64_t threshold, Weights w) {
  GFUND_ASSERT(!v.empty());
  if (!w.empty()) {
    std::vector<unsigned char> hits(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) hits[i] = v[i] > threshold;
    return risk::weighted_share(hits, w);
  }
  const auto hits = static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [&](auto x) { return x > threshold; }));
  return risk::probability_estimate(hits, v.size());
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
