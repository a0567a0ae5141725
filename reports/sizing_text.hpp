#pragma once
// The sizing answers (engine/sizing/) as terminal tables and JSON: what
// `gfund size`, `stress` and `termsheet` print, and their --json. The JSON
// carries the same tables (to_json) beside its typed fields, so the formats
// cannot disagree. Amounts in the engine are fund-currency minor units
// (doubles where they are estimates, rounded half-even once for a table);
// the JSON keeps them as minor units. Reads results; computes no risk.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sizing/measures.hpp"
#include "engine/sizing/sizing.hpp"
#include "engine/sizing/stress.hpp"
#include "engine/sizing/termsheet.hpp"
#include "models/currency.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// What a sizing run was run on, for titles, notes and the JSON header.
struct SizingRun {
  Currency currency;                 // the fund currency every amount is in
  std::uint64_t seed = 0;
  int scenarios = 0;
  std::string method = "plain";      // "plain" or "importance" (sampling toward tail_level's tail)
  double tail_level = 0;
  std::string target;                // sizing::describe(target), e.g. "P(exhaustion) <= 1%"
  std::int64_t capital_minor = 0;    // capital available
  std::string provenance;            // source, model, seed, scenarios, horizon, currency
  std::vector<std::string> warnings;
};

// Tables to print one after another, and the JSON for --json.
struct SizingView {
  std::vector<Table> tables;
  nlohmann::json json;
};

// The answers `gfund size` found; an absent one was not asked.
struct SizeAnswers {
  std::optional<sizing::CapitalAnswer> capital;
  sizing::Estimate exhaustion_now;   // P(exhaustion) at the capital available (with `capital`)
  std::optional<std::vector<sizing::CoverageAnswer>> coverage;  // scope "all" first, then banks
  std::optional<std::vector<sizing::VolumeAnswer>> volume;
  double volume_max = 0;             // the volume search limit, x plan
  std::optional<std::vector<sizing::AllocationRow>> allocation;
  std::optional<std::vector<sizing::FeeRow>> fees;
  double cost_loading = 0;           // share, e.g. 0.2 for the fee question
};
SizingView size_view(const SizingRun& run, const SizeAnswers& answers);

// `gfund stress`: every scenario beside the base ("base" first), and reverse
// stress when given.
SizingView stress_view(const SizingRun& run, const std::vector<sizing::StressRow>& rows,
                       const std::optional<sizing::ReverseStress>& reverse);

// `gfund termsheet`: candidate terms for one bank side by side.
Table termsheet_table(const SizingRun& run, const sizing::Termsheet& sheet);
// The table's JSON with seed, scenarios and warnings.
nlohmann::json termsheet_json(const SizingRun& run, const Table& table);

}  // namespace gfund::reports
