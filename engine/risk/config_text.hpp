#pragma once
// The text of a configuration file (risk model, lending plan, stress
// scenarios) into a parsed tree, the one way for every kind of file, so each
// gets the same guards: any fault in the text is a DataError (exit 65) naming
// the file and the line, never a library exception escaping as an internal
// error.
//
// JSON: a number too large for a double (9e667) is refused where it stands
// (nlohmann reports it without a position when it throws).
// TOML: toml++ 3.3 reaches undefined behaviour (__builtin_unreachable) on a
// non-ASCII byte where a key starts, so the text is checked before toml++
// sees it: well-formed UTF-8, and non-ASCII only inside quoted strings and
// comments, the only places TOML 1.0 allows it. Any other check inside
// toml++'s parser that fails (engine/risk/toml.hpp keeps them as checks) is
// refused on the line where it fails.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include "engine/risk/toml.hpp"

namespace gfund::risk {

nlohmann::json parse_json_text(std::string_view text, const std::string& file_name);
toml::table parse_toml_text(std::string_view text, const std::string& file_name);

}  // namespace gfund::risk
