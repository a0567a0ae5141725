// gfund stress: each stress scenario beside the base, and reverse stress.
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/data_dir.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/scenario_file.hpp"
#include "engine/sizing/stress.hpp"
#include "models/errors.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

namespace {

using reports::ColumnType;
using reports::Table;

}  // namespace

void add_stress_verb(CLI::App& app) {
  struct Opts {
    SizingRequest req;
    std::string file;  // empty = scenarios/default.toml in the data folder (cli/data_dir.hpp)
    bool reverse = false, json = false;
    std::string reverse_probability = "1%";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("stress", "Stress scenarios beside the base; reverse stress");
  add_sizing_options(cmd, o->req);
  cmd->add_option("--scenario-file", o->file, "Stress scenarios (.toml / .json; docs/scenarios-file.md; default: scenarios/default.toml in gfund's data folder)");
  cmd->add_flag("--reverse", o->reverse, "Also find the PD multiplier and economy factor at which the fund exhausts");
  cmd->add_option("--reverse-probability", o->reverse_probability, "Reverse stress: exhaustion probability to reach")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output (amounts in minor units of the fund currency)");
  cmd->callback([o] {
    if (o->file.empty()) o->file = data_file("scenarios/default.toml");
    const auto scenarios = sizing::read_scenarios_file(o->file);
    double rp = 0;
    try {
      rp = parse_ratio(o->reverse_probability).to_double();
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--reverse-probability"});
    }
    if (rp <= 0 || rp >= 1) throw UsageError("must be in (0, 100%)", {.field = "--reverse-probability"});
    auto c = load_sizing(o->req);
    const std::string cur(c.portfolio.currency.code_view());
    const sizing::ShockedDraws draw = [&](const sizing::Shocks& s) {
      try {
        return sizing::draw_defaults_risk(c.portfolio, c.model, s, c.draws, &c.warnings);
      } catch (Error& e) {
        e.locate({o->file, 0, ""});
        throw;
      }
    };
    const sizing::StressOptions so{.capital_minor = c.capital_minor, .target = c.target};
    const auto rows = sizing::run_stress(c.portfolio, draw, scenarios, c.base, so);
    Table t(fmt::format("Stress scenarios beside the base (capital {})", format_money(Money(c.portfolio.currency, c.capital_minor))),
            {{"scenario", ColumnType::text}, {"expected loss", ColumnType::money, cur},
             {"expected net claims", ColumnType::money, cur}, {"VaR 99%", ColumnType::money, cur},
             {"ES 99%", ColumnType::money, cur}, {"P(exhaustion)", ColumnType::percent, "", 2},
             {"required capital", ColumnType::money, cur}, {"x base", ColumnType::number, "", 2}});
    const double base_capital = rows.front().summary.required_capital_minor.value;
    nlohmann::json j;
    j["currency"] = cur;
    j["seed"] = c.draws.seed;
    j["scenarios"] = c.draws.scenarios;
    j["target"] = sizing::describe(c.target);
    j["capital_available_minor"] = c.capital_minor;
    j["rows"] = nlohmann::json::array();
    for (const auto& r : rows) {
      const auto& s = r.summary;
      t.add_row({r.scenario, money_of(c, s.expected_loss_minor), money_of(c, s.expected_net_minor.value),
                 money_of(c, s.var_net_minor.value), money_of(c, s.es_net_minor.value), s.exhaustion_probability.value,
                 money_of(c, s.required_capital_minor.value),
                 base_capital > 0 ? s.required_capital_minor.value / base_capital : 0.0});
      j["rows"].push_back({{"scenario", r.scenario}, {"description", r.description},
                           {"expected_loss_minor", s.expected_loss_minor},
                           {"expected_net_minor", s.expected_net_minor.value},
                           {"var99_net_minor", s.var_net_minor.value}, {"es99_net_minor", s.es_net_minor.value},
                           {"exhaustion_probability", s.exhaustion_probability.value},
                           {"exhaustion_low", s.exhaustion_probability.low},
                           {"exhaustion_high", s.exhaustion_probability.high},
                           {"required_capital_minor", s.required_capital_minor.value},
                           {"required_capital_low_minor", s.required_capital_minor.low},
                           {"required_capital_high_minor", s.required_capital_minor.high}});
    }
    std::string notes;
    for (const auto& r : rows) notes += fmt::format("{}: {}\n", r.scenario, r.description);
    t.set_note(notes + "required capital for " + sizing::describe(c.target) + ". " + provenance(c));
    std::vector<Table> tables{std::move(t)};

    if (o->reverse) {
      bool has_economy = false;
      for (const auto& f : c.model.factors) has_economy = has_economy || f.name == "economy";
      const auto rv = sizing::reverse_stress(c.portfolio, draw, c.base, so, c.draws.scenarios, rp, has_economy);
      Table r(fmt::format("Reverse stress: what exhausts capital {} with probability {:g}%",
                          format_money(Money(c.portfolio.currency, c.capital_minor)), rp * 100),
              {{"shock", ColumnType::text}, {"value", ColumnType::number, "", 2}, {"95% range", ColumnType::text},
               {"meaning", ColumnType::text}});
      r.add_row({std::string("PD multiplier (all loans)"), rv.pd_multiplier,
                 fmt::format("{:.2f} .. {:.2f}", rv.pd_multiplier_low, rv.pd_multiplier_high),
                 rv.pd_already  ? std::string("already reached at 0.05x")
                 : !rv.pd_reached ? std::string("not reached even at 50x")
                                  : fmt::format("default rates x{:.2f} exhaust the fund with P >= {:g}%", rv.pd_multiplier,
                                                rp * 100)});
      j["reverse"] = {{"probability", rp}, {"pd_multiplier", rv.pd_multiplier}, {"pd_multiplier_low", rv.pd_multiplier_low},
                      {"pd_multiplier_high", rv.pd_multiplier_high}, {"pd_reached", rv.pd_reached}};
      if (rv.factor_searched) {
        const double freq = rv.economy_factor_probability;
        r.add_row({std::string("economy factor fixed at"), rv.economy_factor, std::string(),
                   !rv.factor_reached ? std::string("not reached within [-6, 3]")
                                      : fmt::format("a year this bad or worse: probability {:.2f}% (1 in {:.0f})",
                                                    100 * freq, 1 / freq)});
        j["reverse"]["economy_factor"] = rv.economy_factor;
        j["reverse"]["economy_factor_probability"] = freq;
        j["reverse"]["factor_reached"] = rv.factor_reached;
      }
      r.set_note(provenance(c));
      tables.push_back(std::move(r));
    }
    if (o->json) {
      j["warnings"] = c.warnings;
      j["tables"] = nlohmann::json::array();
      for (const auto& tb : tables) j["tables"].push_back(reports::to_json(tb));
      std::cout << j.dump(2) << "\n";
      return;
    }
    for (const auto& w : c.warnings) std::cerr << "gfund: warning: " << w << "\n";
    for (const auto& tb : tables) std::cout << reports::render_text(tb, {.color = reports::use_color_on_stdout()}) << "\n";
  });
}

}  // namespace gfund::cli
