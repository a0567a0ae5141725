#pragma once
// The risk engine's results as tables and JSON (what `gfund simulate`
// prints, and its --json).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/risk/results.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// Readable tables: fund key figures, by bank, by association, by agreement,
// fund loss / claims quantiles, exhaustion month.
std::vector<Table> simulation_tables(const risk::SimulationResult& result);
// The tables as text, one after another.
std::string simulation_text(const risk::SimulationResult& result, const TextOptions& options = {});
// Everything in the result, amounts as minor units (doubles: estimates).
nlohmann::json simulation_json(const risk::SimulationResult& result);

}  // namespace gfund::reports
