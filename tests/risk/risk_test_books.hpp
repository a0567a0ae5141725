#pragma once
// Small books, agreements and models built in code for the risk tests.
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "engine/risk/risk_model.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::risk::testing {

inline Date date(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

inline BookLoan loan(std::string id, std::string bank, std::int64_t outstanding_minor, int remaining,
                     ScheduleType schedule = ScheduleType::balloon, std::string agreement = "") {
  BookLoan l;
  l.loan = std::move(id);
  l.bank = std::move(bank);
  l.agreement = std::move(agreement);
  l.sector = "food";
  l.province = "Phnom Penh";
  l.currency = usd();
  l.outstanding_minor = outstanding_minor;
  l.annual_rate = Ratio::percent(15);
  l.remaining_months = remaining;
  l.schedule = schedule;
  return l;
}

inline Agreement agreement(std::string id, std::string bank, int coverage_pct, std::optional<std::int64_t> per_loan_cap,
                           std::optional<std::int64_t> portfolio_cap, Structure s = Structure::pari_passu) {
  GuaranteeTermsData t;
  t.coverage = Ratio::percent(coverage_pct);
  t.structure = s;
  if (per_loan_cap) t.per_loan_cap = Money(usd(), *per_loan_cap);
  if (portfolio_cap) t.portfolio_cap = Money(usd(), *portfolio_cap);
  return Agreement(AgreementData{std::move(id), std::move(bank), usd(), GuaranteeTerms(t)});
}

// One-factor homogeneous model: loading sqrt(rho) on "economy", fixed LGD.
inline RiskModel one_factor_model(double pd, double rho, double lgd, int horizon = 12) {
  RiskModel m;
  m.name = "test";
  m.horizon_months = horizon;
  m.pd_annual_default = pd;
  m.lgd_kind = LgdKind::fixed;
  m.lgd_mean = lgd;
  if (rho > 0) m.factors.push_back({"economy", {}, std::sqrt(rho)});
  return m;
}

}  // namespace gfund::risk::testing
