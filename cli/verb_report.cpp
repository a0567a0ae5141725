// gfund report: the fund's dashboard from the ledger (and, with --simulate,
// a Monte Carlo run on it) as a self-contained HTML page, an Excel workbook,
// CSV files (one per table) or one JSON document.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/console.hpp"
#include "cli/data_dir.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/simulate_run.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/donor_pack.hpp"
#include "engine/ledger/ledger_book.hpp"
#include "engine/ledger/status.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/dashboard.hpp"
#include "reports/donor_views.hpp"
#include "reports/export.hpp"
#include "reports/gl_views.hpp"
#include "reports/html_report.hpp"
#include "reports/xlsx_writer.hpp"

namespace gfund::cli {
namespace {

struct ReportOptions {
  std::string db, as_of, format = "html", out, model, fund_name, provision_rates, gl;
  std::vector<std::string> fx;
  bool simulate = false, json = false;
  std::uint32_t scenarios = 10'000;
  std::uint64_t seed = 1;
  int threads = 0;
};

// The donor pack's one-page printable summary (A4 portrait).
void write_donor_summary(const ReportOptions& o, const ledger::DonorPack& pack) {
  reports::HtmlOptions html;
  html.extra_css = reports::donor_summary_print_css();
  reports::write_html(reports::donor_summary(pack, o.fund_name, format_date(today_utc()), GFUND_VERSION), o.out, html);
}

// The fund's general ledger: the journal to `path`, the trial balance beside
// it (gl_views.hpp); the trial balance first, so a journal is never left
// without its balance.
std::vector<std::string> write_gl(const ledger::LedgerStatus& s, const std::string& path) {
  std::ostringstream journal, balance;
  reports::render_csv(reports::gl_journal_table(s.general_ledger, s.fund.currency), journal);
  reports::render_csv(reports::gl_trial_balance_table(s.general_ledger, s.fund.currency), balance);
  const std::string tb = reports::trial_balance_path(path);
  reports::write_file_atomically(tb, balance.str());
  reports::write_file_atomically(path, journal.str());
  return {path, tb};
}

// The dashboard in o.format to o.out; the files written are appended to `written`.
void write_dashboard(const ReportOptions& o, const reports::DashboardInputs& in, std::vector<std::string>& written) {
  if (o.format == "html") {
    reports::write_dashboard_html(in, o.out);
    written.push_back(o.out);
  } else if (o.format == "xlsx") {
    reports::write_dashboard_xlsx(in, o.out);
    written.push_back(o.out);
  } else if (o.format == "csv") {
    for (auto& f : reports::write_csv_tables(reports::build_dashboard(in), o.out)) written.push_back(std::move(f));
  } else {
    std::string text = reports::to_json(reports::build_dashboard(in)).dump(2) + "\n";
    if (o.out == "-") {
      std::cout << text;
      return;
    }
    reports::write_file_atomically(o.out, text);
    written.push_back(o.out);
  }
}

void check_report_options(const ReportOptions& o) {
  if (o.format != "html" && o.format != "xlsx" && o.format != "csv" && o.format != "json" && o.format != "donor")
    throw UsageError("must be html, xlsx, csv, json or donor", {.field = "--format"});
  if (o.out.empty() && o.gl.empty()) throw UsageError("is required (or give --gl FILE for the general ledger only)", {.field = "--out"});
  if (o.format == "donor" && o.simulate)
    throw UsageError("the donor summary is the ledger's figures: drop --simulate", {.field = "--simulate"});
  if (o.format == "donor" && !o.gl.empty())
    throw UsageError("goes with the dashboard formats (html, xlsx, csv, json), not the donor summary", {.field = "--gl"});
}

void run_report(ReportOptions o) {
  check_report_options(o);
  const auto rates = o.provision_rates.empty() ? ledger::default_provision_rates()
                                               : ledger::parse_provision_rates(o.provision_rates, "--provision-rates");
  const Date as_of = ledger_as_of(o.db, o.as_of);
  if (o.fund_name.empty()) o.fund_name = ledger::ledger_fund_name(o.db);
  const ledger::DonorPack donor = ledger::read_donor_pack(o.db, as_of);
  if (o.format == "donor") {
    write_donor_summary(o, donor);
    if (o.json) std::cout << reports::written_files_json(o.format, format_date(as_of), {o.out}).dump() << "\n";
    else std::cout << fmt::format("Wrote the donor summary (one A4 page): {}\n", o.out);
    return;
  }
  ledger::LedgerStatus status = ledger::read_status(o.db, as_of, rates, given_fx(o.fx));
  say_fx_used(status.in_fund_currency, status.fund.currency, as_of);
  std::optional<risk::SimulationResult> sim;
  if (o.simulate) {
    if (o.scenarios < 1) throw UsageError("must be at least 1", {.field = "--scenarios"});
    // The same run as `gfund simulate --db` (capital = the fund's cash).
    sim = simulate_ledger(o.db, as_of, model_or_default(o.model, o.db), {.seed = o.seed, .scenarios = o.scenarios, .threads = o.threads});
    for (const auto& w : sim->warnings) warning(w);
  }
  std::vector<std::string> written;
  if (!o.gl.empty()) {
    written = write_gl(status, o.gl);
    if (o.out.empty()) {
      if (o.json) std::cout << reports::written_files_json("gl", format_date(as_of), written).dump() << "\n";
      else std::cout << fmt::format("Wrote general ledger: {} and {}\n", written[0], written[1]);
      return;
    }
    // Never into a JSON document on stdout.
    if (!o.json) (o.out == "-" ? std::cerr : std::cout) << fmt::format("Wrote general ledger: {} and {}\n", written[0], written[1]);
  }
  const std::size_t gl_files = written.size();
  reports::DashboardInputs in;
  in.fund_name = o.fund_name;
  in.prepared = format_date(today_utc());
  in.version = GFUND_VERSION;
  in.source = "ledger " + std::filesystem::path(o.db).filename().string();
  in.status = &status;
  in.donor = &donor;
  in.simulation = sim ? &*sim : nullptr;
  write_dashboard(o, in, written);
  if (o.format == "json" && o.out == "-") return;
  if (o.json) std::cout << reports::written_files_json(o.format, format_date(as_of), written).dump() << "\n";
  else if (o.format == "csv") std::cout << fmt::format("Wrote {} CSV files to {}\n", written.size() - gl_files, o.out);
  else std::cout << fmt::format("Wrote {} report: {}\n", o.format == "html" ? "HTML" : "Excel", o.out);
}

}  // namespace

void add_report_verb(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Write the fund's dashboard: HTML page, Excel workbook, CSV tables or JSON");
  add_db_option(cmd, o->db, "Ledger database");
  cmd->add_option("--as-of", o->as_of, "As-of date YYYY-MM-DD (default: the ledger's last event)");
  cmd->add_option("--format", o->format, "html | xlsx | csv (one file per table, --out is a folder) | json | donor (the donor summary: one A4 page, HTML)")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Output file (csv: folder; json: '-' for stdout); optional with --gl");
  cmd->add_option("--gl", o->gl,
                  "Also write the fund's general ledger as CSV: the journal (double entries) to this file, the trial "
                  "balance beside it (FILE-trial-balance.csv)");
  cmd->add_option("--fund-name", o->fund_name, "Name under the dashboard's title (default: the fund's name in the ledger)");
  cmd->add_option("--provision-rates", o->provision_rates,
                  "Provision % per aging bucket: current,1-30,31-60,61-90,91-180,180+ (default 1,10,25,50,75,100)");
  add_fx_option(cmd, o->fx);
  auto* sim = cmd->add_flag("--simulate", o->simulate, "Add a Monte Carlo simulation of claims on the ledger's book");
  cmd->add_option("--model", o->model, "Risk model file (.toml / .json) for --simulate (default: the model `gfund calibrate` last wrote for this ledger, else the shipped models/demo.toml)")->needs(sim);
  cmd->add_option("--scenarios", o->scenarios, "Scenarios for --simulate")->capture_default_str()->needs(sim);
  cmd->add_option("--seed", o->seed, "Random seed for --simulate")->capture_default_str()->needs(sim);
  cmd->add_option("--threads", o->threads, "Worker threads for --simulate (0 = all cores)")->capture_default_str()->needs(sim);
  cmd->add_flag("--json", o->json, "Print what was written as JSON");
  cmd->callback([o] { run_report(*o); });
}

}  // namespace gfund::cli
