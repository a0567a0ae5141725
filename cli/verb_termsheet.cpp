// gfund termsheet: candidate terms for one bank side by side, on one set of
// drawn defaults, in the terminal and as Markdown / HTML to hand over.
#include <iostream>

#include <fmt/format.h>
#include "cli/console.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "models/limits.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "engine/sizing/termsheet.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"
#include "reports/html_report.hpp"
#include "reports/sizing_text.hpp"
#include "reports/sizing_views.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

void add_termsheet_verb(CLI::App& app) {
  struct Opts {
    SizingRequest req;
    std::string bank, association, markdown_path, html_path, cost_loading = "20%", terms;
    double volume_max = 4.0, volume = 1.0;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("termsheet", "Candidate guarantee terms for one bank side by side (terminal, Markdown, HTML)");
  add_sizing_options(cmd, o->req);
  cmd->add_option("--bank", o->bank, "Bank id")->required();
  cmd->add_option("--association", o->association, "Only the agreement for this association's members");
  cmd->add_option("--markdown", o->markdown_path, "Also write the term sheet as Markdown to this file");
  cmd->add_option("--html", o->html_path, "Also write the term sheet as a self-contained HTML page");
  cmd->add_option("--cost-loading", o->cost_loading, "Break-even fee: cost loading on expected claims")->capture_default_str();
  cmd->add_option("--volume-max", o->volume_max, "Most lending: search up to this multiple of the plan")->capture_default_str();
  cmd->add_option("--terms", o->terms,
                  "Proposed terms beside the current ones instead of the standard options: name=value,... "
                  "(coverage, structure, per_loan_cap, portfolio_cap, portfolio_cap_rate, fee, lock_in_months, "
                  "payout_at_claim; ratios as fractions, amounts in major units, none lifts a cap)");
  cmd->add_option("--volume", o->volume, "The bank's planned lending x this (with --plan)")->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON output (amounts in minor units of the fund currency)");
  cmd->callback([o] {
    double loading = 0;
    try {
      loading = parse_ratio(o->cost_loading).to_double();
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--cost-loading"});
    }
    if (o->volume_max < 1 || o->volume_max > kVolumeMultiplierMax)
      throw UsageError(fmt::format("must be in 1..{:g}", kVolumeMultiplierMax), {.field = "--volume-max"});
    sizing::TermsheetAsk ask{.bank = o->bank, .association = o->association, .cost_loading = loading,
                             .bank_volume = o->volume};
    try {
      ask.changes = parse_term_changes(o->terms);
    } catch (const Error& e) {
      throw UsageError(e.rule(), {.field = "--terms"});
    }
    auto req = o->req;
    req.volume_max = o->volume_max;
    auto c = load_sizing(req);
    const auto draws = draw_with_progress(c, sizing::Shocks{}, "Drawing defaults");
    sizing::Termsheet ts;
    try {
      ts = sizing::termsheet_for(c.portfolio, draws, c.base, c.capital_minor, c.target, ask);
    } catch (const DataError& e) {  // a proposed term the terms refuse: a bad --terms value
      throw UsageError(fmt::format("{}: {}", e.site().field, e.rule()), {.field = "--terms"});
    }
    const auto t = reports::termsheet_table(sizing_run(c), ts);
    // The handed-over documents share the dashboard's look (reports/).
    if (!o->markdown_path.empty() || !o->html_path.empty()) {
      // Bank-facing: no file path or model name on it (the terminal table above carries the provenance).
      const auto doc = reports::termsheet_document(ts, c.portfolio.currency);
      if (!o->markdown_path.empty()) reports::write_file_atomically(o->markdown_path, reports::render_markdown(doc));
      if (!o->html_path.empty())
        reports::write_file_atomically(o->html_path, reports::render_html(doc, {.extra_css = reports::termsheet_css()}));
    }
    if (o->json) {
      std::cout << reports::termsheet_json(sizing_run(c), t).dump(2) << "\n";
      return;
    }
    for (const auto& w : c.warnings) warning(w);
    std::cout << reports::render_text(t, reports::stdout_text_options()) << "\n";
  });
}

}  // namespace gfund::cli
