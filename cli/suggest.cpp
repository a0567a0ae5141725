// Suggesting the nearest command or option name (cli/suggest.hpp).
#include "cli/suggest.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/app_tree.hpp"

namespace gfund::cli {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest_name(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> nearest;
  std::size_t best = 3;  // within two edits
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best) best = d, nearest = c;
  }
  return nearest;
}

std::string unexpected_argument_message(const CLI::App& app, const std::string& arg) {
  const std::string who = app.get_parent() ? "gfund " + app.get_name() : "gfund";
  if (arg.size() < 2 || arg[0] != '-')
    return fmt::format("{}: unexpected argument '{}' ({} --help lists what it takes)", who, arg, who);
  const std::string name = arg.substr(0, arg.find('='));  // --sttaus=x: the name is --sttaus
  const auto nearest = nearest_name(name, option_names(app));
  return fmt::format("{}: unknown option '{}'{} ({} --help lists its options)", who, name,
                     nearest ? fmt::format("; did you mean '{}'?", *nearest) : "", who);
}

}  // namespace gfund::cli
