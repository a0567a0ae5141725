// gfund serve: the live negotiation explorer. Loads the book once, draws the
// defaults once per as-of date, and answers each change of terms on a local
// page (server/) by re-aggregating claims on those draws.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/console.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/sizing_inputs.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/status.hpp"
#include "engine/sizing/risk_draws.hpp"
#include "models/errors.hpp"
#include "models/limits.hpp"
#include "reports/dashboard.hpp"
#include "reports/html_report.hpp"
#include "server/http_server.hpp"

namespace gfund::cli {

namespace {

struct ServeOpts {
  SizingRequest req;
  std::string listen = "127.0.0.1", cost_loading = "20%", fund_name = "Guarantee fund";
  int port = 0;
  double volume_max = 4.0;
};

// The quotes' inputs at an as-of date: the request's, at that date.
server::QuoteService::Loader quote_loader(const SizingRequest& base) {
  return [base](const std::string& as_of) {
    SizingRequest r = base;
    if (!as_of.empty()) r.as_of = as_of;
    auto c = std::make_shared<SizingContext>(load_sizing(r));
    auto b = std::make_unique<server::QuoteBasis>();
    b->draws = sizing::draw_defaults_risk(c->portfolio, c->model, sizing::Shocks{}, c->draws, &c->warnings);
    b->as_of = format_date(c->portfolio.as_of);
    b->portfolio = &c->portfolio;
    b->base = &c->base;
    b->capital_minor = c->capital_minor;
    b->target = c->target;
    b->horizon_months = c->model.horizon_months;
    b->method = c->draws.importance ? "importance" : "plain";
    b->provenance = provenance(*c);
    b->warnings = c->warnings;
    b->inputs = std::move(c);
    return b;
  };
}

// The dashboard `gfund report` writes, for the ledger at a date.
server::DashboardSource dashboard_source(const std::string& db, const std::string& default_as_of,
                                         const std::string& fund_name) {
  return [=](const std::string& as_of) {
    if (db.empty()) throw UsageError("the dashboard needs a ledger: start gfund serve with --db", {.field = "as_of"});
    const Date d = ledger_as_of(db, as_of.empty() ? default_as_of : as_of);
    const ledger::LedgerStatus status = ledger::read_status(db, d);
    reports::DashboardInputs in;
    in.fund_name = fund_name;
    in.source = "ledger " + std::filesystem::path(db).filename().string();
    in.status = &status;
    return reports::render_html(reports::build_dashboard(in));
  };
}

bool loopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

void run_serve(const ServeOpts& o) {
  server::ServeOptions so{.host = o.listen, .port = o.port, .token = server::new_token()};
  try {
    so.cost_loading = parse_ratio(o.cost_loading).to_double();
  } catch (const Error& e) {
    throw UsageError(e.rule(), {.field = "--cost-loading"});
  }
  if (o.port < 0 || o.port > 65535) throw UsageError("must be in 0..65535 (0 = any free port)", {.field = "--port"});
  if (o.volume_max < 1 || o.volume_max > kVolumeMultiplierMax)
    throw UsageError(fmt::format("must be in 1..{:g}", kVolumeMultiplierMax), {.field = "--volume-max"});
  SizingRequest req = o.req;
  req.volume_max = o.volume_max;
  server::QuoteService quotes(quote_loader(req));
  const auto first = quotes.basis("");  // draw before serving: the first answer is quick, bad input fails here
  for (const auto& w : first->warnings) warning(w);
  std::cerr << fmt::format("gfund: {} scenarios drawn in {:.1f} s; {}\n", first->draws.scenarios, first->draw_seconds,
                           first->provenance);
  if (!loopback(o.listen))
    std::cerr << "gfund: warning: listening on " << o.listen
              << ": anyone who can reach this address and has the URL's token can read the fund's figures\n";
  std::cerr << "gfund: open the URL below; Ctrl-C stops the server\n";
  exit_status() = server::serve(quotes, dashboard_source(req.db_path, first->as_of, o.fund_name), so, std::cout);
}

}  // namespace

void add_serve_verb(CLI::App& app) {
  auto o = std::make_shared<ServeOpts>();
  o->req.scenarios = 20'000;
  auto* cmd = app.add_subcommand("serve", "A local page to negotiate terms live: move the terms, see the fund's answer");
  add_sizing_options(cmd, o->req);
  cmd->add_option("--port", o->port, "TCP port (0 = any free port)")->capture_default_str();
  cmd->add_option("--listen", o->listen, "Address to listen on (anything but loopback is warned about)")
      ->capture_default_str();
  cmd->add_option("--cost-loading", o->cost_loading, "Break-even fee: cost loading on expected claims")->capture_default_str();
  cmd->add_option("--volume-max", o->volume_max, "Planned lending: the page's slider and the most-lending search go up to this multiple")
      ->capture_default_str();
  cmd->add_option("--fund-name", o->fund_name, "Name under the dashboard's title")->capture_default_str();
  cmd->callback([o] { run_serve(*o); });
}

}  // namespace gfund::cli
