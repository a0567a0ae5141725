// gfund completion bash / gfund man: the shell completion script and the
// manual page, written from the CLI's own definitions at run time.
#include <iostream>

#include "cli/man_page.hpp"
#include "cli/shell_completion.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

namespace {
const CLI::App& root_of(const CLI::App* app) {
  while (app->get_parent()) app = app->get_parent();
  return *app;
}
}  // namespace

void add_completion_verb(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script (source <(gfund completion bash))");
  cmd->add_option("shell", *shell, "The shell")->required()->check(CLI::IsMember({"bash"}));
  // The callback keeps `shell` alive: CLI11 writes the parsed value into it.
  cmd->callback([cmd, shell] { std::cout << bash_completion_script(root_of(cmd)); });
}

void add_man_verb(CLI::App& app) {
  auto* cmd = app.add_subcommand("man", "Print gfund's manual page (roff; view it with gfund man | man -l -)");
  cmd->callback([cmd] { std::cout << man_page(root_of(cmd), GFUND_VERSION); });
}

}  // namespace gfund::cli
