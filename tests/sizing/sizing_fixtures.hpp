#pragma once
// Small books and agreements built in code for the sizing tests.
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "engine/risk/risk_model.hpp"
#include "engine/sizing/portfolio.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::sizing::testing {

inline Agreement make_agreement(const std::string& id, const std::string& bank, int coverage_pct,
                                Structure s = Structure::pari_passu, int trigger_dpd = 90,
                                std::string association = "") {
  GuaranteeTermsData t;
  t.coverage = Ratio::percent(coverage_pct);
  t.structure = s;
  t.claim_trigger_dpd = trigger_dpd;
  t.association = std::move(association);
  return Agreement(AgreementData{id, bank, usd(), GuaranteeTerms(t)});
}

// n loans of `principal_minor` cents for one agreement, annual PD `pd`.
inline void add_loans(Book& book, int n, const std::string& bank, const std::string& agreement,
                      std::int64_t principal_minor, double pd, int months = 12,
                      ScheduleType schedule = ScheduleType::annuity, double lgd = 0.6,
                      const std::string& association = "", const std::string& sector = "food") {
  for (int i = 0; i < n; ++i) {
    BookLoan l;
    l.loan = agreement + "-" + std::to_string(book.loans.size());
    l.bank = bank;
    l.association = association;
    l.agreement = agreement;
    l.sector = sector;
    l.province = "Phnom Penh";
    l.currency = usd();
    l.outstanding_minor = principal_minor;
    l.annual_rate = Ratio::percent(15);
    l.remaining_months = months;
    l.schedule = schedule;
    l.pd_annual = pd;
    l.lgd = lgd;
    book.loans.push_back(l);
  }
}

// The risk model's defaults (PD 5%, LGD 60%, 12-month horizon, recoveries
// 12 months after default) with one economy factor of loading b: loans
// correlated, as a fund's are, so that capital answers have a tail to size.
inline risk::RiskModel one_factor_model(double b = 0.3) {
  risk::RiskModel m;
  m.name = "test";
  m.factors.push_back({"economy", {}, b});
  return m;
}

// Two banks, 300 loans: a small book that claims something.
inline Portfolio two_bank_portfolio(const risk::RiskModel& model, const Plan* plan = nullptr, double vmax = 1.0) {
  static Book book;
  book = Book{};
  add_loans(book, 200, "WING", "WING-1", 150'000, 0.08, 18);
  add_loans(book, 100, "BOOST", "BOOST-1", 200'000, 0.12, 12, ScheduleType::flat, 0.7, "CWEA", "retail");
  PortfolioInput in;
  in.book = &book;
  in.agreements = {make_agreement("WING-1", "WING", 50), make_agreement("BOOST-1", "BOOST", 70)};
  in.plan = plan;
  in.volume_multiplier_max = vmax;
  return build_portfolio(in, model);
}

}  // namespace gfund::sizing::testing
