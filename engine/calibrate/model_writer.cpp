#include "engine/calibrate/model_writer.hpp"

#include <sstream>

#include <fmt/format.h>

namespace gfund::calibrate {

namespace {

// TOML basic string: quotes and backslashes escaped, control characters as \uXXXX.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\', out += static_cast<char>(ch);
    else if (ch < 0x20 || ch == 0x7f) out += fmt::format("\\u{:04X}", ch);
    else out += static_cast<char>(ch);
  }
  return out + "\"";
}

std::string filter(const risk::LoanFilter& f) {
  std::string s;
  if (!f.bank.empty()) s += "bank = " + quoted(f.bank) + "\n";
  if (!f.association.empty()) s += "association = " + quoted(f.association) + "\n";
  if (!f.sector.empty()) s += "sector = " + quoted(f.sector) + "\n";
  if (!f.currency.empty()) s += "currency = " + quoted(f.currency) + "\n";
  return s;
}

// Shortest text that reads back as the same double.
// (a TOML float: always with a point or an exponent).
std::string num(double x) {
  std::string s = fmt::format("{}", x);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string model_to_toml(const risk::RiskModel& m, const std::string& header) {
  std::ostringstream o;
  std::istringstream h(header);
  for (std::string line; std::getline(h, line);) o << "# " << line << "\n";
  if (!header.empty()) o << "\n";
  o << "name = " << quoted(m.name) << "\n";
  o << "horizon_months = " << m.horizon_months << "\n";
  o << "recovery_lag_months = " << m.recovery_lag_months << "\n";
  o << "euler_level = " << num(m.euler_level) << "\n\n";
  o << "[copula]\ntype = " << (m.copula == risk::Copula::gaussian ? "\"gaussian\"" : "\"student_t\"") << "\n";
  if (m.copula == risk::Copula::student_t) o << "dof = " << num(m.t_dof) << "\n";
  o << "\n[pd]\ndefault = " << num(m.pd_annual_default) << "\npast_due_multiplier = " << num(m.past_due_pd_multiplier)
    << "\n";
  for (const auto& s : m.pd_segments) o << "[[pd.segments]]\n" << filter(s.filter) << "pd = " << num(s.pd_annual) << "\n";
  o << "\n[lgd]\nkind = " << (m.lgd_kind == risk::LgdKind::fixed ? "\"fixed\"" : "\"beta\"") << "\nmean = " << num(m.lgd_mean)
    << "\n";
  if (m.lgd_kind == risk::LgdKind::beta) o << "sd = " << num(m.lgd_sd) << "\n";
  for (const auto& s : m.lgd_segments) o << "[[lgd.segments]]\n" << filter(s.filter) << "mean = " << num(s.mean) << "\n";
  for (const auto& f : m.factors)
    o << "\n[[factors]]\nname = " << quoted(f.name) << "\n" << filter(f.applies_to) << "loading = " << num(f.loading) << "\n";
  for (const auto& c : m.correlations)
    o << "\n[[correlations]]\na = " << quoted(c.a) << "\nb = " << quoted(c.b) << "\nrho = " << num(c.rho) << "\n";
  if (!m.fx_per_fund_unit.empty()) {
    o << "\n[fx]\n";
    for (const auto& [code, rate] : m.fx_per_fund_unit) o << code << " = " << num(rate) << "\n";
  }
  return o.str();
}

}  // namespace gfund::calibrate
