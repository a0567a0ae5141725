#include "engine/risk/scenario_defaults.hpp"

#include <algorithm>
#include <cmath>

#include "engine/risk/normal.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

double draw_gamma(PhiloxStream& s, double shape) {
  if (shape < 1.0) {
    // G(a) = G(a + 1) U^(1/a).
    const double u = s.uniform53();
    return draw_gamma(s, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  // Acceptance is above 95% per try; the bound only guards a broken stream.
  for (int tries = 0; tries < 1000; ++tries) {
    const double x = norm_quantile(s.uniform53());
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = s.uniform53();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
  return shape;  // unreachable in practice (probability < 0.05^1000)
}

double draw_beta(PhiloxStream& s, double mean, double sd) {
  const double k = mean * (1.0 - mean) / (sd * sd) - 1.0;
  const double x = draw_gamma(s, mean * k), y = draw_gamma(s, (1.0 - mean) * k);
  return x + y > 0.0 ? x / (x + y) : mean;
}

ScenarioDrawer::ScenarioDrawer(const PreparedBook& book) : book_(book), h_(book.horizon_months) {
  const std::size_t stride = static_cast<std::size_t>(h_) + 1;
  threshold_.assign(book.segments.size() * stride, 0.0);
  curve_.assign(book.segments.size() * stride, 0.0);
  for (std::size_t s = 0; s < book.segments.size(); ++s)
    for (int a = 1; a <= h_; ++a) {
      const double p = cumulative_pd(book.segments[s].pd_annual, a);
      threshold_[s * stride + a] =
          book.copula == Copula::student_t ? student_t_quantile(p, book.t_dof) : norm_quantile(p);
    }
  const std::size_t nf = book.factor_names.size();
  eps_.assign(nf, 0.0);
  z_.assign(nf, 0.0);
  sys_.assign(book.groups.size(), 0.0);
}

void ScenarioDrawer::draw(std::uint64_t seed, std::uint32_t scenario, std::vector<Default>& sorted) {
  std::vector<Default>& out = unsorted_;
  out.clear();
  lgd_u_.clear();
  const PreparedBook& b = book_;
  const std::size_t nf = b.factor_names.size(), nfixed = b.fixed_values.size();
  const std::size_t stride = static_cast<std::size_t>(h_) + 1;
  const auto& L = b.cholesky.lower;

  // Factors: Z = L eps. Fixed factors come first in internal order, so
  // choosing their eps to hit the fixed values and drawing the rest leaves
  // the free factors with their conditional distribution given the fixed.
  PhiloxStream fs(seed, scenario, StreamKind::factors, 0);
  for (std::size_t i = 0; i < nf; ++i) {
    const double u = fs.uniform53();  // drawn for every factor, so fixing one never shifts the others' draws
    if (i < nfixed) {
      double acc = 0.0;
      for (std::size_t j = 0; j < i; ++j) acc += L(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) * eps_[j];
      eps_[i] = (b.fixed_values[i] - acc) / L(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
    } else {
      eps_[i] = norm_quantile(u);
    }
  }
  for (std::size_t i = 0; i < nf; ++i) {
    double acc = 0.0;
    for (std::size_t j = 0; j <= i; ++j) acc += L(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) * eps_[j];
    z_[i] = acc;
  }
  double scale = 1.0;  // Student-t: sqrt(W / dof)
  if (b.copula == Copula::student_t) scale = std::sqrt(2.0 * draw_gamma(fs, b.t_dof / 2.0) / b.t_dof);

  for (std::size_t g = 0; g < b.groups.size(); ++g) {
    double acc = 0.0;
    const auto& load = b.groups[g].loading;
    for (std::size_t k = 0; k < nf; ++k) acc += load[k] * z_[k];
    sys_[g] = acc;
  }
  for (std::size_t s = 0; s < b.segments.size(); ++s) {
    double* c = &curve_[s * stride];
    if (b.segments[s].pd_annual >= 1.0) {
      std::fill(c + 1, c + stride, 1.0);
      continue;
    }
    const auto& grp = b.groups[b.segments[s].group];
    const double* t = &threshold_[s * stride];
    const double inv_sd = 1.0 / grp.idio_sd, sys = sys_[b.segments[s].group];
    for (int a = 1; a <= h_; ++a) c[a] = norm_cdf((t[a] * scale - sys) * inv_sd);
  }

  const Moratorium& mor = b.moratorium;
  for (std::size_t r = 0; r < b.runs.size(); ++r) {
    const Run& run = b.runs[r];
    const double* c = &curve_[run.segment * stride];
    const double p = c[run.age_end];
    if (!(p > 0.0)) continue;
    PhiloxStream rs(seed, scenario, StreamKind::run, static_cast<std::uint32_t>(r));
    const double inv_log_q = p < 1.0 ? 1.0 / std::log1p(-p) : 0.0;
    std::uint64_t pos = run.begin;
    while (pos < run.end) {
      if (p < 1.0) {
        // Loans skipped before the next default: geometric(p). A 32-bit
        // uniform truncates gaps beyond 22.9 / p loans, a probability of e^-22.9.
        const double gap = std::log(rs.uniform_open()) * inv_log_q;  // >= 0; truncation below is floor
        if (gap >= static_cast<double>(run.end - pos)) break;
        pos += static_cast<std::uint64_t>(gap);
      }
      // Month of default: the latent uniform given default is uniform on (0, p).
      const double u = rs.uniform_open() * p;
      int age = 1;
      while (age < run.age_end && c[age] < u) ++age;
      int month = run.start_month + age;
      if (mor.months > 0 && month >= mor.start_month && month < mor.start_month + mor.months)
        month = mor.start_month + mor.months;  // recognised when the moratorium ends
      if (month <= h_) {
        // Phase 1 only finds positions and months; loan records are read in
        // phase 2, prefetched a few defaults ahead so that cache misses overlap.
        Default d;
        d.loan = static_cast<std::uint32_t>(pos);
        d.month = month;
        // The LGD uniform is drawn here so the stream's order never depends on the LGD kind.
        lgd_u_.push_back(rs.uniform_open());
        out.push_back(d);
      }
      ++pos;
    }
  }
  // Phase 2: exposure, LGD and loss per default.
  constexpr std::size_t kAhead = 12;
  auto prefetch = [&](std::size_t k) {
    const auto* rec = reinterpret_cast<const char*>(&b.loans[out[k].loan]);
    __builtin_prefetch(rec);
    __builtin_prefetch(rec + sizeof(LoanRecord) - 1);
  };
  for (std::size_t k = 0; k < std::min(kAhead, out.size()); ++k) prefetch(k);
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k + kAhead < out.size()) prefetch(k + kAhead);
    Default& d = out[k];
    const LoanRecord& loan = b.loans[d.loan];
    d.ead_minor = exposure_at_default(b, loan, d.month);
    d.bank = loan.bank;
    d.association = loan.association;
    d.agreement = loan.agreement;
    double lgd = loan.lgd_mean;
    if (loan.lgd_table != kNoIndex) {
      lgd = lgd_from_table(b, loan.lgd_table, lgd_u_[k]);
    } else if (b.lgd_kind == LgdKind::beta && lgd > 0.0 && lgd < 1.0) {
      // Past kLgdTablesMax distinct means: an exact draw from the loan's own stream.
      const double sd = std::min(b.lgd_sd, 0.999 * std::sqrt(lgd * (1.0 - lgd)));
      PhiloxStream ls(seed, scenario, StreamKind::lgd, d.loan);
      lgd = draw_beta(ls, lgd, sd);
    }
    d.loss_minor = std::clamp<std::int64_t>(round_half_even(static_cast<double>(d.ead_minor) * lgd), 0, d.ead_minor);
  }

  // Defaults were found in loan order (runs are consecutive); a stable
  // counting sort by month gives (month, loan) order.
  month_start_.assign(static_cast<std::size_t>(h_) + 2, 0);
  for (const Default& d : out) ++month_start_[static_cast<std::size_t>(d.month) + 1];
  for (std::size_t m = 1; m < month_start_.size(); ++m) month_start_[m] += month_start_[m - 1];
  sorted.resize(out.size());
  for (const Default& d : out) sorted[month_start_[static_cast<std::size_t>(d.month)]++] = d;
}

}  // namespace gfund::risk
