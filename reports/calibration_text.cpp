// `gfund calibrate`'s tables and JSON (moved out of cli/verb_calibrate.cpp,
// byte for byte).
#include "reports/calibration_text.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace gfund::reports {

namespace {

Table rates_table(const std::string& what, const calibrate::ShrinkageResult& s) {
  Table t(fmt::format("Observed annual default rates by {} (shrunk toward the pooled {:.2f}%)", what, 100 * s.pooled_pd),
          {{what, ColumnType::text}, {"loans", ColumnType::integer}, {"defaults", ColumnType::integer},
           {"loan-years", ColumnType::number, "", 1}, {"observed PD", ColumnType::percent, "/yr", 2},
           {"shrunk PD", ColumnType::percent, "/yr", 2}, {"95% low", ColumnType::percent, "/yr", 2},
           {"95% high", ColumnType::percent, "/yr", 2}, {"weight on own data", ColumnType::percent, "", 0}});
  for (const auto& g : s.groups)
    t.add_row({g.key, std::int64_t{g.loans}, std::int64_t{g.defaults}, g.loan_years, g.raw_pd, g.shrunk_pd, g.low,
               g.high, g.weight});
  t.set_note(fmt::format("prior strength {:.1f} loan-years (Beta-binomial, method of moments)", s.prior_strength));
  return t;
}

nlohmann::json rates_json(const calibrate::ShrinkageResult& s) {
  nlohmann::json j = {{"pooled_pd", s.pooled_pd}, {"prior_strength", s.prior_strength}, {"groups", nlohmann::json::array()}};
  for (const auto& g : s.groups)
    j["groups"].push_back({{"key", g.key}, {"loans", g.loans}, {"defaults", g.defaults}, {"loan_years", g.loan_years},
                           {"observed_pd", g.raw_pd}, {"shrunk_pd", g.shrunk_pd}, {"low", g.low}, {"high", g.high},
                           {"weight", g.weight}});
  return j;
}

Table coefficients_table(const calibrate::LogisticFit& fit) {
  Table t("Logistic regression of default on attributes (IRLS)",
          {{"attribute", ColumnType::text}, {"coefficient", ColumnType::number, "log-odds", 3},
           {"std. error", ColumnType::number, "", 3}, {"z", ColumnType::number, "", 2},
           {"odds ratio", ColumnType::number, "", 2}});
  for (std::size_t i = 0; i < fit.names.size(); ++i) {
    const double b = fit.beta(static_cast<Eigen::Index>(i)), se = fit.se(static_cast<Eigen::Index>(i));
    t.add_row({fit.names[i], b, se, se > 0 ? b / se : 0.0, std::exp(b)});
  }
  t.set_note(fmt::format("{} loans, {} defaults, {} iterations{}", fit.observations, fit.events, fit.iterations,
                         fit.converged ? "" : " (not converged)"));
  return t;
}

nlohmann::json coefficients_json(const calibrate::LogisticFit& fit) {
  nlohmann::json j = nlohmann::json::array();
  for (std::size_t i = 0; i < fit.names.size(); ++i)
    j.push_back({{"attribute", fit.names[i]}, {"coefficient", fit.beta(static_cast<Eigen::Index>(i))},
                 {"se", fit.se(static_cast<Eigen::Index>(i))}});
  return j;
}

}  // namespace

std::vector<Table> calibration_tables(const calibrate::CalibrationResult& r) {
  std::vector<Table> out;
  for (const auto& [what, s] : {std::pair{"bank", &r.by_bank}, {"association", &r.by_association},
                                {"sector", &r.by_sector}, {"vintage", &r.by_vintage}})
    out.push_back(rates_table(what, *s));
  out.push_back(coefficients_table(r.fit));
  return out;
}

nlohmann::json calibration_json(const calibrate::CalibrationResult& r, const std::string& model_file) {
  return {{"model_file", model_file}, {"loans", r.loans}, {"defaults", r.defaults}, {"loan_years", r.loan_years},
          {"by_bank", rates_json(r.by_bank)}, {"by_association", rates_json(r.by_association)},
          {"by_sector", rates_json(r.by_sector)}, {"by_vintage", rates_json(r.by_vintage)},
          {"logistic", coefficients_json(r.fit)}, {"warnings", r.warnings}};
}

}  // namespace gfund::reports
