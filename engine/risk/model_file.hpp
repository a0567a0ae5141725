#pragma once
// Reading a risk model from a TOML or JSON file (schema: docs/model-file.md).
// Both go through one reader (TOML is converted to the same tree), so the
// two formats accept exactly the same documents. Unknown keys are refused:
// a misspelt stress key must not silently do nothing.
#include <string>
#include <string_view>

#include "engine/risk/risk_model.hpp"

namespace gfund::risk {

// Reads and validates; the format follows the extension (.toml / .json).
// Errors name the file, the line where known (TOML syntax) and the key path.
RiskModel read_model_file(const std::string& path);
RiskModel parse_model_toml(std::string_view text, const std::string& file_name);
RiskModel parse_model_json(std::string_view text, const std::string& file_name);

}  // namespace gfund::risk
