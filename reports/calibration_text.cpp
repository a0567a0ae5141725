// `gfund calibrate`'s tables and JSON, and the plain words on pooling: the
// engine gives the numbers (weights, prior strength, loan_years_for_weight),
// this file the sentences.
#include "reports/calibration_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "reports/number_format.hpp"

namespace gfund::reports {

namespace {

// "about 110,000": two significant figures from 100 up, one decimal below
// (a loan-year count needs no more precision than the estimate it comes from).
std::string about_loan_years(double n) {
  if (n < 100) return group_number(n, 1);
  const double scale = std::pow(10.0, std::floor(std::log10(n)) - 1);
  return group_number(std::round(n / scale) * scale, 0);
}

std::string with_article(const std::string& noun) {
  return (std::string("aeiou").find(noun.front()) != std::string::npos ? "an " : "a ") + noun;
}

// "... a bank needs about 110,000 loan-years of its own history before its
// own rate moves its PD by a tenth" (calibrate::kOwnWeightThatMoves).
std::string loan_years_to_move_clause(const std::string& what, const calibrate::ShrinkageResult& s) {
  return fmt::format("{} needs about {} loan-years of its own history before its own rate moves its PD by a tenth",
                     with_article(what), about_loan_years(loan_years_to_move(s)));
}

Table rates_table(const std::string& what, const calibrate::ShrinkageResult& s) {
  Table t(fmt::format("Observed annual default rates by {} (shrunk toward the pooled {:.2f}%)", what, 100 * s.pooled_pd),
          {{what, ColumnType::text}, {"loans", ColumnType::integer}, {"defaults", ColumnType::integer},
           {"loan-years", ColumnType::number, "", 1}, {"observed PD", ColumnType::percent, "/yr", 2},
           {"prior PD", ColumnType::percent, "/yr", 2}, {"weight on own data", ColumnType::percent, "", 0},
           {"shrunk PD", ColumnType::percent, "/yr", 2}, {"95% low", ColumnType::percent, "/yr", 2},
           {"95% high", ColumnType::percent, "/yr", 2}, {"own data", ColumnType::text}});
  for (const auto& g : s.groups)
    t.add_row({g.key, std::int64_t{g.loans}, std::int64_t{g.defaults}, g.loan_years, g.raw_pd, s.pooled_pd, g.weight,
               g.shrunk_pd, g.low, g.high, std::string(too_few_to_move(g) ? "too few to move its PD" : "")});
  const std::string sentence = pooling_sentence(what, s);
  t.set_note(!sentence.empty() ? sentence
                               : fmt::format("prior strength {} loan-years (Beta-binomial, method of moments): {}",
                                             group_number(s.prior_strength, 1), loan_years_to_move_clause(what, s)));
  return t;
}

nlohmann::json rates_json(const std::string& what, const calibrate::ShrinkageResult& s) {
  nlohmann::json j = {{"pooled_pd", s.pooled_pd},
                      {"prior_strength", s.prior_strength},
                      {"loan_years_to_move", loan_years_to_move(s)},
                      {"explanation", pooling_sentence(what, s)},
                      {"groups", nlohmann::json::array()}};
  for (const auto& g : s.groups)
    j["groups"].push_back({{"key", g.key}, {"loans", g.loans}, {"defaults", g.defaults}, {"loan_years", g.loan_years},
                           {"observed_pd", g.raw_pd}, {"prior_pd", s.pooled_pd}, {"shrunk_pd", g.shrunk_pd},
                           {"low", g.low}, {"high", g.high}, {"weight", g.weight},
                           {"too_few_to_move", too_few_to_move(g)}});
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

bool too_few_to_move(const calibrate::ShrunkRate& group) { return group.weight < calibrate::kOwnWeightThatMoves; }

double loan_years_to_move(const calibrate::ShrinkageResult& s) {
  return calibrate::loan_years_for_weight(s.prior_strength, calibrate::kOwnWeightThatMoves);
}

std::string pooling_sentence(const std::string& what, const calibrate::ShrinkageResult& s) {
  if (s.groups.empty()) return "";
  double weight_max = 0, loan_years_max = 0;
  for (const auto& g : s.groups) {
    if (!too_few_to_move(g)) return "";
    weight_max = std::max(weight_max, g.weight);
    loan_years_max = std::max(loan_years_max, g.loan_years);
  }
  const bool alike = s.prior_strength >= calibrate::kPriorStrengthMax;
  const std::string pooled = fmt::format("{:.2f}%", 100 * s.pooled_pd);
  return fmt::format(
      "The {}s' observed rates differ {} than chance would make them at these counts (prior strength {} loan-years), "
      "so {}; {} (the most any has is {}).",
      what, alike ? "no more" : "little more", group_number(s.prior_strength, alike ? 0 : 1),
      weight_max < 0.005 ? fmt::format("each {} gets the pooled {}", what, pooled)
                         : fmt::format("each {}'s PD stays near the pooled {} (its own data weigh at most {:.0f}%)",
                                       what, pooled, 100 * weight_max),
      loan_years_to_move_clause(what, s), group_number(loan_years_max, 1));
}

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
          {"by_bank", rates_json("bank", r.by_bank)}, {"by_association", rates_json("association", r.by_association)},
          {"by_sector", rates_json("sector", r.by_sector)}, {"by_vintage", rates_json("vintage", r.by_vintage)},
          {"logistic", coefficients_json(r.fit)}, {"warnings", r.warnings}};
}

}  // namespace gfund::reports
