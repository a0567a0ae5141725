#pragma once
// Reading the TOML / JSON configuration files of sizing (lending plan,
// stress scenarios): one parsed tree, and typed accessors whose errors name the file,
// the line (TOML) and the key path, and the rule broken. JSON is converted to
// the same tree, so one reader serves both formats (JSON has no line numbers
// in the tree: its errors name the key path only).
//
// Unknown keys are refused (check_keys): a misspelt "pd_multiplyer" must not
// silently leave a stress scenario at the base case.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "engine/risk/toml.hpp"

#include "models/errors.hpp"
#include "models/money.hpp"
#include "models/ratio.hpp"

namespace gfund::sizing {

// Loads `path` (.json => JSON, anything else TOML). Throws NoInputError when
// absent, DataError with file:line on a syntax error.
toml::table load_config_file(const std::string& path);
// Parses text already in memory; `file_name` is used in messages.
toml::table parse_config_text(std::string_view text, const std::string& file_name, bool json);

// A table inside a config file and where it is: accessors build messages
// "file:line: field 'scenario[2].pd_multiplier': must be > 0".
class ConfigNode {
 public:
  ConfigNode(const toml::table& table, std::string file, std::string path)
      : table_(&table), file_(std::move(file)), path_(std::move(path)) {}

  const toml::table& table() const { return *table_; }
  const std::string& file() const { return file_; }
  std::string key_path(std::string_view key) const;  // "lending[0].pd"
  ErrorSite site(std::string_view key) const;        // file, line of the key (or table), field
  DataError error(std::string_view key, const std::string& rule) const;

  bool has(std::string_view key) const { return table_->contains(key); }
  // Refuses any key not in `allowed`.
  void check_keys(std::initializer_list<std::string_view> allowed) const;

  std::optional<std::string> opt_string(std::string_view key) const;
  std::string req_string(std::string_view key) const;
  // Numbers: integers and floats both accepted; bounds inclusive.
  std::optional<double> opt_number(std::string_view key, double min, double max) const;
  double req_number(std::string_view key, double min, double max) const;
  std::optional<std::int64_t> opt_int(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::int64_t req_int(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<bool> opt_bool(std::string_view key) const;
  // A share: "15%", "0.15" (string) or 0.15 (number), within [min, max].
  std::optional<double> opt_fraction(std::string_view key, double min, double max) const;
  std::optional<Ratio> opt_ratio(std::string_view key, Ratio min, Ratio max) const;
  // An amount "1,700.00" (string) or a number of major units, in `currency`.
  std::optional<Money> opt_money(std::string_view key, const Currency& currency) const;

  std::optional<ConfigNode> opt_table(std::string_view key) const;
  // An array of tables ([[lending]]); empty when absent.
  std::vector<ConfigNode> table_array(std::string_view key) const;

 private:
  const toml::node* node(std::string_view key) const;
  const toml::table* table_;
  std::string file_;
  std::string path_;  // key path of this table; empty = root
};

}  // namespace gfund::sizing
