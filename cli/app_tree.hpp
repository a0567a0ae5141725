#pragma once
// Walking the CLI's own definitions (the CLI11 App tree): the verbs and the
// options each takes, for suggestions, shell completion and the man page,
// so none of them keeps a list of its own that could drift from the parser.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gfund::cli {

// The named subcommands of `app` (the verbs), in the order they were added.
std::vector<const CLI::App*> verbs_of(const CLI::App& app);

// The options `app` defines itself, those in its option groups included
// (not the ones it inherits from its parent), in the order they were added.
std::vector<const CLI::Option*> options_of(const CLI::App& app);

// The names an option is typed with: "--db", "-q", ...; none for a positional.
std::vector<std::string> typed_names(const CLI::Option& option);

// Every option name a verb takes, as typed: its own, then the top-level ones
// it falls through to (--quiet, --help, ...).
std::vector<std::string> option_names(const CLI::App& verb);

// The fixed values an option accepts, from its CLI::IsMember / checked
// transformer ("{is->1,plain->0}" -> is, plain); empty when it takes any.
std::vector<std::string> fixed_choices(const CLI::Option& option);

// True when the option is typed with a value after it (not a flag).
bool takes_value(const CLI::Option& option);

}  // namespace gfund::cli
