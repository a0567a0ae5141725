#pragma once
// `gfund man`: the manual page (roff, man(7) macros) written from the CLI's
// own definitions (cli/app_tree.hpp): NAME, SYNOPSIS, DESCRIPTION, one
// subsection per verb with its options and their help text, then the
// environment and files gfund reads. View it with `gfund man | man -l -`.
#include <string>

#include <CLI/CLI.hpp>

namespace gfund::cli {

// The page; `version` goes in its header ("0.1.0").
std::string man_page(const CLI::App& root, const std::string& version);

}  // namespace gfund::cli
