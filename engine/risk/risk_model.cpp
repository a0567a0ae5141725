#include "engine/risk/risk_model.hpp"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "engine/risk/normal.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

bool LoanFilter::matches(const BookLoan& loan) const {
  return matches(loan.bank, loan.association, loan.sector, loan.currency.code_view());
}

bool LoanFilter::matches(std::string_view loan_bank, std::string_view loan_association, std::string_view loan_sector,
                         std::string_view loan_currency) const {
  if (!bank.empty() && bank != loan_bank) return false;
  if (!association.empty()) {
    if (association == "none" ? !loan_association.empty() : association != loan_association) return false;
  }
  if (!sector.empty() && sector != loan_sector) return false;
  if (!currency.empty() && currency != loan_currency) return false;
  return true;
}

double segment_pd_annual(const RiskModel& model, std::string_view bank, std::string_view association,
                         std::string_view sector, std::string_view currency) {
  for (const auto& s : model.pd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.pd_annual;
  return model.pd_annual_default;
}

double segment_lgd_mean(const RiskModel& model, std::string_view bank, std::string_view association,
                        std::string_view sector, std::string_view currency) {
  for (const auto& s : model.lgd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.mean;
  return model.lgd_mean;
}

double past_due_pd_annual(const RiskModel& model, double pd_annual, int days_past_due, int trigger_dpd) {
  const bool behind = days_past_due > 0 && days_past_due < trigger_dpd;
  return behind ? pd_annual * model.past_due_pd_multiplier : pd_annual;
}

namespace {
[[noreturn]] void bad(const std::string& field, const std::string& rule) { throw DataError(rule, {.field = field}); }
void in_open01(double v, const std::string& field) {
  if (!(v > 0.0 && v < 1.0)) bad(field, fmt::format("must be in (0, 1), got {}", v));
}
void in_closed01(double v, const std::string& field) {
  if (!(v >= 0.0 && v <= 1.0)) bad(field, fmt::format("must be in [0, 1], got {}", v));
}
}  // namespace

double cumulative_pd(double pd_annual, int months) {
  if (months <= 0) return 0.0;
  if (pd_annual >= 1.0) return 1.0;
  return -std::expm1(std::log1p(-pd_annual) * months / 12.0);
}

double default_threshold(double pd_annual, int months, Copula copula, double t_dof) {
  const double p = cumulative_pd(pd_annual, months);
  return copula == Copula::student_t ? student_t_quantile(p, t_dof) : norm_quantile(p);
}

void validate(const RiskModel& m) {
  if (m.horizon_months < 1 || m.horizon_months > kHorizonMonthsMax)
    bad("horizon_months", fmt::format("must be in 1..{}, got {}", kHorizonMonthsMax, m.horizon_months));
  if (m.copula == Copula::student_t && !(m.t_dof > 2.0)) bad("copula.dof", "must be > 2 for a Student-t copula");
  in_open01(m.pd_annual_default, "pd.default");
  for (std::size_t i = 0; i < m.pd_segments.size(); ++i)
    in_open01(m.pd_segments[i].pd_annual, fmt::format("pd.segments[{}].pd", i));
  if (!(m.past_due_pd_multiplier >= 1.0)) bad("pd.past_due_multiplier", "must be >= 1");
  in_closed01(m.lgd_mean, "lgd.mean");
  for (std::size_t i = 0; i < m.lgd_segments.size(); ++i)
    in_closed01(m.lgd_segments[i].mean, fmt::format("lgd.segments[{}].mean", i));
  if (m.lgd_kind == LgdKind::beta) {
    if (!(m.lgd_sd > 0.0)) bad("lgd.sd", "must be > 0 for a beta LGD");
    if (!(m.lgd_sd * m.lgd_sd < m.lgd_mean * (1 - m.lgd_mean)))
      bad("lgd.sd", "must be below sqrt(mean (1 - mean)) for a beta LGD");
  }
  if (m.recovery_lag_months < 0 || m.recovery_lag_months > 120) bad("recovery_lag_months", "must be in 0..120");
  if (m.factors.size() > static_cast<std::size_t>(kFactorsMax)) bad("factors", "too many factors");
  std::set<std::string> names;
  for (std::size_t i = 0; i < m.factors.size(); ++i) {
    const auto& f = m.factors[i];
    if (f.name.empty()) bad(fmt::format("factors[{}].name", i), "must not be empty");
    if (!names.insert(f.name).second) bad(fmt::format("factors[{}].name", i), "duplicate factor '" + f.name + "'");
    if (!(f.loading >= 0.0 && f.loading < 1.0)) bad(fmt::format("factors[{}].loading", i), "must be in [0, 1)");
  }
  for (std::size_t i = 0; i < m.correlations.size(); ++i) {
    const auto& c = m.correlations[i];
    auto field = fmt::format("correlations[{}]", i);
    if (!names.count(c.a) || !names.count(c.b)) bad(field, "names a factor that does not exist");
    if (c.a == c.b) bad(field, "a factor's correlation with itself is 1");
    if (!(c.rho >= -1.0 && c.rho <= 1.0)) bad(field, "rho must be in [-1, 1]");
  }
  for (const auto& [code, rate] : m.fx_per_fund_unit)
    if (!(rate > 0.0) || !std::isfinite(rate)) bad("fx." + code, "must be > 0");
  for (std::size_t i = 0; i < m.pd_multipliers.size(); ++i)
    if (!(m.pd_multipliers[i].multiplier > 0.0)) bad(fmt::format("stress.pd_multipliers[{}]", i), "must be > 0");
  if (!(std::fabs(m.loading_shift) < 1.0)) bad("stress.loading_shift", "must be in (-1, 1)");
  if (!(std::fabs(m.lgd_shift) <= 1.0)) bad("stress.lgd_shift", "must be in [-1, 1]");
  for (const auto& ff : m.fixed_factors) {
    if (!names.count(ff.name)) bad("stress.fixed_factors", "names a factor that does not exist: " + ff.name);
    if (!std::isfinite(ff.value)) bad("stress.fixed_factors", "value must be finite");
  }
  if (m.moratorium.months < 0 || m.moratorium.months > 60) bad("stress.moratorium.months", "must be in 0..60");
  if (m.moratorium.months > 0 && (m.moratorium.start_month < 1 || m.moratorium.start_month > m.horizon_months))
    bad("stress.moratorium.start_month", "must be in 1..horizon_months");
  if (!(m.euler_level > 0.5 && m.euler_level < 1.0)) bad("euler_level", "must be in (0.5, 1)");
}

}  // namespace gfund::risk
