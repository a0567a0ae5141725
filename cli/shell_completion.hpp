#pragma once
// `gfund completion bash`: a bash completion script written from the CLI's
// own definitions (cli/app_tree.hpp), so it completes exactly the verbs and
// options the parser takes: verbs after `gfund`, a verb's options after a
// dash (with the top-level ones it falls through to), an option's fixed
// values (CLI::IsMember, checked transformers) after it, file names
// elsewhere.
#include <string>

#include <CLI/CLI.hpp>

namespace gfund::cli {

// The script; `source <(gfund completion bash)` defines _gfund and registers it.
std::string bash_completion_script(const CLI::App& root);

}  // namespace gfund::cli
