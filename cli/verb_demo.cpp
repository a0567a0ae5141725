// gfund demo: the main job, end to end on the shipped synthetic fixtures:
// build a fresh ledger, replay the history, verify it, print the status,
// simulate defaults on the as-of book, and leave an HTML dashboard and an
// Excel workbook a finance officer could send on as they are.
#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/data_dir.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/simulate_run.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "reports/simulation_text.hpp"
#include "reports/ledger_text.hpp"
#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "engine/ledger/verify.hpp"
#include "engine/sizing/claims.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/scenario_file.hpp"
#include "engine/sizing/sizing.hpp"
#include "engine/sizing/stress.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "models/limits.hpp"
#include "reports/dashboard.hpp"
#include "reports/donor_views.hpp"
#include "reports/export.hpp"
#include "reports/html_report.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

namespace {

struct DemoOptions {
  std::string fixtures;  // empty = demo/ in the data folder (found at run time, see cli/data_dir.hpp)
  std::string out = "gfund-demo";
  std::string as_of = "2023-12-31";
  std::string model;     // empty = models/demo.toml in the data folder
  std::uint32_t scenarios = 20'000;
  std::uint64_t seed = 42;
  int threads = 0;
  bool json = false;     // stdout: one JSON object (files written, key figures) instead of the walk-through
};

// Where the walk-through goes: stdout, or nowhere with --json (an ostream
// without a buffer discards what it is given).
std::ostream& walk_through(const DemoOptions& o) {
  static std::ostream discard(nullptr);
  return o.json ? discard : std::cout;
}

// A fresh ledger from the fixtures, imported and verified; returns its path.
std::string build_demo_ledger(const DemoOptions& o) {
  namespace fs = std::filesystem;
  fs::create_directories(o.out);
  const std::string db = (fs::path(o.out) / "ledger.db").string();
  // Only our own demo ledger is replaced, with its WAL side files.
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db + ext);
  ledger::create_ledger(db, "GF-KH-DEMO", "USD");
  std::vector<ledger::ImportFile> files;
  for (const auto& name : fixtures::generated_file_names({}))
    files.push_back({ledger::csv_kind_from_name(name), (fs::path(o.fixtures) / name).string()});
  // The riel's dated rates (hand-written, not generated): headline figures add KHR loans in USD.
  if (const auto fx = fs::path(o.fixtures) / "fx_rates.csv"; fs::exists(fx)) files.push_back({ledger::CsvKind::fx_rates, fx.string()});
  auto r = ledger::import_files(db, files, {.latest_event_date = event_date_limit(false)});
  walk_through(o) << "Synthetic demo fixtures (not real borrowers) imported into " << db << "\n";
  if (!o.json) print_import_report(r, kImportNotesShown);
  auto v = ledger::verify_ledger(db);
  walk_through(o) << fmt::format("verify: {} ({} loans, {} events re-derived)\n\n", v.ok() ? "ok" : "DIFFERENCES",
                           v.loans_checked, v.events_checked);
  return db;
}

// Planning: the fund's size for the shipped 24-month plan, and the shipped
// stress scenarios beside the base, on one set of drawn defaults each.
struct DemoPlanning {
  sizing::CapitalAnswer capital;
  std::vector<sizing::StressRow> stress;
  Currency currency;
};
DemoPlanning plan_demo(const DemoOptions& o, const std::string& db) {
  SizingRequest req{.db_path = db, .as_of = o.as_of, .model_path = o.model,
                    .plan_path = data_file("plans/demo-24m.toml"), .scenarios = 5000,
                    .seed = o.seed, .threads = o.threads, .horizon_months = 48};
  auto c = load_sizing(req);
  const sizing::ShockedDraws draw = [&](const sizing::Shocks& shocks) {
    return sizing::draw_defaults_risk(c.portfolio, c.model, shocks, c.draws, &c.warnings);
  };
  DemoPlanning p;
  p.currency = c.portfolio.currency;
  p.capital = sizing::size_capital(sizing::aggregate_claims(c.portfolio, draw(sizing::Shocks{}), c.base), c.target);
  p.stress = sizing::run_stress(c.portfolio, draw, sizing::read_scenarios_file(data_file("scenarios/default.toml")),
                                c.base, sizing::StressOptions{.capital_minor = c.capital_minor, .target = c.target});
  walk_through(o) << fmt::format("\nPlanning (book + 24-month plan, horizon 48 months, {} scenarios, seed {}): capital for {}: {} "
                           "[{}; {}]; the fund holds {}\n",
                           c.draws.scenarios, c.draws.seed, sizing::describe(c.target),
                           format_money(money_of(c, p.capital.capital_minor.value)),
                           format_money(money_of(c, p.capital.capital_minor.lo)),
                           format_money(money_of(c, p.capital.capital_minor.hi)),
                           format_money(Money(p.currency, c.capital_minor)));
  for (const auto& row : p.stress)
    walk_through(o) << fmt::format("  stress {:<10} required capital {:>14}  P(exhaustion) {:.2f}%\n", row.scenario,
                             format_money(money_of(c, row.summary.required_capital_minor.value)),
                             100.0 * row.summary.exhaustion_probability.value);
  return p;
}

void run_demo(DemoOptions& o) {
  namespace fs = std::filesystem;
  if (o.fixtures.empty()) o.fixtures = data_file("demo");
  if (o.model.empty()) o.model = data_file("models/demo.toml");
  const std::string db = build_demo_ledger(o);
  const Date as_of = ledger_as_of(db, o.as_of);
  const auto status = ledger::read_status(db, as_of);
  const auto donor = ledger::read_donor_pack(db, as_of);
  walk_through(o) << reports::status_text(status, reports::stdout_text_options());

  walk_through(o) << fmt::format("\nSimulating defaults on the book at {} ({} scenarios, seed {}, model {})\n\n",
                           format_date(as_of), o.scenarios, o.seed, o.model);
  const auto sim = simulate_ledger(db, as_of, o.model,
                                   risk::SimulationOptions{.seed = o.seed, .scenarios = o.scenarios, .threads = o.threads});
  walk_through(o) << reports::simulation_text(sim, reports::stdout_text_options());
  const DemoPlanning plan = plan_demo(o, db);

  const reports::DashboardInputs in{.fund_name = "Synthetic demo fund (not real borrowers)",
                                    .source = "ledger " + db,
                                    .prepared = format_date(today_utc()),
                                    .version = GFUND_VERSION,
                                    .status = &status,
                                    .donor = &donor,
                                    .simulation = &sim,
                                    .sizing_currency = plan.currency,
                                    .capital = &plan.capital,
                                    .stress = &plan.stress};
  const std::string html = (fs::path(o.out) / "dashboard.html").string();
  const std::string xlsx = (fs::path(o.out) / "dashboard.xlsx").string();
  reports::write_dashboard_html(in, html);
  reports::write_dashboard_xlsx(in, xlsx);
  const std::string donor_html = (fs::path(o.out) / "donor-summary.html").string();
  reports::HtmlOptions one_page;
  one_page.extra_css = reports::donor_summary_print_css();
  reports::write_html(reports::donor_summary(donor, in.fund_name, format_date(today_utc()), GFUND_VERSION), donor_html, one_page);
  if (o.json) {
    nlohmann::json j = reports::written_files_json("demo", format_date(as_of), {db, html, xlsx, donor_html});
    j["status"] = reports::status_json(status);
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("\nDashboard (HTML, opens offline): {}\nWorkbook (Excel):               {}\n"
                           "Donor summary (one A4 page):    {}\nLedger (SQLite):                {}\n",
                           html, xlsx, donor_html, db);
}

}  // namespace

void add_demo_verb(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo", "Run gfund end to end on the shipped synthetic fixtures");
  cmd->add_option("--fixtures", o->fixtures, "Folder with the demo CSV files (default: demo/ in gfund's data folder)");
  cmd->add_option("--out", o->out, "Folder for the demo ledger (its ledger.db is replaced)")->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "Status date (the fixtures' history ends 2023-12-31)")->capture_default_str();
  cmd->add_option("--model", o->model, "Risk model file for the simulation step (default: models/demo.toml in gfund's data folder)");
  cmd->add_option("--scenarios", o->scenarios, "Monte Carlo scenarios")->capture_default_str()->check(CLI::Range(1u, kScenariosMax));
  cmd->add_option("--seed", o->seed, "Random seed (same seed, same numbers, any thread count)")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output: the files written and the ledger's status, instead of the walk-through");
  cmd->callback([o] { run_demo(*o); });
}

}  // namespace gfund::cli
