#include "engine/risk/model_file.hpp"

#include <filesystem>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include "engine/risk/toml.hpp"

#include "engine/portfolio/input_file.hpp"
#include "engine/risk/config_text.hpp"
#include "models/errors.hpp"

namespace gfund::risk {

namespace {

using nlohmann::json;

struct Reader {
  std::string file;
  [[noreturn]] void fail(const std::string& path, const std::string& rule) const {
    throw DataError(rule, {.file = file, .field = path});
  }
  void only_keys(const json& obj, const std::string& path, std::initializer_list<std::string_view> keys) const {
    if (!obj.is_object()) fail(path, "must be a table");
    for (const auto& [k, v] : obj.items()) {
      bool known = false;
      for (auto key : keys) known = known || key == k;
      if (!known) fail(path.empty() ? k : path + "." + k, "unknown key");
    }
  }
  double number(const json& obj, const std::string& key, const std::string& path, double dflt) const {
    if (!obj.contains(key)) return dflt;
    const auto& v = obj.at(key);
    if (!v.is_number()) fail(join(path, key), "must be a number");
    return v.get<double>();
  }
  int integer(const json& obj, const std::string& key, const std::string& path, int dflt) const {
    if (!obj.contains(key)) return dflt;
    const auto& v = obj.at(key);
    if (!v.is_number_integer()) fail(join(path, key), "must be an integer");
    return v.get<int>();
  }
  std::string text(const json& obj, const std::string& key, const std::string& path, std::string dflt) const {
    if (!obj.contains(key)) return dflt;
    const auto& v = obj.at(key);
    if (!v.is_string()) fail(join(path, key), "must be a string");
    return v.get<std::string>();
  }
  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  const json& array(const json& obj, const std::string& key, const std::string& path) const {
    static const json empty = json::array();
    if (!obj.contains(key)) return empty;
    const auto& v = obj.at(key);
    if (!v.is_array()) fail(join(path, key), "must be an array of tables");
    return v;
  }
  LoanFilter filter(const json& obj, const std::string& path) const {
    return {text(obj, "bank", path, ""), text(obj, "association", path, ""), text(obj, "sector", path, ""),
            text(obj, "currency", path, "")};
  }

  // [copula]: gaussian (default) or student_t with its degrees of freedom.
  void read_copula(const json& root, RiskModel& m) const {
    if (root.contains("copula")) {
      const auto& c = root.at("copula");
      only_keys(c, "copula", {"type", "dof"});
      const auto type = text(c, "type", "copula", "gaussian");
      if (type == "gaussian") m.copula = Copula::gaussian;
      else if (type == "student_t") m.copula = Copula::student_t;
      else fail("copula.type", "must be 'gaussian' or 'student_t', got '" + type + "'");
      m.t_dof = number(c, "dof", "copula", 0.0);
    }
  }
  // [pd]: the default annual PD, the past-due multiplier and segment PDs.
  void read_pd(const json& root, RiskModel& m) const {
    if (!root.contains("pd")) fail("pd", "required: [pd] with at least 'default'");
    {
      const auto& p = root.at("pd");
      only_keys(p, "pd", {"default", "past_due_multiplier", "segments"});
      if (!p.contains("default")) fail("pd.default", "required");
      m.pd_annual_default = number(p, "default", "pd", 0.0);
      m.past_due_pd_multiplier = number(p, "past_due_multiplier", "pd", m.past_due_pd_multiplier);
      const auto& segs = array(p, "segments", "pd");
      for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto path = fmt::format("pd.segments[{}]", i);
        only_keys(segs[i], path, {"bank", "association", "sector", "currency", "pd"});
        if (!segs[i].contains("pd")) fail(path + ".pd", "required");
        m.pd_segments.push_back({filter(segs[i], path), number(segs[i], "pd", path, 0.0)});
      }
    }
  }
  // [lgd]: fixed or beta, its mean and sd, and segment means.
  void read_lgd(const json& root, RiskModel& m) const {
    if (root.contains("lgd")) {
      const auto& l = root.at("lgd");
      only_keys(l, "lgd", {"kind", "mean", "sd", "segments"});
      const auto kind = text(l, "kind", "lgd", "fixed");
      if (kind == "fixed") m.lgd_kind = LgdKind::fixed;
      else if (kind == "beta") m.lgd_kind = LgdKind::beta;
      else fail("lgd.kind", "must be 'fixed' or 'beta', got '" + kind + "'");
      m.lgd_mean = number(l, "mean", "lgd", m.lgd_mean);
      m.lgd_sd = number(l, "sd", "lgd", 0.0);
      const auto& segs = array(l, "segments", "lgd");
      for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto path = fmt::format("lgd.segments[{}]", i);
        only_keys(segs[i], path, {"bank", "association", "sector", "currency", "mean"});
        if (!segs[i].contains("mean")) fail(path + ".mean", "required");
        m.lgd_segments.push_back({filter(segs[i], path), number(segs[i], "mean", path, 0.0)});
      }
    }
  }
  // [[factors]] with their loadings and [[correlations]] between them.
  void read_factors(const json& root, RiskModel& m) const {
    const auto& factors = array(root, "factors", "");
    for (std::size_t i = 0; i < factors.size(); ++i) {
      const auto path = fmt::format("factors[{}]", i);
      only_keys(factors[i], path, {"name", "bank", "association", "sector", "currency", "loading"});
      if (!factors[i].contains("loading")) fail(path + ".loading", "required");
      m.factors.push_back({text(factors[i], "name", path, ""), filter(factors[i], path),
                           number(factors[i], "loading", path, 0.0)});
    }
    const auto& corr = array(root, "correlations", "");
    for (std::size_t i = 0; i < corr.size(); ++i) {
      const auto path = fmt::format("correlations[{}]", i);
      only_keys(corr[i], path, {"a", "b", "rho"});
      if (!corr[i].contains("rho")) fail(path + ".rho", "required");
      m.correlations.push_back({text(corr[i], "a", path, ""), text(corr[i], "b", path, ""),
                                number(corr[i], "rho", path, 0.0)});
    }
  }
  // [fx]: units of each currency per fund currency unit (the default table when absent).
  void read_fx(const json& root, RiskModel& m) const {
    if (root.contains("fx")) {
      const auto& fx = root.at("fx");
      if (!fx.is_object()) fail("fx", "must be a table of CODE = units per fund currency unit");
      for (const auto& [k, v] : fx.items()) {
        if (!v.is_number()) fail("fx." + k, "must be a number");
        m.fx_per_fund_unit[k] = v.get<double>();
      }
    } else {
      m.fx_per_fund_unit = RiskModel{}.fx_per_fund_unit;
    }
  }
  // [stress]: PD multipliers, loading and LGD shifts, fixed factors, moratorium.
  void read_stress(const json& root, RiskModel& m) const {
    if (root.contains("stress")) {
      const auto& s = root.at("stress");
      only_keys(s, "stress", {"pd_multiplier", "pd_multipliers", "loading_shift", "lgd_shift", "fixed_factors",
                              "moratorium"});
      if (s.contains("pd_multiplier")) m.pd_multipliers.push_back({{}, number(s, "pd_multiplier", "stress", 1.0)});
      const auto& pm = array(s, "pd_multipliers", "stress");
      for (std::size_t i = 0; i < pm.size(); ++i) {
        const auto path = fmt::format("stress.pd_multipliers[{}]", i);
        only_keys(pm[i], path, {"bank", "association", "sector", "currency", "multiplier"});
        if (!pm[i].contains("multiplier")) fail(path + ".multiplier", "required");
        m.pd_multipliers.push_back({filter(pm[i], path), number(pm[i], "multiplier", path, 1.0)});
      }
      m.loading_shift = number(s, "loading_shift", "stress", 0.0);
      m.lgd_shift = number(s, "lgd_shift", "stress", 0.0);
      const auto& ff = array(s, "fixed_factors", "stress");
      for (std::size_t i = 0; i < ff.size(); ++i) {
        const auto path = fmt::format("stress.fixed_factors[{}]", i);
        only_keys(ff[i], path, {"name", "value"});
        if (!ff[i].contains("value")) fail(path + ".value", "required");
        m.fixed_factors.push_back({text(ff[i], "name", path, ""), number(ff[i], "value", path, 0.0)});
      }
      if (s.contains("moratorium")) {
        const auto& mo = s.at("moratorium");
        only_keys(mo, "stress.moratorium", {"start_month", "months"});
        m.moratorium = {integer(mo, "start_month", "stress.moratorium", 1), integer(mo, "months", "stress.moratorium", 0)};
      }
    }
  }

  RiskModel read(const json& root) const {
    RiskModel m;
    m.fx_per_fund_unit.clear();
    only_keys(root, "", {"name", "horizon_months", "euler_level", "recovery_lag_months", "copula", "pd", "lgd",
                         "factors", "correlations", "fx", "stress"});
    m.name = text(root, "name", "", "");
    m.horizon_months = integer(root, "horizon_months", "", m.horizon_months);
    m.euler_level = number(root, "euler_level", "", m.euler_level);
    m.recovery_lag_months = integer(root, "recovery_lag_months", "", m.recovery_lag_months);
    read_copula(root, m);
    read_pd(root, m);
    read_lgd(root, m);
    read_factors(root, m);
    read_fx(root, m);
    read_stress(root, m);
    try {
      validate(m);
    } catch (Error& e) {
      e.locate({.file = file});
      throw;
    }
    return m;
  }
};

}  // namespace

RiskModel parse_model_json(std::string_view text, const std::string& file_name) {
  return Reader{file_name}.read(parse_json_text(text, file_name));
}

RiskModel parse_model_toml(std::string_view text, const std::string& file_name) {
  const toml::table tbl = parse_toml_text(text, file_name);
  std::ostringstream js;
  js << toml::json_formatter{tbl};
  return Reader{file_name}.read(parse_json_text(js.str(), file_name));
}

RiskModel read_model_file(const std::string& path) {
  const std::string text = read_input_file(path, "model file");
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".json") return parse_model_json(text, path);
  if (ext == ".toml") return parse_model_toml(text, path);
  throw UsageError("model file must end in .toml or .json", {.file = path});
}

}  // namespace gfund::risk
