// Finding and reading gfund's settings file (cli/settings_file.hpp).
#include "cli/settings_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "engine/risk/config_text.hpp"
#include "models/errors.hpp"

namespace gfund::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKeysTaken = "db and model";

std::optional<fs::path> user_settings_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "gfund" / "config.toml";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "gfund" / "config.toml";
  return std::nullopt;
}

// A key's value: a non-empty string, a path taken from the file's folder.
std::string path_value(const toml::node& node, const std::string& key, const std::string& file) {
  const ErrorSite site{file, static_cast<long>(node.source().begin.line), key};
  const auto* text = node.as_string();
  if (!text) throw DataError("must be a string (a file path in quotes)", site);
  if (text->get().empty()) throw DataError("must not be empty (leave the key out for the default)", site);
  const fs::path p(text->get());
  return (p.is_absolute() ? p : fs::path(file).parent_path() / p).lexically_normal().string();
}

}  // namespace

std::string settings_file_path() {
  std::error_code ec;
  if (fs::is_regular_file("gfund.toml", ec)) return "gfund.toml";
  if (const auto user = user_settings_path(); user && fs::is_regular_file(*user, ec)) return user->string();
  return "";
}

Settings read_settings_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NoInputError("cannot read the settings file", {.file = path});
  std::ostringstream text;
  text << in.rdbuf();
  const toml::table table = risk::parse_toml_text(text.str(), path);
  Settings s{.file = path};
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (name == "db") s.db = path_value(node, name, path);
    else if (name == "model") s.model = path_value(node, name, path);
    else
      throw DataError(fmt::format("unknown key (a settings file takes {}; docs/settings.md)", kKeysTaken),
                      {path, static_cast<long>(key.source().begin.line), name});
  }
  return s;
}

const Settings& settings() {
  static const Settings s = [] {
    const std::string path = settings_file_path();
    return path.empty() ? Settings{} : read_settings_file(path);
  }();
  return s;
}

}  // namespace gfund::cli
