#pragma once
// "Did you mean ...?" for a mistyped command or option: the nearest of the
// CLI's own names by edit distance, within two edits (further than that, a
// suggestion is more often wrong than helpful).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gfund::cli {

// Edit distance (insertions, deletions, substitutions) between two short words.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate nearest to `word` within two edits (the first of equals), or nullopt.
std::optional<std::string> nearest_name(const std::string& word, const std::vector<std::string>& candidates);

// The message for an argument `app` (a verb, or the top-level app) does not
// take: "gfund status: unknown option '--sttaus'; did you mean '--status'?"
// (an option, with the nearest of the names it takes, cli/app_tree.hpp), or
// "gfund status: unexpected argument 'x'" (a value).
std::string unexpected_argument_message(const CLI::App& app, const std::string& arg);

}  // namespace gfund::cli
