#pragma once
// The simulate step as a function, shared by `gfund simulate` and `gfund
// demo`: load inputs (a book CSV or the ledger), run the risk engine, and
// render its results as tables or JSON. The engine sees values only; the
// ledger is read here, in the CLI layer.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/risk/results.hpp"
#include "engine/risk/simulate.hpp"

namespace gfund::cli {

struct SimulateRequest {
  std::string book_path;        // --book (with agreements_path and capital), or
  std::string agreements_path;
  std::string capital;          // "250000 USD": available capital; its currency is the fund's
  std::string db_path;          // --db with as_of
  std::string as_of;            // YYYY-MM-DD; required with --book; with --db default: the ledger's last event (cli/ledger_cli.hpp)
  std::string model_path;       // --model (.toml / .json)
  std::string scenario_out_path;  // --scenario-out: checked before the run (its folder must exist); "" = none
  risk::SimulationOptions options;
};

// Validates the request (UsageError naming the option), loads, runs; the
// per-scenario outcomes come back with the summary made from them.
risk::SimulationRun run_simulation(const SimulateRequest& request);

// The ledger path, for `gfund demo` too: the book, agreements, claims paid and
// enrolled volumes at as_of from the ledger; the fund's available capital is
// its cash balance at as_of (capital + fees + recoveries - claims paid).
risk::SimulationResult simulate_ledger(const std::string& db_path, const Date& as_of, const std::string& model_path,
                                       const risk::SimulationOptions& options);

}  // namespace gfund::cli
