// gfund init: create an empty ledger file for one fund.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/store.hpp"

namespace gfund::cli {

void add_init_verb(CLI::App& app) {
  struct Opts {
    std::string db, fund = "GF", currency = "USD";
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("init", "Create an empty ledger (one SQLite file per fund)");
  add_db_option(cmd, o->db, "Ledger file to create (must not exist)");
  cmd->add_option("--fund", o->fund, "Fund id")->capture_default_str();
  cmd->add_option("--currency", o->currency, "Fund accounting currency (claims are paid in it)")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print what was created as JSON");
  cmd->callback([o] {
    ledger::create_ledger(o->db, o->fund, o->currency);
    if (o->json) {
      std::cout << nlohmann::json{{"db", o->db}, {"fund", o->fund}, {"currency", o->currency},
                                  {"schema_version", ledger::kSchemaVersion}}.dump() << "\n";
      return;
    }
    std::cout << "created ledger " << o->db << " for fund " << o->fund << " (" << o->currency << ", schema v"
              << ledger::kSchemaVersion << ")\n";
  });
}

}  // namespace gfund::cli
