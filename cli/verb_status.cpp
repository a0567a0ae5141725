// gfund status: portfolio, arrears and fund view at a date.
#include <iostream>

#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/status.hpp"
#include "reports/ledger_text.hpp"

namespace gfund::cli {

void add_status_verb(CLI::App& app) {
  struct Opts {
    std::string db, as_of, provision_rates;
    std::vector<std::string> fx;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("status", "Portfolio, PAR, aging, claims and the fund account at a date");
  add_db_option(cmd, o->db);
  cmd->add_option("--as-of", o->as_of, "Date YYYY-MM-DD (default: the ledger's last event); events after it are ignored");
  cmd->add_flag("--json", o->json, "Machine-readable totals per fund, bank and association");
  cmd->add_option("--provision-rates", o->provision_rates,
                  "Provision % per aging bucket: current,1-30,31-60,61-90,91-180,180+ (default 1,10,25,50,75,100)");
  add_fx_option(cmd, o->fx);
  cmd->callback([o] {
    const auto rates = o->provision_rates.empty() ? ledger::default_provision_rates()
                                                  : ledger::parse_provision_rates(o->provision_rates, "--provision-rates");
    auto s = ledger::read_status(o->db, ledger_as_of(o->db, o->as_of), rates, given_fx(o->fx));
    say_fx_used(s.in_fund_currency, s.fund.currency, s.as_of);
    if (o->json) std::cout << reports::status_json(s).dump(2) << "\n";
    else std::cout << reports::status_text(s, reports::stdout_text_options());
  });
}

}  // namespace gfund::cli
