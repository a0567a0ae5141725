#include "engine/sizing/default_draws.hpp"

#include <algorithm>
#include <cmath>

#include <Random123/philox.h>
#include <omp.h>

namespace gfund::sizing {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double inverse_normal_cdf(double p) {
  GFUND_ASSERT(p > 0.0 && p < 1.0);
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step takes the 1e-9 approximation to full double precision.
  double e = normal_cdf(x) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

namespace {

using Philox = r123::Philox4x32;
constexpr std::uint32_t kEconomyStream = 0xFFFFFFFFu;
constexpr std::uint32_t kBankStream = 0xFFFFFFFEu;

// Two independent standard normals from one Philox block (Box-Muller on two
// 64-bit uniforms in (0, 1)); only the first is used for loans.
double normal_at(const Philox::key_type& key, std::uint32_t scenario, std::uint32_t a, std::uint32_t b) {
  Philox::ctr_type ctr = {{scenario, a, b, 0x73697a65u}};  // "size"
  auto r = Philox()(ctr, key);
  auto u01 = [](std::uint32_t hi, std::uint32_t lo) {
    std::uint64_t u = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;
    return (static_cast<double>(u) + 0.5) / 9007199254740992.0;
  };
  double u1 = u01(r[0], r[1]), u2 = u01(r[2], r[3]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Per-loan parameters after the shocks.
struct LoanParams {
  double pd = 0, lgd = 0, b_econ = 0, b_bank = 0, idio = 1;
  double threshold = -INFINITY;  // default within the horizon iff X <= threshold
  double log_survival = 0;       // log(1 - pd)
  int t_max = 0;                 // last schedule month it can default in
  double value_factor = 1;       // FX revaluation of exposure
};

double mult(const std::map<std::string, double>& m, const std::vector<std::string>& names, int ix) {
  if (ix < 0) return 1.0;
  auto it = m.find(names[static_cast<std::size_t>(ix)]);
  return it == m.end() ? 1.0 : it->second;
}

}  // namespace

bool Shocks::is_base() const {
  return pd_multiplier == 1.0 && pd_multiplier_bank.empty() && pd_multiplier_association.empty() &&
         pd_multiplier_sector.empty() && pd_multiplier_usd_loans == 1.0 && loading_shift == 0.0 && lgd_shift == 0.0 &&
         !economy_factor && khr_devaluation == 0.0 && moratorium_months == 0;
}

DefaultDraws draw_defaults(const Portfolio& portfolio, const ModelSpec& model, const Shocks& shocks,
                           const DrawOptions& options) {
  GFUND_ASSERT(options.scenarios >= 1);
  const int horizon = model.horizon_months;
  const int n = static_cast<int>(portfolio.exposures.size());
  const int m0 = shocks.moratorium_start_month, mN = shocks.moratorium_months;
  const double b_econ = std::clamp(model.economy_loading + shocks.loading_shift, 0.0, 0.95);
  const double b_bank_max = std::sqrt(std::max(0.0, 0.999 - b_econ * b_econ));

  std::vector<LoanParams> params(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& e = portfolio.exposures[static_cast<std::size_t>(i)];
    auto& p = params[static_cast<std::size_t>(i)];
    double m = shocks.pd_multiplier * mult(shocks.pd_multiplier_bank, portfolio.banks, e.bank) *
               mult(shocks.pd_multiplier_association, portfolio.associations, e.association) *
               mult(shocks.pd_multiplier_sector, portfolio.sectors, e.sector) *
               (e.khr ? 1.0 : shocks.pd_multiplier_usd_loans);
    p.pd = std::clamp(e.pd_annual * m, 1e-9, 0.9999);
    p.lgd = std::clamp(e.lgd + shocks.lgd_shift, 0.0, 1.0);
    p.b_econ = b_econ;
    p.b_bank = std::min(model.bank_loading_for(portfolio.banks[static_cast<std::size_t>(e.bank)]), b_bank_max);
    p.idio = std::sqrt(1.0 - b_econ * b_econ - p.b_bank * p.b_bank);
    p.log_survival = std::log1p(-p.pd);
    p.t_max = std::min(e.term_months, horizon - e.start_month);
    if (p.t_max >= 1) {
      double cum = -std::expm1(p.log_survival * p.t_max / 12.0);  // 1 - (1-pd)^(t/12)
      p.threshold = inverse_normal_cdf(std::clamp(cum, 1e-15, 1 - 1e-15));
    }
    p.value_factor = e.khr ? 1.0 / (1.0 + shocks.khr_devaluation) : 1.0;
  }

  DefaultDraws out;
  out.scenarios = options.scenarios;
  out.horizon_months = horizon;
  out.recovery_lag_months = model.recovery_lag_months;
  out.seed = options.seed;
  out.economy_factor.resize(static_cast<std::size_t>(options.scenarios));
  std::vector<std::vector<DefaultEvent>> per(static_cast<std::size_t>(options.scenarios));
  const Philox::key_type key = {{static_cast<std::uint32_t>(options.seed), static_cast<std::uint32_t>(options.seed >> 32)}};
  const int nbanks = static_cast<int>(portfolio.banks.size());
  const int threads = options.threads > 0 ? options.threads : 0;

#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    std::vector<double> z_bank(static_cast<std::size_t>(nbanks));
#pragma omp for schedule(dynamic, 16)
    for (int s = 0; s < options.scenarios; ++s) {
      const auto su = static_cast<std::uint32_t>(s);
      const double z_econ = shocks.economy_factor ? *shocks.economy_factor : normal_at(key, su, kEconomyStream, 0);
      out.economy_factor[static_cast<std::size_t>(s)] = z_econ;
      for (int b = 0; b < nbanks; ++b) z_bank[static_cast<std::size_t>(b)] = normal_at(key, su, kBankStream, static_cast<std::uint32_t>(b));
      auto& ev = per[static_cast<std::size_t>(s)];
      for (int i = 0; i < n; ++i) {
        const auto& p = params[static_cast<std::size_t>(i)];
        if (p.t_max < 1) continue;
        const auto& e = portfolio.exposures[static_cast<std::size_t>(i)];
        const double x = p.b_econ * z_econ + p.b_bank * z_bank[static_cast<std::size_t>(e.bank)] +
                         p.idio * normal_at(key, su, static_cast<std::uint32_t>(i), 0);
        if (x > p.threshold && !e.already_due) continue;
        // Month of the loan's life its default is recognised (the claim
        // trigger reached; the risk engine's convention, and the ledger's
        // definition of a default): the first t with Phi(X) <= 1 - (1-pd)^(t/12).
        // Payments stopped claim_delay months earlier.
        const double u = normal_cdf(x);
        int t = static_cast<int>(std::ceil(12.0 * std::log1p(-u) / p.log_survival - 1e-9));
        t = e.already_due ? 1 : std::clamp(t, 1, p.t_max);
        int month = e.start_month + t;
        if (mN > 0) {
          // A moratorium pauses the schedules of loans live at its start: their
          // later installments (and defaults) come N months later; loans
          // disbursed during it start repaying when it ends.
          if (e.start_month < m0) {
            if (month >= m0) month += mN;
          } else if (e.start_month < m0 + mN) {
            month = m0 + mN - 1 + t;
          }
        }
        if (month > horizon) continue;
        const double ead = static_cast<double>(e.principal_minor) * p.value_factor *
                           balance_fraction(e.schedule, e.annual_rate, e.term_months, std::max(1, t - e.claim_delay_months + 1));
        const std::int64_t ead_minor = std::llround(ead);
        if (ead_minor <= 0) continue;
        ev.push_back(DefaultEvent{i, month, ead_minor, std::llround(static_cast<double>(ead_minor) * (1.0 - p.lgd))});
      }
      std::sort(ev.begin(), ev.end(), [&](const DefaultEvent& a, const DefaultEvent& b) {
        const auto& ea = portfolio.exposures[static_cast<std::size_t>(a.exposure)];
        const auto& eb = portfolio.exposures[static_cast<std::size_t>(b.exposure)];
        if (ea.agreement != eb.agreement) return ea.agreement < eb.agreement;
        if (a.claim_month != b.claim_month) return a.claim_month < b.claim_month;
        return a.exposure < b.exposure;
      });
    }
  }
  out.offsets.resize(static_cast<std::size_t>(options.scenarios) + 1, 0);
  for (int s = 0; s < options.scenarios; ++s)
    out.offsets[static_cast<std::size_t>(s) + 1] = out.offsets[static_cast<std::size_t>(s)] + static_cast<std::int64_t>(per[static_cast<std::size_t>(s)].size());
  out.events.reserve(static_cast<std::size_t>(out.offsets.back()));
  for (auto& v : per) out.events.insert(out.events.end(), v.begin(), v.end());
  return out;
}

}  // namespace gfund::sizing
