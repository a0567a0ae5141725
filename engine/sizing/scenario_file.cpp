#include "engine/sizing/scenario_file.hpp"

#include <set>

#include <fmt/format.h>

#include "models/currency.hpp"
#include "models/errors.hpp"

namespace gfund::sizing {

namespace {

void read_multipliers(const ConfigNode& n, std::string_view key, std::map<std::string, double>& out) {
  auto t = n.opt_table(key);
  if (!t) return;
  for (const auto& [k, v] : t->table()) {
    (void)v;
    out[std::string(k.str())] = t->req_number(k.str(), 0.01, 100.0);
  }
}

// Devaluations by currency code: shares of 0..10 (1000%), "25%" or 0.25.
void read_devaluations(const ConfigNode& n, std::map<std::string, double>& out) {
  auto t = n.opt_table("devaluation");
  if (!t) return;
  for (const auto& [k, v] : t->table()) {
    (void)v;
    const std::string code(k.str());
    try {
      (void)currency_from_code(code);
    } catch (const Error&) {
      throw t->error(code, "is not a currency gfund knows (USD, KHR)");
    }
    out[code] = t->opt_fraction(code, 0.0, 10.0).value_or(0.0);
  }
}

// Keys of gfund 1's scenario files, refused with what to write instead.
void refuse_old_keys(const ConfigNode& n) {
  if (n.has("khr_devaluation"))
    throw n.error("khr_devaluation", "is now written devaluation = { KHR = \"25%\" } (any currency)");
  if (n.has("pd_multiplier_usd_loans"))
    throw n.error("pd_multiplier_usd_loans", "is now written pd_multiplier_currency = { USD = 1.6 } (any currency)");
}

Shocks parse_one(const ConfigNode& n) {
  refuse_old_keys(n);
  n.check_keys({"name", "description", "pd_multiplier", "pd_multiplier_bank", "pd_multiplier_association",
                "pd_multiplier_sector", "pd_multiplier_currency", "loading_shift", "lgd_shift", "economy_factor",
                "devaluation", "moratorium_months", "moratorium_start_month"});
  Shocks s;
  s.name = n.req_string("name");
  if (s.name.empty() || s.name.size() > 64) throw n.error("name", "must be 1..64 characters");
  s.description = n.opt_string("description").value_or("");
  s.pd_multiplier = n.opt_number("pd_multiplier", 0.01, 100.0).value_or(1.0);
  read_multipliers(n, "pd_multiplier_bank", s.pd_multiplier_bank);
  read_multipliers(n, "pd_multiplier_association", s.pd_multiplier_association);
  read_multipliers(n, "pd_multiplier_sector", s.pd_multiplier_sector);
  read_multipliers(n, "pd_multiplier_currency", s.pd_multiplier_currency);
  s.loading_shift = n.opt_number("loading_shift", -0.95, 0.95).value_or(0.0);
  s.lgd_shift = n.opt_fraction("lgd_shift", -1.0, 1.0).value_or(0.0);
  s.economy_factor = n.opt_number("economy_factor", -6.0, 6.0);
  read_devaluations(n, s.devaluation);
  s.moratorium_months = static_cast<int>(n.opt_int("moratorium_months", 0, 36).value_or(0));
  s.moratorium_start_month = static_cast<int>(n.opt_int("moratorium_start_month", 1, 360).value_or(1));
  if (n.has("moratorium_start_month") && s.moratorium_months == 0)
    throw n.error("moratorium_start_month", "needs moratorium_months > 0");
  return s;
}

}  // namespace

std::vector<Shocks> parse_scenarios(const toml::table& table, const std::string& file_name) {
  ConfigNode root(table, file_name, "");
  root.check_keys({"scenario"});
  std::vector<Shocks> out;
  std::set<std::string> names;
  for (const auto& n : root.table_array("scenario")) {
    out.push_back(parse_one(n));
    if (out.back().name == "base") throw n.error("name", "\"base\" is reserved for the unshocked run");
    if (!names.insert(out.back().name).second) throw n.error("name", fmt::format("duplicate scenario '{}'", out.back().name));
  }
  if (out.empty()) throw root.error("scenario", "a scenarios file needs at least one [[scenario]]");
  return out;
}

std::vector<Shocks> read_scenarios_file(const std::string& path) { return parse_scenarios(load_config_file(path), path); }

}  // namespace gfund::sizing
