// The CLI11 App tree walked (cli/app_tree.hpp).
#include "cli/app_tree.hpp"

#include <algorithm>
#include <sstream>

namespace gfund::cli {

std::vector<const CLI::App*> verbs_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_name().empty(); });
}

std::vector<const CLI::Option*> options_of(const CLI::App& app) {
  std::vector<const CLI::Option*> out = app.get_options();
  // An option group is a nameless subcommand holding options of its verb.
  for (const CLI::App* group : app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); })) {
    const auto inner = options_of(*group);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

std::vector<std::string> typed_names(const CLI::Option& option) {
  std::vector<std::string> out;
  for (const auto& l : option.get_lnames()) out.push_back("--" + l);
  for (const auto& s : option.get_snames()) out.push_back("-" + s);
  return out;
}

std::vector<std::string> option_names(const CLI::App& verb) {
  std::vector<std::string> out;
  for (const CLI::App* app = &verb; app; app = app->get_fallthrough() ? app->get_parent() : nullptr)
    for (const CLI::Option* opt : options_of(*app))
      for (const auto& name : typed_names(*opt))  // --help is defined at every level: once
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

std::vector<std::string> fixed_choices(const CLI::Option& option) {
  // CLI11 describes a set check in the option's type name: "TEXT:{bash}",
  // "ENUM:value in {is->1,plain->0} OR {1,0}". The first braces hold the
  // names a user types (before "->" for a mapping).
  const std::string type = option.get_type_name();
  const auto open = type.find('{'), close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string item;
  std::istringstream list(type.substr(open + 1, close - open - 1));
  while (std::getline(list, item, ','))
    if (auto name = item.substr(0, item.find("->")); !name.empty()) out.push_back(name);
  return out;
}

bool takes_value(const CLI::Option& option) { return option.get_expected_max() > 0 && !option.get_positional(); }

}  // namespace gfund::cli
