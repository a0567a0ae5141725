#include "engine/sizing/sizing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/risk/risk_stats.hpp"
#include "engine/sizing/solver.hpp"
#include "models/decimal.hpp"

namespace gfund::sizing {

Estimate required_capital(const ClaimsRun& run, const Target& target) {
  switch (target.kind) {
    case TargetKind::exhaustion: {
      Estimate e = quantile(run.peak, 1 - target.level, run.weights);
      return e;
    }
    case TargetKind::var: return quantile(run.net, target.level, run.weights);
    case TargetKind::es: return expected_shortfall(run.net, target.level, run.weights);
  }
  return {};
}

bool meets_target(const ClaimsRun& run, std::int64_t capital_minor, const Target& target) {
  if (target.kind == TargetKind::exhaustion)
    return exceed_probability(run.peak, capital_minor, run.weights).value <= target.level + 1e-12;
  return required_capital(run, target).value <= static_cast<double>(capital_minor);
}

Target shifted_target(const Target& t, int scenarios, int direction) {
  const double n = std::max(1, scenarios);
  Target s = t;
  if (t.kind == TargetKind::exhaustion) {
    const double se = std::sqrt(t.level * (1 - t.level) / n);
    s.level = std::clamp(t.level + direction * 1.96 * se, 0.5 / n, 0.5);
  } else {
    const double se = std::sqrt(t.level * (1 - t.level) / n);
    s.level = std::clamp(t.level - direction * 1.96 * se, 0.5, 1 - 0.5 / n);
  }
  return s;
}

RunSummary summarize(const ClaimsRun& run, std::int64_t capital_minor, const Target& target, double level) {
  RunSummary s;
  s.level = level;
  s.capital_minor = capital_minor;
  s.expected_loss_minor = mean(run.loss, run.weights);
  s.expected_gross_minor = mean(run.gross, run.weights);
  s.expected_net_minor = mean_estimate(run.net, run.weights);
  s.var_net_minor = quantile(run.net, level, run.weights);
  s.es_net_minor = expected_shortfall(run.net, level, run.weights);
  s.exhaustion_probability = exceed_probability(run.peak, capital_minor, run.weights);
  s.required_capital_minor = required_capital(run, target);
  return s;
}

CapitalAnswer size_capital(const ClaimsRun& run, const Target& target, int curve_points) {
  CapitalAnswer a;
  a.target = target;
  a.capital_minor = required_capital(run, target);
  a.summary = summarize(run, static_cast<std::int64_t>(std::llround(a.capital_minor.value)), target);
  // The curve spans 0 .. 1.5x the answer (or the largest peak).
  const double top = std::max(1.5 * a.capital_minor.value,
                              static_cast<double>(*std::max_element(run.peak.begin(), run.peak.end())) * 0.5);
  for (int i = 0; i <= curve_points && top > 0; ++i) {
    auto c = static_cast<std::int64_t>(std::llround(top * i / curve_points));
    a.curve.emplace_back(c, exceed_probability(run.peak, c, run.weights).value);
  }
  return a;
}

namespace {

bool in_scope(const Portfolio& p, std::size_t agreement, const std::string& scope) {
  return scope == "all" || p.agreements[agreement].bank == scope;
}

}  // namespace

CoverageAnswer size_coverage(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                             const Target& target, const std::string& scope) {
  CoverageAnswer ans;
  ans.scope = scope;
  bool any = false;
  for (std::size_t a = 0; a < p.agreements.size(); ++a)
    if (in_scope(p, a, scope)) {
      if (!any) ans.current = base.terms[a].coverage.to_double();
      any = true;
    }
  if (!any) throw UsageError("no agreement of bank '" + scope + "'", {"", 0, "--bank"});
  auto solve = [&](const Target& t) {
    auto pred = [&](double cov) {
      Candidate c = base;
      for (std::size_t a = 0; a < p.agreements.size(); ++a)
        if (in_scope(p, a, scope)) c.terms[a].coverage = Ratio{std::llround(cov * Ratio::kOne)};
      return meets_target(aggregate_claims(p, d, c), capital_minor, t);
    };
    return largest_satisfying(pred, 0.001, 1.0, 0.001);
  };
  auto mid = solve(target);
  ans.coverage = mid.x;
  ans.full = mid.at_upper;
  ans.none = mid.none;
  ans.low = solve(shifted_target(target, d.scenarios, -1)).x;
  ans.high = solve(shifted_target(target, d.scenarios, +1)).x;
  return ans;
}

VolumeAnswer size_volume(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                         const Target& target, const std::string& kind, const std::string& id) {
  VolumeAnswer ans;
  ans.kind = kind;
  ans.id = id;
  const bool bank = kind == "bank";
  const int ix = bank ? p.bank_index(id) : p.association_index(id);
  if (ix < 0) throw UsageError("unknown " + kind + " '" + id + "'", {"", 0, bank ? "--bank" : "--association"});
  ans.planned_monthly_minor = bank ? p.planned_monthly_volume_minor(ix, -1) : p.planned_monthly_volume_minor(-1, ix);
  if (ans.planned_monthly_minor == 0)
    throw UsageError("the plan has no lending for " + kind + " '" + id + "' to scale", {"", 0, "--plan"});
  auto with = [&](double m) {
    Candidate c = base;
    (bank ? c.bank_volume : c.association_volume)[static_cast<std::size_t>(ix)] = m;
    return c;
  };
  auto solve = [&](const Target& t) {
    auto pred = [&](double m) { return meets_target(aggregate_claims(p, d, with(m)), capital_minor, t); };
    return largest_satisfying(pred, 0.0, p.volume_multiplier_max, 0.01);
  };
  auto mid = solve(target);
  ans.multiplier = mid.x;
  ans.at_max = mid.at_upper;
  ans.low = solve(shifted_target(target, d.scenarios, -1)).x;
  ans.high = solve(shifted_target(target, d.scenarios, +1)).x;
  ans.most_monthly_minor = std::llround(ans.multiplier * static_cast<double>(ans.planned_monthly_minor));
  const Candidate c = with(ans.multiplier);
  const auto inc = included_exposures(p, c);
  double covered = 0;
  for (std::size_t i = 0; i < p.exposures.size(); ++i)
    if (inc[i])
      covered += c.terms[static_cast<std::size_t>(p.exposures[i].agreement)].coverage.to_double() *
                 static_cast<double>(p.exposures[i].principal_minor);
  ans.leverage = capital_minor > 0 ? covered / static_cast<double>(capital_minor) : 0;
  return ans;
}

namespace {

// Per agreement, its mean net claims over the fund's tail scenarios at
// `level` (Euler contributions: they add up to the fund's ES). Plain: the
// ceil((1 - level) S) worst scenarios, ties by index; weighted: the
// scenarios risk::weighted_tail gives, at their tail weights.
std::vector<double> tail_contributions(const ClaimsRun& run, double level) {
  const std::size_t S = static_cast<std::size_t>(run.scenarios), na = static_cast<std::size_t>(run.agreements);
  std::vector<std::pair<std::size_t, double>> tail;  // (scenario, its tail weight), summed in this order
  if (run.weights.empty()) {
    std::vector<std::size_t> order(S);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return run.net[a] != run.net[b] ? run.net[a] > run.net[b] : a < b;
    });
    const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((1 - level) * static_cast<double>(S))));
    for (std::size_t j = 0; j < k; ++j) tail.emplace_back(order[j], 1.0);
  } else {
    const auto t = risk::weighted_tail(std::vector<double>(run.net.begin(), run.net.end()), run.weights, level);
    for (std::size_t s = 0; s < S; ++s)
      if (t[s] > 0) tail.emplace_back(s, t[s]);
  }
  std::vector<double> contrib(na, 0.0);
  double mass = 0;
  for (const auto& [s, w] : tail) {
    mass += w;
    for (std::size_t a = 0; a < na; ++a) contrib[a] += w * static_cast<double>(run.agreement_net[s * na + a]);
  }
  for (auto& x : contrib) x = mass > 0 ? x / mass : 0.0;
  return contrib;
}

}  // namespace

std::vector<AllocationRow> allocate_capital(const Portfolio& p, const ClaimsRun& run, const Candidate& c,
                                            std::int64_t capital_minor, double level) {
  const std::size_t na = static_cast<std::size_t>(run.agreements);
  std::vector<double> contrib = tail_contributions(run, level);
  double es = 0;
  for (double x : contrib) es += x;
  std::vector<double> covered(na, 0.0);
  double covered_total = 0;
  for (std::size_t a = 0; a < na; ++a) {
    covered[a] = c.terms[a].coverage.to_double() * static_cast<double>(run.enrolled_minor[a]);
    covered_total += covered[a];
  }
  // Capital in whole minor units, parts summing to the capital exactly.
  std::vector<Decimal> w;
  for (std::size_t a = 0; a < na; ++a) w.emplace_back(es > 0 ? contrib[a] : covered[a]);
  bool any = std::any_of(w.begin(), w.end(), [](const Decimal& x) { return x > 0; });
  std::vector<std::int64_t> cap = any ? allocate(capital_minor, w) : std::vector<std::int64_t>(na, 0);

  std::vector<AllocationRow> rows;
  auto add = [&](const std::string& kind, const std::string& id, auto&& member) {
    AllocationRow r{kind, id};
    for (std::size_t a = 0; a < na; ++a)
      if (member(a)) {
        r.es_contribution_minor += contrib[a];
        r.capital_minor += cap[a];
        r.exposure_share += covered_total > 0 ? covered[a] / covered_total : 0;
      }
    r.capital_share = es > 0 ? r.es_contribution_minor / es : 0;
    r.over_share = r.capital_share > r.exposure_share + 1e-9;
    rows.push_back(r);
  };
  for (std::size_t a = 0; a < na; ++a) add("agreement", p.agreements[a].id, [&](std::size_t x) { return x == a; });
  for (const auto& b : p.banks) add("bank", b, [&](std::size_t x) { return p.agreements[x].bank == b; });
  for (const auto& s : p.associations)
    add("association", s, [&](std::size_t x) { return p.agreements[x].terms.association == s; });
  return rows;
}

std::vector<FeeRow> break_even_fees(const Portfolio& p, const ClaimsRun& run, const Candidate& c, double cost_loading) {
  const std::size_t S = static_cast<std::size_t>(run.scenarios), na = static_cast<std::size_t>(run.agreements);
  std::vector<FeeRow> rows;
  for (std::size_t a = 0; a < na; ++a) {
    std::vector<std::int64_t> v(S);
    for (std::size_t s = 0; s < S; ++s) v[s] = run.agreement_net[s * na + a];
    FeeRow r;
    r.agreement = p.agreements[a].id;
    r.expected_net_minor = mean(v, run.weights);
    const double se = standard_error(v, run.weights);
    r.guaranteed_years_minor = run.guaranteed_years_minor[a];
    r.current_fee = c.terms[a].annual_fee.to_double();
    const Estimate fee = break_even_fee(r.expected_net_minor, se, r.guaranteed_years_minor, cost_loading);
    r.break_even_fee = fee.value;
    r.break_even_low = fee.lo;
    r.break_even_high = fee.hi;
    rows.push_back(r);
  }
  return rows;
}

Estimate break_even_fee(double expected_net_minor, double se_minor, double guaranteed_years_minor, double cost_loading) {
  Estimate e;
  if (guaranteed_years_minor <= 0) return e;
  const double f = (1 + cost_loading) / guaranteed_years_minor;
  e.value = expected_net_minor * f;
  e.se = se_minor * f;
  e.lo = std::max(0.0, (expected_net_minor - 1.96 * se_minor) * f);
  e.hi = (expected_net_minor + 1.96 * se_minor) * f;
  return e;
}

}  // namespace gfund::sizing
