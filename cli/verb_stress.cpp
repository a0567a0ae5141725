// gfund stress: each stress scenario beside the base, and reverse stress.
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include "cli/console.hpp"
#include "cli/data_dir.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/scenario_file.hpp"
#include "engine/sizing/stress.hpp"
#include "models/errors.hpp"
#include "reports/sizing_text.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

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
    int draws_done = 0;  // reverse stress draws as many times as its bisection needs
    const sizing::ShockedDraws draw = [&](const sizing::Shocks& s) {
      try {
        const int forward = static_cast<int>(scenarios.size()) + 1, n = ++draws_done;
        return draw_with_progress(c, s, n <= forward ? fmt::format("Stress scenario {} of {}", n, forward)
                                                     : fmt::format("Reverse stress: search step {}", n - forward));
      } catch (Error& e) {
        e.locate({o->file, 0, ""});
        throw;
      }
    };
    const sizing::StressOptions so{.capital_minor = c.capital_minor, .target = c.target};
    const auto rows = sizing::run_stress(c.portfolio, draw, scenarios, c.base, so);
    std::optional<sizing::ReverseStress> reverse;
    if (o->reverse) {
      bool has_economy = false;
      for (const auto& f : c.model.factors) has_economy = has_economy || f.name == "economy";
      reverse = sizing::reverse_stress(c.portfolio, draw, c.base, so, c.draws.scenarios, rp, has_economy);
    }
    const auto view = reports::stress_view(sizing_run(c), rows, reverse);
    if (o->json) {
      std::cout << view.json.dump(2) << "\n";
      return;
    }
    for (const auto& w : c.warnings) warning(w);
    for (const auto& tb : view.tables) std::cout << reports::render_text(tb, reports::stdout_text_options()) << "\n";
  });
}

}  // namespace gfund::cli
