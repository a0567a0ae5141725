#include "engine/risk/importance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/risk/factor_draw.hpp"
#include "engine/risk/normal.hpp"

namespace gfund::risk {

namespace {

// One term of the proxy: a segment's loans with the same months at risk, as
// exposure x mean LGD (fund minor units) defaulting below a threshold.
struct ProxyTerm {
  std::uint32_t group = 0;
  double threshold = 0;  // default_threshold at the term's months at risk
  double inv_sd = 1;     // 1 / the group's idiosyncratic sd
  double weight = 0;     // sum of start balance x mean LGD
};

// Terms per segment at its longest months at risk (a proxy: its exposure
// near the horizon's end is what the tail is made of).
std::vector<ProxyTerm> proxy_terms(const PreparedBook& b) {
  std::vector<ProxyTerm> terms(b.segments.size());
  std::vector<int> age(b.segments.size(), 0);
  for (const Run& run : b.runs) {
    double w = 0;
    for (std::uint32_t i = run.begin; i < run.end; ++i)
      w += static_cast<double>(start_balance(b, b.loans[i])) * b.loans[i].lgd_mean();
    terms[run.segment].weight += w;
    age[run.segment] = std::max(age[run.segment], static_cast<int>(run.age_end));
  }
  for (std::size_t s = 0; s < terms.size(); ++s) {
    const Segment& seg = b.segments[s];
    terms[s].group = seg.group;
    terms[s].inv_sd = 1.0 / b.groups[seg.group].idio_sd;
    terms[s].threshold = default_threshold(seg.pd_annual, std::max(1, age[s]), b.copula, b.t_dof);
  }
  std::erase_if(terms, [](const ProxyTerm& t) { return t.weight <= 0; });
  return terms;
}

// The conditional expected loss of the terms given the groups' systematic values.
double proxy_loss(const std::vector<ProxyTerm>& terms, const std::vector<double>& sys) {
  double loss = 0;
  for (const ProxyTerm& t : terms) loss += t.weight * norm_cdf(conditional_latent(t.threshold, 1.0, sys[t.group], t.inv_sd));
  return loss;
}

// One stage's pilot: eps (P x F), log weights and proxy values under mu.
struct Pilot {
  std::vector<double> eps, log_w, proxy;
};

Pilot run_pilot(const PreparedBook& b, const std::vector<ProxyTerm>& terms, const std::vector<double>& mu,
                std::uint64_t seed, int stage) {
  const std::size_t nf = b.factor_names.size();
  Pilot p{std::vector<double>(kPilotScenarios * nf), std::vector<double>(kPilotScenarios),
          std::vector<double>(kPilotScenarios)};
#pragma omp parallel
  {
    std::vector<double> z(nf), sys(b.groups.size());
#pragma omp for schedule(static)
    for (std::int64_t j = 0; j < static_cast<std::int64_t>(kPilotScenarios); ++j) {
      PhiloxStream fs(seed, static_cast<std::uint32_t>(j), StreamKind::pilot, static_cast<std::uint32_t>(stage));
      const std::span<double> eps(p.eps.data() + static_cast<std::size_t>(j) * nf, nf);
      p.log_w[static_cast<std::size_t>(j)] = draw_factors(b, fs, mu, eps, z);
      systematic_values(b, z, sys);
      p.proxy[static_cast<std::size_t>(j)] = proxy_loss(terms, sys);
    }
  }
  return p;
}

}  // namespace

TailShift tail_shift(const PreparedBook& b, double level, std::uint64_t seed) {
  const std::size_t nf = b.factor_names.size(), nfixed = b.fixed_values.size();
  TailShift out;
  out.mu.assign(nf, 0.0);
  const auto terms = proxy_terms(b);
  if (nf == nfixed || terms.empty()) return out;
  const auto elite_min = static_cast<std::size_t>(std::ceil(kPilotScenarios * kPilotEliteShare));
  std::vector<std::size_t> order(kPilotScenarios);
  for (int stage = 0; stage < kPilotStagesMax && !out.reached; ++stage) {
    const Pilot p = run_pilot(b, terms, out.mu, seed, stage);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
      return p.proxy[a] != p.proxy[c] ? p.proxy[a] > p.proxy[c] : a < c;
    });
    if (p.proxy[order.front()] == p.proxy[order.back()]) break;  // the factors move nothing
    // Rank (from the top) of the proxy's VaR at `level` under this stage's weights.
    std::size_t k = 0;
    for (double tail = 0; k + 1 < order.size(); ++k) {
      tail += std::exp(p.log_w[order[k]]) / kPilotScenarios;
      if (tail >= 1.0 - level) break;
    }
    out.reached = k + 1 >= elite_min;
    const std::size_t elite = out.reached ? k + 1 : elite_min;
    std::vector<double> sum(nf, 0.0);
    double wsum = 0;
    for (std::size_t r = 0; r < elite; ++r) {
      const double w = std::exp(p.log_w[order[r]]);
      wsum += w;
      for (std::size_t i = nfixed; i < nf; ++i) sum[i] += w * p.eps[order[r] * nf + i];
    }
    for (std::size_t i = nfixed; i < nf; ++i) out.mu[i] = sum[i] / wsum;
    out.stages = stage + 1;
  }
  return out;
}

}  // namespace gfund::risk
