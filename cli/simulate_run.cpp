// Loading inputs for the risk engine and rendering its results.
#include "cli/simulate_run.hpp"
#include "cli/console.hpp"
#include "cli/data_dir.hpp"
#include "cli/ledger_cli.hpp"

#include "reports/progress.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <ostream>

#include "engine/bridge/ledger_inputs.hpp"
#include "engine/portfolio/agreements_csv.hpp"
#include "engine/portfolio/book.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"
#include "models/money.hpp"

namespace gfund::cli {

namespace {

// Progress and an ETA on stderr while scenarios run, only on a terminal.
risk::SimulationRun simulate_with_progress(const Book& book, const std::vector<Agreement>& agreements,
                                           const risk::RiskModel& model, const risk::FundInputs& fund,
                                           risk::SimulationOptions options) {
  reports::Progress progress("Simulating scenarios", options.scenarios, progress_options());
  if (progress.enabled() && !options.on_scenario_done)
    options.on_scenario_done = [&progress](std::uint64_t n) { progress.advance(n); };
  auto run = risk::simulate_with_outcomes(book, agreements, model, fund, options);
  progress.finish();
  return run;
}

risk::SimulationRun run_ledger(const std::string& db_path, const Date& as_of, const std::string& model_path,
                               const risk::SimulationOptions& options) {
  // The model is read first: a typo in it should not wait for the ledger.
  const risk::RiskModel model = risk::read_model_file(model_path);
  const bridge::LedgerInputs in = bridge::ledger_inputs(db_path, as_of);
  return simulate_with_progress(in.book, in.agreements, model, bridge::fund_inputs(in), options);
}

// An output file is checked before the run, so a typo in its folder does not
// cost the minutes of a large simulation (the atomic write checks again).
void check_output_file(const std::string& path, const char* option) {
  if (path.empty()) return;
  namespace fs = std::filesystem;
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw UsageError(fmt::format("folder {} does not exist (create it first)", dir.string()), {.field = option});
  if (fs::is_directory(p)) throw UsageError(fmt::format("{} is a folder; give a file name", path), {.field = option});
}

}  // namespace

risk::SimulationResult simulate_ledger(const std::string& db_path, const Date& as_of, const std::string& model_path,
                                       const risk::SimulationOptions& options) {
  return run_ledger(db_path, as_of, model_path, options).result;
}

risk::SimulationRun run_simulation(const SimulateRequest& request) {
  SimulateRequest r = request;
  r.db_path = risk_db_default(r.db_path, r.book_path);
  if (r.options.scenarios < 1) throw UsageError("must be >= 1", {.field = "--scenarios"});
  check_output_file(r.scenario_out_path, "--scenario-out");
  // Every scenario's row is gathered (under mpirun, on rank 0) only for the file that holds them.
  risk::SimulationOptions options = r.options;
  options.keep_rows = !r.scenario_out_path.empty();
  if (!r.db_path.empty()) {
    if (!r.book_path.empty()) throw UsageError("give --db or --book, not both", {.field = "--book"});
    if (!r.capital.empty())
      throw UsageError("with --db the fund's capital comes from the ledger; drop --capital", {.field = "--capital"});
    const std::string model = model_or_default(r.model_path, r.db_path);
    return run_ledger(r.db_path, ledger_as_of(r.db_path, r.as_of), model, options);
  }
  if (r.book_path.empty()) throw UsageError("give --book FILE (with --agreements and --capital) or --db FILE");
  if (r.agreements_path.empty()) throw UsageError("--book needs --agreements FILE", {.field = "--agreements"});
  if (r.capital.empty()) throw UsageError("--book needs --capital, e.g. \"250000 USD\"", {.field = "--capital"});
  if (r.as_of.empty()) throw UsageError("--book needs --as-of YYYY-MM-DD (the book's date)", {.field = "--as-of"});
  Money capital;
  try {
    capital = parse_money(r.capital, std::nullopt);
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--capital"});
  }
  if (capital.is_negative()) throw UsageError("must be >= 0", {.field = "--capital"});
  Date as_of;
  try {
    as_of = parse_date(r.as_of);
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--as-of"});
  }
  Book book = read_book_csv(r.book_path);
  book.as_of = as_of;
  const auto agreements = read_agreements_csv(r.agreements_path);
  risk::FundInputs fund;
  fund.currency = capital.currency();
  fund.capital_minor = capital.minor();
  return simulate_with_progress(book, agreements, risk::read_model_file(model_or_default(r.model_path, r.db_path)), fund, options);
}

}  // namespace gfund::cli
