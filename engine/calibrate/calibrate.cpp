#include "engine/calibrate/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/calibrate/model_writer.hpp"
#include "models/errors.hpp"
#include "models/fx.hpp"

namespace gfund::calibrate {

namespace {

template <class KeyOf>
ShrinkageResult by(const std::vector<ledger::LoanOutcome>& v, KeyOf key) {
  std::map<std::string, GroupCount> groups;
  for (const auto& o : v) {
    auto& g = groups[key(o)];
    g.key = key(o);
    ++g.loans;
    g.defaults += o.defaulted ? 1 : 0;
    g.loan_years += std::max(o.months_observed, 1) / 12.0;  // a loan seen less than a month counts a month
  }
  std::vector<GroupCount> list;
  for (auto& [k, g] : groups) list.push_back(g);
  return shrink_rates(list);
}

// Attributes of the regression: each centred or as a 0/1 indicator so the
// intercept is a typical loan. log(months observed) controls for exposure:
// a loan watched longer had more time to default.
struct Design {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  std::vector<std::string> names;
};

Design design(const std::vector<ledger::LoanOutcome>& v, const FxRates& fx) {
  Design d;
  d.names = {"intercept", "log(months observed)", "formal business", "association member",
             fmt::format("loan not in {}", fx.fund.code_view()),
             "log(principal)", "age / 10 years", "term / 12 months"};
  const auto n = static_cast<Eigen::Index>(v.size());
  d.X.resize(n, static_cast<Eigen::Index>(d.names.size()));
  d.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& o = v[static_cast<std::size_t>(i)];
    // Size on one scale: the principal in the fund's major units, at the prior's rates.
    const double fund_major = static_cast<double>(convert_minor(o.principal_minor, o.currency, fx.fund, fx)) /
                              static_cast<double>(fx.fund.minor_per_major());
    const int year = static_cast<int>(o.disbursed.year());
    const double age = o.birth_year > 0 ? year - o.birth_year : 30.0;
    d.X.row(i) << 1.0, std::log(std::max(o.months_observed, 1) / 12.0), o.registration == Registration::formal ? 1.0 : 0.0,
        o.association.empty() ? 0.0 : 1.0, o.currency == fx.fund ? 0.0 : 1.0, std::log(std::max(fund_major, 1.0) / 1000.0),
        (age - 30.0) / 10.0, (o.term_months - 12.0) / 12.0;
    d.y(i) = o.defaulted ? 1.0 : 0.0;
  }
  // Drop attributes that never vary (all loans formal, say): they cannot be estimated.
  std::vector<Eigen::Index> keep{0};
  for (Eigen::Index j = 1; j < d.X.cols(); ++j)
    if (n > 0 && (d.X.col(j).array() != d.X(0, j)).any()) keep.push_back(j);
  Design out;
  out.X.resize(n, static_cast<Eigen::Index>(keep.size()));
  for (std::size_t k = 0; k < keep.size(); ++k) {
    out.X.col(static_cast<Eigen::Index>(k)) = d.X.col(keep[k]);
    out.names.push_back(d.names[static_cast<std::size_t>(keep[k])]);
  }
  out.y = d.y;
  return out;
}

}  // namespace

CalibrationResult calibrate(const std::vector<ledger::LoanOutcome>& outcomes, const CalibrationOptions& options) {
  if (outcomes.empty()) throw DataError("no loans in the ledger up to the as-of date: nothing to calibrate on");
  CalibrationResult r;
  r.loans = static_cast<int>(outcomes.size());
  for (const auto& o : outcomes) {
    r.defaults += o.defaulted ? 1 : 0;
    r.loan_years += std::max(o.months_observed, 1) / 12.0;
  }
  r.by_bank = by(outcomes, [](const ledger::LoanOutcome& o) { return o.bank; });
  r.by_association = by(outcomes, [](const ledger::LoanOutcome& o) { return o.association.empty() ? std::string("none") : o.association; });
  r.by_sector = by(outcomes, [](const ledger::LoanOutcome& o) { return o.sector; });
  r.by_vintage = by(outcomes, [](const ledger::LoanOutcome& o) { return fmt::format("{}", static_cast<int>(o.disbursed.year())); });
  const Design d = design(outcomes, FxRates{options.fund, options.prior.fx_per_fund_unit});
  r.fit = fit_logistic(d.X, d.y, d.names);
  for (const auto& w : r.fit.warnings) r.warnings.push_back("logistic regression: " + w);
  if (r.defaults < 20)
    r.warnings.push_back(fmt::format("only {} defaults in {} loans: PDs lean on the pooled rate; treat them as rough", r.defaults, r.loans));

  // The model: the prior with the data's PDs. Segments, first match wins:
  // associations (more specific), then banks; the default is the pooled PD.
  r.model = options.prior;
  r.model.pd_multipliers.clear();
  r.model.fixed_factors.clear();
  r.model.loading_shift = 0;
  r.model.lgd_shift = 0;
  r.model.moratorium = {};
  r.model.pd_annual_default = std::clamp(r.by_bank.pooled_pd, 1e-4, 0.99);
  r.model.pd_segments.clear();
  for (const auto& g : r.by_association.groups)
    if (g.key != "none" && g.loan_years >= options.min_loan_years)
      r.model.pd_segments.push_back({{.association = g.key}, std::clamp(g.shrunk_pd, 1e-4, 0.99)});
  for (const auto& g : r.by_bank.groups)
    if (g.loan_years >= options.min_loan_years)
      r.model.pd_segments.push_back({{.bank = g.key}, std::clamp(g.shrunk_pd, 1e-4, 0.99)});
  r.model.name = options.prior.name.empty() ? "calibrated" : options.prior.name + " (calibrated PDs)";
  r.warnings.push_back("factor loadings, correlations, LGD and FX are the prior model's: the ledger is too small to estimate them");
  risk::validate(r.model);
  return r;
}

std::string calibrated_model_file(const CalibrationResult& r, const std::string& source) {
  std::string h = fmt::format(
      "Written by gfund calibrate from {}.\n"
      "{} loans, {} defaults, {:.1f} loan-years observed; pooled annual PD {:.4f}.\n"
      "PDs: Beta-binomial shrinkage toward the pooled rate (prior strength {:.1f} loan-years by bank).\n"
      "Loadings, correlations, LGD and FX: from the prior model (not estimable from these data).\n",
      source, r.loans, r.defaults, r.loan_years, r.by_bank.pooled_pd, r.by_bank.prior_strength);
  for (const auto& w : r.warnings) h += "warning: " + w + "\n";
  return model_to_toml(r.model, h);
}

}  // namespace gfund::calibrate
