#pragma once
// Inputs shared by `gfund size`, `stress` and `termsheet`: the book (the
// ledger at an as-of date, or a book CSV with agreements and capital), the
// risk model file, an optional lending plan, Monte Carlo options. Loaded
// here, in the CLI layer, so the engine only ever sees values.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/risk/risk_model.hpp"
#include "engine/risk/simulate.hpp"
#include "engine/sizing/claims.hpp"
#include "engine/sizing/measures.hpp"
#include "engine/sizing/plan.hpp"
#include "reports/sizing_text.hpp"

namespace gfund::cli {

struct SizingRequest {
  std::string db_path, as_of;                     // --db --as-of, or
  std::string book_path, agreements_path;         // --book --agreements (book optional with --plan)
  std::string capital;                            // "250000 USD"; with --db overrides the ledger's balance
  std::string model_path, plan_path;
  std::string target = "exhaustion:1%";
  int scenarios = 5000;
  std::uint64_t seed = 1;
  int threads = 0;
  int horizon_months = 0;                         // overrides the model's horizon when > 0
  risk::Method method = risk::Method::plain;      // --method plain | is
  double is_level = 0;                            // --is-level; 0 = the target's own tail
  double volume_max = 1.0;                        // set by the verb when it sizes volume
};

void add_sizing_options(CLI::App* cmd, SizingRequest& r);

struct SizingContext {
  std::unique_ptr<Book> book;                     // kept alive for the portfolio
  std::unique_ptr<sizing::Plan> plan;
  risk::RiskModel model;
  sizing::Portfolio portfolio;
  sizing::Candidate base;
  sizing::DrawOptions draws;
  sizing::Target target;
  std::int64_t capital_minor = 0;
  std::vector<std::string> warnings;
  std::string source;                             // "ledger.db as of 2023-06-30" / "book.csv"
};

// Validates (UsageError naming the option), loads, builds the portfolio.
SizingContext load_sizing(const SizingRequest& r);

// The portfolio's defaults under `shocks` (draw_defaults_risk with c's model
// and options, warnings to c.warnings), with a progress line and ETA on a
// terminal's stderr labelled `label` (none with --quiet or off a terminal).
sizing::DefaultDraws draw_with_progress(SizingContext& c, const sizing::Shocks& shocks, const std::string& label);

// "12,345.67 USD" from a minor-unit estimate (rounded half-even once).
Money money_of(const SizingContext& c, double minor);
// The header note every sizing table carries: source, model, seed, scenarios.
std::string provenance(const SizingContext& c);
// What the reports layer titles and notes a sizing answer with.
reports::SizingRun sizing_run(const SizingContext& c);

}  // namespace gfund::cli
