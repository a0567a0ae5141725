#include "engine/sizing/config_file.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/portfolio/input_file.hpp"
#include "engine/risk/config_text.hpp"

namespace gfund::sizing {

namespace {

// JSON -> TOML tree. Null has no TOML form: refused by key path.
void json_into(toml::table& out, const nlohmann::json& j, const std::string& file, const std::string& path);

toml::array json_array(const nlohmann::json& j, const std::string& file, const std::string& path) {
  toml::array arr;
  std::size_t i = 0;
  for (const auto& v : j) {
    std::string p = fmt::format("{}[{}]", path, i++);
    if (v.is_object()) {
      toml::table t;
      json_into(t, v, file, p);
      arr.push_back(std::move(t));
    } else if (v.is_array()) {
      arr.push_back(json_array(v, file, p));
    } else if (v.is_string()) {
      arr.push_back(v.get<std::string>());
    } else if (v.is_boolean()) {
      arr.push_back(v.get<bool>());
    } else if (v.is_number_integer()) {
      arr.push_back(v.get<std::int64_t>());
    } else if (v.is_number()) {
      arr.push_back(v.get<double>());
    } else {
      throw DataError("null is not allowed", {file, 0, p});
    }
  }
  return arr;
}

void json_into(toml::table& out, const nlohmann::json& j, const std::string& file, const std::string& path) {
  if (!j.is_object()) throw DataError("must be an object", {file, 0, path.empty() ? "(top level)" : path});
  for (const auto& [k, v] : j.items()) {
    std::string p = path.empty() ? k : path + "." + k;
    if (v.is_object()) {
      toml::table t;
      json_into(t, v, file, p);
      out.insert(k, std::move(t));
    } else if (v.is_array()) {
      out.insert(k, json_array(v, file, p));
    } else if (v.is_string()) {
      out.insert(k, v.get<std::string>());
    } else if (v.is_boolean()) {
      out.insert(k, v.get<bool>());
    } else if (v.is_number_integer()) {
      out.insert(k, v.get<std::int64_t>());
    } else if (v.is_number()) {
      out.insert(k, v.get<double>());
    } else {
      throw DataError("null is not allowed", {file, 0, p});
    }
  }
}

}  // namespace

toml::table parse_config_text(std::string_view text, const std::string& file_name, bool json) {
  if (!json) return risk::parse_toml_text(text, file_name);
  toml::table t;
  json_into(t, risk::parse_json_text(text, file_name), file_name, "");
  return t;
}

toml::table load_config_file(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return parse_config_text(read_input_file(path, "file"), path, ext == ".json" || ext == ".JSON");
}

std::string ConfigNode::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* ConfigNode::node(std::string_view key) const { return table_->get(key); }

ErrorSite ConfigNode::site(std::string_view key) const {
  long line = 0;
  if (const auto* n = node(key)) line = static_cast<long>(n->source().begin.line);
  if (line == 0) line = static_cast<long>(table_->source().begin.line);
  return ErrorSite{file_, line, key.empty() ? path_ : key_path(key)};
}

DataError ConfigNode::error(std::string_view key, const std::string& rule) const { return DataError(rule, site(key)); }

void ConfigNode::check_keys(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [k, v] : *table_) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == k.str();
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      long line = static_cast<long>(k.source().begin.line);
      throw DataError(fmt::format("unknown key (allowed here: {})", list), {file_, line, key_path(k.str())});
    }
  }
}

std::optional<std::string> ConfigNode::opt_string(std::string_view key) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) throw error(key, "must be a string");
  return std::string(*n->value<std::string>());
}

std::string ConfigNode::req_string(std::string_view key) const {
  auto v = opt_string(key);
  if (!v) throw error(key, "is required");
  return *v;
}

std::optional<double> ConfigNode::opt_number(std::string_view key, double min, double max) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_number()) throw error(key, "must be a number");
  double v = *n->value<double>();
  if (!std::isfinite(v) || v < min || v > max) throw error(key, fmt::format("must be within [{}, {}]", min, max));
  return v;
}

double ConfigNode::req_number(std::string_view key, double min, double max) const {
  auto v = opt_number(key, min, max);
  if (!v) throw error(key, "is required");
  return *v;
}

std::optional<std::int64_t> ConfigNode::opt_int(std::string_view key, std::int64_t min, std::int64_t max) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) throw error(key, "must be a whole number");
  std::int64_t v = *n->value<std::int64_t>();
  if (v < min || v > max) throw error(key, fmt::format("must be within [{}, {}]", min, max));
  return v;
}

std::int64_t ConfigNode::req_int(std::string_view key, std::int64_t min, std::int64_t max) const {
  auto v = opt_int(key, min, max);
  if (!v) throw error(key, "is required");
  return *v;
}

std::optional<bool> ConfigNode::opt_bool(std::string_view key) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) throw error(key, "must be true or false");
  return *n->value<bool>();
}

std::optional<Ratio> ConfigNode::opt_ratio(std::string_view key, Ratio min, Ratio max) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  Ratio r;
  if (n->is_string()) {
    try {
      r = parse_ratio(*n->value<std::string>());
    } catch (const Error& e) {
      throw error(key, e.rule());
    }
  } else if (n->is_number()) {
    double v = *n->value<double>();
    if (!std::isfinite(v)) throw error(key, "must be a finite share");
    r = Ratio{std::llround(v * Ratio::kOne)};
  } else {
    throw error(key, "must be a share such as \"15%\" or 0.15");
  }
  if (r < min || r > max) throw error(key, fmt::format("must be within [{}, {}]", format_percent(min), format_percent(max)));
  return r;
}

std::optional<double> ConfigNode::opt_fraction(std::string_view key, double min, double max) const {
  auto r = opt_ratio(key, Ratio{std::llround(min * Ratio::kOne)}, Ratio{std::llround(max * Ratio::kOne)});
  if (!r) return std::nullopt;
  return r->to_double();
}

std::optional<Money> ConfigNode::opt_money(std::string_view key, const Currency& currency) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  try {
    if (n->is_string()) return parse_money(*n->value<std::string>(), currency);
    if (n->is_integer()) return parse_money(std::to_string(*n->value<std::int64_t>()), currency);
    if (n->is_floating_point()) return parse_money(fmt::format("{:.{}f}", *n->value<double>(), currency.minor_digits), currency);
  } catch (const Error& e) {
    throw error(key, e.rule());
  }
  throw error(key, "must be an amount such as \"1,700.00\"");
}

std::optional<ConfigNode> ConfigNode::opt_table(std::string_view key) const {
  const auto* n = node(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) throw error(key, "must be a table");
  return ConfigNode(*n->as_table(), file_, key_path(key));
}

std::vector<ConfigNode> ConfigNode::table_array(std::string_view key) const {
  std::vector<ConfigNode> out;
  const auto* n = node(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) throw error(key, "must be an array of tables");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    if (!t) throw error(key, fmt::format("element {} must be a table", i));
    out.emplace_back(*t, file_, fmt::format("{}[{}]", key_path(key), i));
  }
  return out;
}

}  // namespace gfund::sizing
