#pragma once
// The stress scenario file: a list of named scenarios, each a set of shocks
// relative to the base model. Schema: docs/scenarios-file.md.
//
//   [[scenario]]
//   name = "severe"
//   pd_multiplier = 2.5
//   pd_multiplier_sector = { "street vending" = 1.5 }
//   loading_shift = 0.1
//   lgd_shift = "10%"
//   economy_factor = -2.0
#include <string>
#include <vector>

#include "engine/sizing/config_file.hpp"
#include "engine/sizing/shocks.hpp"

namespace gfund::sizing {

std::vector<Shocks> read_scenarios_file(const std::string& path);
std::vector<Shocks> parse_scenarios(const toml::table& table, const std::string& file_name);

}  // namespace gfund::sizing
