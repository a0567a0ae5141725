#include "engine/sizing/model_spec.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gfund::sizing {

double ModelSpec::pd_for(const std::string& bank, const std::string& association, const std::string& sector) const {
  if (auto it = pd_association.find(association); !association.empty() && it != pd_association.end()) return it->second;
  if (auto it = pd_bank.find(bank); it != pd_bank.end()) return it->second;
  if (auto it = pd_sector.find(sector); it != pd_sector.end()) return it->second;
  return pd_default;
}

namespace {

// PD maps: { WING = "4%", BOOST = 0.05 }
void read_pd_map(const ConfigNode& pd, std::string_view key, std::map<std::string, double>& out) {
  auto t = pd.opt_table(key);
  if (!t) return;
  for (const auto& [k, v] : t->table()) {
    (void)v;
    out[std::string(k.str())] = *t->opt_fraction(k.str(), 1e-6, 0.999999);
  }
}

}  // namespace

ModelSpec parse_model(const toml::table& table, const std::string& file_name) {
  ConfigNode root(table, file_name, "");
  root.check_keys({"horizon_months", "recovery_lag_months", "fx_khr_per_usd", "copula", "pd", "lgd", "factors",
                   "calibration"});
  ModelSpec m;
  if (auto c = root.opt_string("copula"); c && *c != "gaussian")
    throw root.error("copula", "sizing supports \"gaussian\" only");
  m.horizon_months = static_cast<int>(root.opt_int("horizon_months", 1, 360).value_or(m.horizon_months));
  m.recovery_lag_months = static_cast<int>(root.opt_int("recovery_lag_months", 0, 120).value_or(m.recovery_lag_months));
  m.fx_khr_per_usd = root.opt_number("fx_khr_per_usd", 1.0, 1e6).value_or(m.fx_khr_per_usd);
  if (auto pd = root.opt_table("pd")) {
    pd->check_keys({"default", "bank", "association", "sector"});
    m.pd_default = pd->opt_fraction("default", 1e-6, 0.999999).value_or(m.pd_default);
    read_pd_map(*pd, "bank", m.pd_bank);
    read_pd_map(*pd, "association", m.pd_association);
    read_pd_map(*pd, "sector", m.pd_sector);
  }
  if (auto lgd = root.opt_table("lgd")) {
    lgd->check_keys({"mean"});
    m.lgd = lgd->opt_fraction("mean", 0.0, 1.0).value_or(m.lgd);
  }
  if (auto f = root.opt_table("factors")) {
    f->check_keys({"economy", "bank"});
    m.economy_loading = f->opt_number("economy", 0.0, 0.99).value_or(m.economy_loading);
    m.bank_loading = f->opt_number("bank", 0.0, 0.99).value_or(m.bank_loading);
    if (m.economy_loading * m.economy_loading + m.bank_loading * m.bank_loading >= 0.999)
      throw f->error("bank", "economy^2 + bank^2 must be < 1 (each loan keeps some idiosyncratic risk)");
  }
  // [calibration] is information written by `gfund calibrate` (counts,
  // coefficients); it is kept for people and ignored by the simulation.
  return m;
}

ModelSpec read_model_file(const std::string& path) { return parse_model(load_config_file(path), path); }

namespace {
std::string pd_table(const char* name, const std::map<std::string, double>& m) {
  if (m.empty()) return "";
  std::string s = fmt::format("[pd.{}]\n", name);
  for (const auto& [k, v] : m) s += fmt::format("\"{}\" = {:.6f}\n", k, v);
  return s;
}
}  // namespace

std::string model_to_toml(const ModelSpec& m) {
  std::string s;
  s += fmt::format("horizon_months = {}\nrecovery_lag_months = {}\nfx_khr_per_usd = {:.2f}\ncopula = \"gaussian\"\n\n",
                   m.horizon_months, m.recovery_lag_months, m.fx_khr_per_usd);
  s += fmt::format("[factors]\neconomy = {:.4f}\nbank = {:.4f}\n\n", m.economy_loading, m.bank_loading);
  s += fmt::format("[lgd]\nmean = {:.4f}\n\n", m.lgd);
  s += fmt::format("[pd]\ndefault = {:.6f}\n\n", m.pd_default);
  s += pd_table("bank", m.pd_bank);
  s += pd_table("association", m.pd_association);
  s += pd_table("sector", m.pd_sector);
  return s;
}

}  // namespace gfund::sizing
