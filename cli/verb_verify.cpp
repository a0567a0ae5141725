// gfund verify: re-derive every balance from events and compare to the unit.
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/verify.hpp"
#include "reports/ledger_text.hpp"

namespace gfund::cli {

void add_verify_verb(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("verify", "Re-derive every balance from events; exit 0 only if all agree to the unit");
  add_db_option(cmd, *db);
  cmd->add_flag("--json", *json, "JSON output (the exit code is the same)");
  cmd->callback([db, json] {
    auto r = ledger::verify_ledger(*db);
    exit_status() = r.ok() ? kExitOk : kExitFailed;
    if (*json) {
      std::cout << reports::verify_report_json(r).dump(2) << "\n";
      return;
    }
    for (const auto& d : r.differences) std::cout << "DIFFERENCE: " << d << "\n";
    std::cout << (r.ok() ? "ok: " : "FAILED: ") << r.loans_checked << " loans, " << r.events_checked << " events, "
              << r.agreements_checked << " agreements and the fund balance re-derived from events; "
              << r.differences.size() << " difference(s)\n";
  });
}

}  // namespace gfund::cli
