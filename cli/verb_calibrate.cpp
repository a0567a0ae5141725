// gfund calibrate: PDs from the ledger's own history, written as a model
// file that simulate, size, stress and termsheet read.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include "cli/console.hpp"
#include "cli/data_dir.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/calibrate/calibrate.hpp"
#include "engine/ledger/ledger_meta.hpp"
#include "engine/ledger/loan_outcomes.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/calibration_text.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

void add_calibrate_verb(CLI::App& app) {
  struct Opts {
    std::string db, as_of, prior, out;  // empty prior = models/demo.toml in the data folder (cli/data_dir.hpp)
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("calibrate", "Estimate PDs from the ledger's history and write a model file");
  add_db_option(cmd, o->db, "Ledger database");
  cmd->add_option("--as-of", o->as_of, "Count loans and defaults up to this date (YYYY-MM-DD; default: the ledger's last event)");
  cmd->add_option("--prior", o->prior, "Model file supplying what the data cannot (loadings, LGD, FX; default: models/demo.toml in gfund's data folder)");
  cmd->add_option("--out", o->out, "Model file to write (TOML)")->required();
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback([o] {
    const Date as_of = ledger_as_of(o->db, o->as_of);
    if (o->prior.empty()) o->prior = data_file("models/demo.toml");
    calibrate::CalibrationOptions opt;
    opt.prior = risk::read_model_file(o->prior);
    opt.fund = ledger::ledger_fund_currency(o->db);
    const auto outcomes = ledger::read_loan_outcomes(o->db, as_of);
    const auto r = calibrate::calibrate(outcomes, opt);
    const std::string text =
        calibrate::calibrated_model_file(r, fmt::format("{} as of {} (prior: {})", o->db, format_date(as_of), o->prior));
    // Check it reads back before anyone relies on it, then write atomically.
    (void)risk::parse_model_toml(text, o->out);
    reports::write_file_atomically(o->out, text);
    // Recorded only once the file is written: the risk verbs take it when --model is not given.
    const std::string written = std::filesystem::absolute(o->out).lexically_normal().string();
    ledger::record_calibrated_model(o->db, {.path = written, .written = today_utc()});

    if (o->json) {
      std::cout << reports::calibration_json(r, written).dump(2) << "\n";
      return;
    }
    const auto on_stdout = reports::stdout_text_options();
    for (const auto& t : reports::calibration_tables(r)) std::cout << reports::render_text(t, on_stdout) << "\n";
    for (const auto& w : r.warnings) warning(w);
    std::cout << fmt::format("Model written to {} ({} loans, {} defaults); simulate, size, stress, termsheet and report "
                             "--simulate on this ledger take it when --model is not given.\n",
                             written, r.loans, r.defaults);
  });
}

}  // namespace gfund::cli
