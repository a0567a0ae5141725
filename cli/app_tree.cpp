// The CLI11 App tree walked (cli/app_tree.hpp).
#include "cli/app_tree.hpp"

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
    for (const CLI::Option* opt : options_of(*app)) {
      const auto names = typed_names(*opt);
      out.insert(out.end(), names.begin(), names.end());
    }
  return out;
}

}  // namespace gfund::cli
