#pragma once
// The risk model: plain parameters, read from a model file (model_file.hpp,
// schema in docs/model-file.md) or built in code by sizing and stress. No
// behaviour here beyond matching loans to segments (and the PD and LGD a
// loan gets from them) and validation.
//
// Latent variable of a loan (Gaussian copula):
//   X = sum_k b_k Z_k + sqrt(1 - b'Cb) e,   Z ~ N(0, C), e ~ N(0, 1)
// where b_k is the loading of factor k if the factor applies to the loan, else
// 0. Student-t copula: X / sqrt(W / dof), W ~ chi2(dof) per scenario.
// Default by month m of the loan's life iff X <= F^-1(PD_cum(m)), with
// PD_cum(m) = 1 - (1 - pd_annual)^(m / 12) (constant hazard).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "models/limits.hpp"

namespace gfund::risk {

// Selects loans; an empty field matches any value. association "none"
// matches loans with no association.
struct LoanFilter {
  std::string bank;
  std::string association;
  std::string sector;
  std::string currency;  // "USD", "KHR"
  bool matches(const BookLoan& loan) const;
  // The same rule on a loan's fields, for a loan that is not a BookLoan yet
  // (sizing's planned loans); currency is the ISO code.
  bool matches(std::string_view loan_bank, std::string_view loan_association, std::string_view loan_sector,
               std::string_view loan_currency) const;
  bool any() const { return bank.empty() && association.empty() && sector.empty() && currency.empty(); }
};

struct Factor {
  std::string name;      // unique, e.g. "economy", "bank:WING"
  LoanFilter applies_to; // loans that load on this factor
  double loading = 0.0;  // b_k in [0, 1)
};

struct FactorCorrelation {
  std::string a, b;      // factor names
  double rho = 0.0;      // in [-1, 1]; unlisted pairs are 0
};

struct PdSegment {
  LoanFilter filter;
  double pd_annual = 0.0;  // (0, 1)
};

enum class Copula { gaussian, student_t };
enum class LgdKind { fixed, beta };

struct LgdSegment {
  LoanFilter filter;
  double mean = 0.0;  // [0, 1]
};

// --- stress hooks (all neutral by default) ----------------------------------
struct PdMultiplier {
  LoanFilter filter;        // empty filter = all loans
  double multiplier = 1.0;  // > 0; multipliers that match a loan multiply together
};
struct FixedFactor {
  std::string name;   // a factor's name
  double value = 0.0; // Z_k fixed to this (e.g. -2.33 = a 1-in-100 recession); the
                      // other factors follow their distribution conditional on it
};
// Repayment moratorium: from calendar month `start_month` (1 = the first month
// after as_of) for `months` months no principal is amortised and no default
// is recognised; defaults that would have fallen inside are recognised at the
// first month after it (cumulative PD preserved), and every loan's remaining
// term is extended by the months of the moratorium it lives through.
struct Moratorium {
  int start_month = 0;  // 1..horizon; 0 = none
  int months = 0;       // >= 0
};

struct RiskModel {
  std::string name;                 // shown in results
  int horizon_months = 12;          // 1..kHorizonMonthsMax
  Copula copula = Copula::gaussian;
  double t_dof = 0.0;               // > 2 when copula = student_t

  double pd_annual_default = 0.05;  // PD of loans no segment matches, (0, 1)
  std::vector<PdSegment> pd_segments;  // first match wins; a book's pd column wins over all
  // Loans already past due (0 < dpd < claim trigger) at as_of: PD multiplied by this.
  double past_due_pd_multiplier = 3.0;

  LgdKind lgd_kind = LgdKind::fixed;
  double lgd_mean = 0.6;            // [0, 1]
  double lgd_sd = 0.0;              // beta only: > 0 and < sqrt(mean (1 - mean))
  std::vector<LgdSegment> lgd_segments;  // first match wins; a book's lgd column wins
  int recovery_lag_months = 12;     // recoveries (EAD - loss) arrive this long after default, 0..120

  std::vector<Factor> factors;                  // at most kFactorsMax
  std::vector<FactorCorrelation> correlations;  // off-diagonal entries of C

  // KHR etc. -> fund currency: units of the loan currency per ONE unit of the
  // fund currency, in major units (KHR per USD: 4100). The fund currency
  // itself needs no entry.
  std::map<std::string, double> fx_per_fund_unit{{"KHR", 4100.0}};

  // Stress hooks.
  std::vector<PdMultiplier> pd_multipliers;
  double loading_shift = 0.0;  // added to every loading (clamped to [0, 0.99])
  double lgd_shift = 0.0;      // added to every LGD mean (clamped to [0, 1])
  std::vector<FixedFactor> fixed_factors;
  Moratorium moratorium;

  // Confidence level of the Euler allocation of the fund's claims ES.
  double euler_level = 0.99;
};

// kHorizonMonthsMax, kFactorsMax: models/limits.hpp.

// Checks ranges and names (factor names unique, correlations and fixed
// factors name existing factors). Throws DataError naming the field.
void validate(const RiskModel& model);

// A loan's PD and LGD from the model: the one rule, used by the risk
// engine's book compilation (prepared_book.cpp) and by sizing's fee base
// (engine/sizing/portfolio.cpp), so that sizing prices the PD the engine
// simulates. A loan's own pd / lgd column, when it has one, wins over both
// lookups (the callers apply that); the stress hooks come after them.
//
// Annual PD of a loan with these fields: the first PD segment whose filter
// matches (association "" = none, currency an ISO code), else
// pd_annual_default. In (0, 1) for a valid model.
double segment_pd_annual(const RiskModel& model, std::string_view bank, std::string_view association,
                         std::string_view sector, std::string_view currency);
// Mean LGD likewise: the first matching LGD segment, else lgd_mean; before
// lgd_shift. In [0, 1] for a valid model.
double segment_lgd_mean(const RiskModel& model, std::string_view bank, std::string_view association,
                        std::string_view sector, std::string_view currency);
// A loan already behind at as_of but not yet claimable (0 < days_past_due <
// trigger_dpd) is likelier to default: its annual PD x
// past_due_pd_multiplier. Any other loan's PD comes back unchanged. Not
// capped: the caller caps (the engine at 99.9%).
double past_due_pd_annual(const RiskModel& model, double pd_annual, int days_past_due, int trigger_dpd);

// Annual PD -> cumulative PD after `months` months (constant hazard).
double cumulative_pd(double pd_annual, int months);
// The latent threshold of a loan with that annual PD: it has defaulted by
// `months` (>= 1) iff its latent variable is below this value, the copula's
// quantile of cumulative_pd (Student-t with t_dof degrees of freedom, else
// normal); -inf for PD 0, +inf for PD 1. Every default draw uses this one.
double default_threshold(double pd_annual, int months, Copula copula, double t_dof);
// The same threshold given the factors, in idiosyncratic units: the loan has
// defaulted by that age iff its idiosyncratic normal is below this. From the
// unconditional threshold, the t copula's scale sqrt(W / dof) (1 for the
// Gaussian), its group's systematic value loading'Z and 1 / idiosyncratic sd.
inline double conditional_latent(double threshold, double scale, double sys, double inv_idio_sd) {
  return (threshold * scale - sys) * inv_idio_sd;
}

}  // namespace gfund::risk
