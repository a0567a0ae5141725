#include "engine/sizing/model_spec.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gfund::sizing {

bool SegmentFilter::matches(const std::string& b, const std::string& a, const std::string& s,
                            const std::string& c) const {
  // "none" selects loans outside any association, as in the risk engine.
  const bool assoc_ok = association.empty() || association == a || (association == "none" && a.empty());
  return (bank.empty() || bank == b) && assoc_ok && (sector.empty() || sector == s) && (currency.empty() || currency == c);
}

double ModelSpec::pd_for(const std::string& bank, const std::string& association, const std::string& sector,
                         const std::string& currency) const {
  for (const auto& s : pd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.pd_annual;
  return pd_default;
}

double ModelSpec::lgd_for(const std::string& bank, const std::string& association, const std::string& sector,
                          const std::string& currency) const {
  for (const auto& s : lgd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.mean;
  return lgd;
}

double ModelSpec::bank_loading_for(const std::string& bank) const {
  auto it = bank_loading.find(bank);
  return it == bank_loading.end() ? 0.0 : it->second;
}

namespace {

SegmentFilter read_filter(const ConfigNode& n) {
  return {n.opt_string("bank").value_or(""), n.opt_string("association").value_or(""),
          n.opt_string("sector").value_or(""), n.opt_string("currency").value_or("")};
}

}  // namespace

ModelSpec parse_model(const toml::table& table, const std::string& file_name) {
  ConfigNode root(table, file_name, "");
  root.check_keys({"name", "horizon_months", "euler_level", "recovery_lag_months", "copula", "pd", "lgd", "factors",
                   "correlations", "fx"});
  ModelSpec m;
  m.name = root.opt_string("name").value_or("");
  m.horizon_months = static_cast<int>(root.opt_int("horizon_months", 1, 120).value_or(m.horizon_months));
  m.recovery_lag_months = static_cast<int>(root.opt_int("recovery_lag_months", 0, 120).value_or(m.recovery_lag_months));
  (void)root.opt_number("euler_level", 0.5, 0.9999);
  if (auto c = root.opt_table("copula")) {
    c->check_keys({"type", "dof"});
    auto type = c->opt_string("type").value_or("gaussian");
    if (type == "student_t") m.warnings.push_back("Student-t copula: sizing simulates it as Gaussian");
    else if (type != "gaussian") throw c->error("type", "must be gaussian or student_t");
  }
  auto pd = root.opt_table("pd");
  if (!pd) throw root.error("pd", "required: [pd] with at least 'default'");
  pd->check_keys({"default", "past_due_multiplier", "segments"});
  if (!pd->has("default")) throw pd->error("default", "is required");
  m.pd_default = *pd->opt_fraction("default", 1e-6, 0.999999);
  m.past_due_pd_multiplier = pd->opt_number("past_due_multiplier", 1.0, 100.0).value_or(m.past_due_pd_multiplier);
  for (const auto& s : pd->table_array("segments")) {
    s.check_keys({"bank", "association", "sector", "currency", "pd"});
    if (!s.has("pd")) throw s.error("pd", "is required");
    m.pd_segments.push_back({read_filter(s), *s.opt_fraction("pd", 1e-6, 0.999999)});
  }
  if (auto lgd = root.opt_table("lgd")) {
    lgd->check_keys({"kind", "mean", "sd", "segments"});
    auto kind = lgd->opt_string("kind").value_or("fixed");
    if (kind != "fixed" && kind != "beta") throw lgd->error("kind", "must be fixed or beta");
    m.lgd = lgd->opt_fraction("mean", 0.0, 1.0).value_or(m.lgd);
    if (kind == "beta") {
      (void)lgd->opt_number("sd", 0.0, 0.5);
      m.warnings.push_back("Beta LGD: sizing uses its mean");
    }
    for (const auto& s : lgd->table_array("segments")) {
      s.check_keys({"bank", "association", "sector", "currency", "mean"});
      if (!s.has("mean")) throw s.error("mean", "is required");
      m.lgd_segments.push_back({read_filter(s), *s.opt_fraction("mean", 0.0, 1.0)});
    }
  }
  bool economy = false;
  for (const auto& f : root.table_array("factors")) {
    f.check_keys({"name", "bank", "association", "sector", "currency", "loading"});
    if (!f.has("loading")) throw f.error("loading", "is required");
    const double b = f.req_number("loading", 0.0, 0.99);
    const auto filter = read_filter(f);
    const auto name = f.opt_string("name").value_or("");
    if (filter.bank.empty() && filter.association.empty() && filter.sector.empty() && filter.currency.empty()) {
      if (economy) throw f.error("name", "only one factor without a filter (the economy) is allowed");
      economy = true;
      m.economy_loading = b;
    } else if (!filter.bank.empty() && filter.association.empty() && filter.sector.empty() && filter.currency.empty()) {
      m.bank_loading[filter.bank] = b;
    } else {
      m.warnings.push_back(fmt::format("factor '{}': sizing simulates the economy and bank factors only", name));
    }
  }
  if (!economy && root.has("factors")) m.economy_loading = 0.0;
  for (const auto& [bank, b] : m.bank_loading)
    if (m.economy_loading * m.economy_loading + b * b >= 0.999)
      throw root.error("factors", fmt::format("economy^2 + bank:{}^2 must be < 1 (each loan keeps idiosyncratic risk)", bank));
  if (!root.table_array("correlations").empty())
    m.warnings.push_back("factor correlations: sizing treats factors as independent");
  if (auto fx = root.opt_table("fx")) {
    for (const auto& [k, v] : fx->table()) {
      (void)v;
      if (k.str() != "KHR") throw fx->error(k.str(), "sizing converts KHR only");
      m.fx_khr_per_usd = fx->req_number("KHR", 1.0, 1e6);
    }
  }
  return m;
}

ModelSpec read_model_file(const std::string& path) { return parse_model(load_config_file(path), path); }

namespace {
std::string filter_toml(const SegmentFilter& f) {
  std::string s;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) s += fmt::format("{} = \"{}\"\n", k, v);
  };
  add("bank", f.bank);
  add("association", f.association);
  add("sector", f.sector);
  add("currency", f.currency);
  return s;
}
}  // namespace

std::string model_to_toml(const ModelSpec& m) {
  std::string s;
  if (!m.name.empty()) s += fmt::format("name = \"{}\"\n", m.name);
  s += fmt::format("horizon_months = {}\nrecovery_lag_months = {}\n\n[copula]\ntype = \"gaussian\"\n\n", m.horizon_months,
                   m.recovery_lag_months);
  s += fmt::format("[pd]\ndefault = {:.6f}\npast_due_multiplier = {:.4f}\n", m.pd_default, m.past_due_pd_multiplier);
  for (const auto& seg : m.pd_segments) s += "[[pd.segments]]\n" + filter_toml(seg.filter) + fmt::format("pd = {:.6f}\n", seg.pd_annual);
  s += fmt::format("\n[lgd]\nkind = \"fixed\"\nmean = {:.4f}\n", m.lgd);
  for (const auto& seg : m.lgd_segments)
    s += "[[lgd.segments]]\n" + filter_toml(seg.filter) + fmt::format("mean = {:.4f}\n", seg.mean);
  s += fmt::format("\n[[factors]]\nname = \"economy\"\nloading = {:.4f}\n", m.economy_loading);
  for (const auto& [bank, b] : m.bank_loading)
    s += fmt::format("[[factors]]\nname = \"bank:{}\"\nbank = \"{}\"\nloading = {:.4f}\n", bank, bank, b);
  s += fmt::format("\n[fx]\nKHR = {:.2f}\n", m.fx_khr_per_usd);
  return s;
}

}  // namespace gfund::sizing
