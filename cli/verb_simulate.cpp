// gfund simulate: Monte Carlo of defaults and guarantee claims on a book
// (CSV) or the ledger, printed per fund, bank, association and agreement;
// with --scenario-out, every scenario's outcomes as CSV too.
#include <iostream>
#include <map>

#include "cli/console.hpp"
#include "cli/simulate_run.hpp"
#include "engine/risk/mpi_ranks.hpp"
#include "cli/verbs.hpp"
#include "reports/scenario_csv.hpp"
#include "reports/simulation_text.hpp"

namespace gfund::cli {

void add_simulate_verb(CLI::App& app) {
  struct Opts {
    SimulateRequest req;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("simulate", "Simulate correlated defaults and the fund's claims (Monte Carlo)");
  cmd->add_option("--book", o->req.book_path, "Book CSV (engine/portfolio/book.hpp format)");
  cmd->add_option("--agreements", o->req.agreements_path, "Agreements CSV (with --book)");
  cmd->add_option("--capital", o->req.capital, "Fund's available capital with --book, e.g. \"250000 USD\"");
  cmd->add_option("--db", o->req.db_path, "Ledger database (instead of --book)");
  cmd->add_option("--as-of", o->req.as_of, "As-of date YYYY-MM-DD (required with --book; with --db default: the ledger's last event)");
  cmd->add_option("--model", o->req.model_path, "Risk model file (.toml or .json; docs/model-file.md; default: the model `gfund calibrate` last wrote for --db, else the shipped models/demo.toml)");
  cmd->add_option("--scenarios", o->req.options.scenarios, "Number of scenarios")->capture_default_str();
  cmd->add_option("--seed", o->req.options.seed, "Random seed (same seed, same result on any thread count)")
      ->capture_default_str();
  cmd->add_option("--threads", o->req.options.threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--method", o->req.options.method,
                  "plain: plain Monte Carlo; is: importance sampling toward the tail at --is-level (factors "
                  "shifted, weighted estimators with their standard errors; engine/risk/importance.hpp)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, risk::Method>{{"plain", risk::Method::plain}, {"is", risk::Method::importance}}))
      ->default_str("plain");
  cmd->add_option("--is-level", o->req.options.tail_level,
                  "Tail level importance sampling aims at, in [0.5, 1) (default 0.999: ES 99.9%)")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output (amounts in minor units of the fund currency)");
  cmd->add_option("--scenario-out", o->req.scenario_out_path,
                  "Also write one CSV row per scenario to FILE (defaults, loss, claims gross and net, recoveries, "
                  "exhaustion month, claims per bank and association); money in decimal major units, the fund "
                  "currency in each money header (claims_USD); its folder must exist; docs/scenario-csv.md");
  cmd->callback([o] {
    const auto run = run_simulation(o->req);
    if (!risk::ranks::root()) return;  // an MPI job's other ranks: rank 0 holds the summary and reports
    const auto& result = run.result;
    for (const auto& w : result.warnings) warning(w);
    // Written before the summary is printed: a printed summary means the
    // file is there too.
    if (!o->req.scenario_out_path.empty())
      reports::write_scenario_csv(o->req.scenario_out_path, reports::ScenarioTable(run));
    if (o->json) {
      std::cout << reports::simulation_json(result).dump(2) << "\n";
      return;
    }
    std::cout << reports::simulation_text(result, reports::stdout_text_options());
  });
}

}  // namespace gfund::cli
