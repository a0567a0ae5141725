// gfund calibrate: PDs from the ledger's own history, written as a model
// file that simulate, size, stress and termsheet read.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/data_dir.hpp"
#include "cli/verbs.hpp"
#include "engine/calibrate/calibrate.hpp"
#include "engine/ledger/loan_outcomes.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

namespace {

using reports::ColumnType;
using reports::Table;

Table rates_table(const std::string& what, const calibrate::ShrinkageResult& s) {
  Table t(fmt::format("Observed annual default rates by {} (shrunk toward the pooled {:.2f}%)", what, 100 * s.pooled_pd),
          {{what, ColumnType::text}, {"loans", ColumnType::integer}, {"defaults", ColumnType::integer},
           {"loan-years", ColumnType::number, "", 1}, {"observed PD", ColumnType::percent, "/yr", 2},
           {"shrunk PD", ColumnType::percent, "/yr", 2}, {"95% low", ColumnType::percent, "/yr", 2},
           {"95% high", ColumnType::percent, "/yr", 2}, {"weight on own data", ColumnType::percent, "", 0}});
  for (const auto& g : s.groups)
    t.add_row({g.key, std::int64_t{g.loans}, std::int64_t{g.defaults}, g.loan_years, g.raw_pd, g.shrunk_pd, g.low,
               g.high, g.weight});
  t.set_note(fmt::format("prior strength {:.1f} loan-years (Beta-binomial, method of moments)", s.prior_strength));
  return t;
}

nlohmann::json rates_json(const calibrate::ShrinkageResult& s) {
  nlohmann::json j = {{"pooled_pd", s.pooled_pd}, {"prior_strength", s.prior_strength}, {"groups", nlohmann::json::array()}};
  for (const auto& g : s.groups)
    j["groups"].push_back({{"key", g.key}, {"loans", g.loans}, {"defaults", g.defaults}, {"loan_years", g.loan_years},
                           {"observed_pd", g.raw_pd}, {"shrunk_pd", g.shrunk_pd}, {"low", g.low}, {"high", g.high},
                           {"weight", g.weight}});
  return j;
}

}  // namespace

void add_calibrate_verb(CLI::App& app) {
  struct Opts {
    std::string db, as_of, prior, out;  // empty prior = models/demo.toml in the data folder (cli/data_dir.hpp)
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("calibrate", "Estimate PDs from the ledger's history and write a model file");
  cmd->add_option("--db", o->db, "Ledger database")->required();
  cmd->add_option("--as-of", o->as_of, "Count loans and defaults up to this date (YYYY-MM-DD)")->required();
  cmd->add_option("--prior", o->prior, "Model file supplying what the data cannot (loadings, LGD, FX; default: models/demo.toml in gfund's data folder)");
  cmd->add_option("--out", o->out, "Model file to write (TOML)")->required();
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback([o] {
    Date as_of;
    try {
      as_of = parse_date(o->as_of);
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--as-of"});
    }
    if (o->prior.empty()) o->prior = data_file("models/demo.toml");
    calibrate::CalibrationOptions opt;
    opt.prior = risk::read_model_file(o->prior);
    const auto outcomes = ledger::read_loan_outcomes(o->db, as_of);
    const auto r = calibrate::calibrate(outcomes, opt);
    const std::string text =
        calibrate::calibrated_model_file(r, fmt::format("{} as of {} (prior: {})", o->db, o->as_of, o->prior));
    // Check it reads back before anyone relies on it, then write atomically.
    (void)risk::parse_model_toml(text, o->out);
    reports::write_file_atomically(o->out, text);

    Table coef("Logistic regression of default on attributes (IRLS)",
               {{"attribute", ColumnType::text}, {"coefficient", ColumnType::number, "log-odds", 3},
                {"std. error", ColumnType::number, "", 3}, {"z", ColumnType::number, "", 2},
                {"odds ratio", ColumnType::number, "", 2}});
    nlohmann::json jc = nlohmann::json::array();
    for (std::size_t i = 0; i < r.fit.names.size(); ++i) {
      const double b = r.fit.beta(static_cast<Eigen::Index>(i)), se = r.fit.se(static_cast<Eigen::Index>(i));
      coef.add_row({r.fit.names[i], b, se, se > 0 ? b / se : 0.0, std::exp(b)});
      jc.push_back({{"attribute", r.fit.names[i]}, {"coefficient", b}, {"se", se}});
    }
    coef.set_note(fmt::format("{} loans, {} defaults, {} iterations{}", r.fit.observations, r.fit.events,
                              r.fit.iterations, r.fit.converged ? "" : " (not converged)"));
    if (o->json) {
      nlohmann::json j = {{"model_file", o->out}, {"loans", r.loans}, {"defaults", r.defaults},
                          {"loan_years", r.loan_years}, {"by_bank", rates_json(r.by_bank)},
                          {"by_association", rates_json(r.by_association)}, {"by_sector", rates_json(r.by_sector)},
                          {"by_vintage", rates_json(r.by_vintage)}, {"logistic", jc}, {"warnings", r.warnings}};
      std::cout << j.dump(2) << "\n";
      return;
    }
    const bool color = reports::use_color_on_stdout();
    for (const auto& [what, s] : {std::pair{"bank", &r.by_bank}, {"association", &r.by_association},
                                  {"sector", &r.by_sector}, {"vintage", &r.by_vintage}})
      std::cout << reports::render_text(rates_table(what, *s), {.color = color}) << "\n";
    std::cout << reports::render_text(coef, {.color = color}) << "\n";
    for (const auto& w : r.warnings) std::cerr << "gfund: warning: " << w << "\n";
    std::cout << fmt::format("Model written to {} ({} loans, {} defaults).\n", o->out, r.loans, r.defaults);
  });
}

}  // namespace gfund::cli
