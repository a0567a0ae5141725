// gfund verify: re-derive every balance from events and compare to the unit.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/verify.hpp"
#include "engine/portfolio/input_file.hpp"
#include "reports/ledger_text.hpp"

namespace gfund::cli {

void add_verify_verb(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("verify", "Re-derive every balance from events; exit 0 only if all agree to the unit");
  auto seal = std::make_shared<std::string>();
  add_db_option(cmd, *db);
  cmd->add_flag("--json", *json, "JSON output (the exit code is the same)");
  cmd->add_option("--seal", *seal,
                  "A seal `gfund seal` wrote (its file, or its text): also prove the history up to it unchanged");
  cmd->callback([db, json, seal] {
    std::optional<ledger::Seal> given;
    if (!seal->empty())
      given = ledger::parse_seal_text(std::filesystem::is_regular_file(*seal) ? read_input_file(*seal, "seal file")
                                                                              : *seal);
    auto r = ledger::verify_ledger(*db, given);
    exit_status() = r.ok() ? kExitOk : kExitFailed;
    if (*json) {
      std::cout << reports::verify_report_json(r).dump(2) << "\n";
      return;
    }
    for (const auto& d : r.differences) std::cout << "DIFFERENCE: " << d << "\n";
    std::cout << (r.ok() ? "ok: " : "FAILED: ") << r.loans_checked << " loans, " << r.events_checked << " events, "
              << r.agreements_checked << " agreements and the fund balance re-derived from events; "
              << r.differences.size() << " difference(s)\n"
              << "seal: sha256:" << ledger::to_hex(r.seal.value) << " (" << r.seal.events << " events"
              << (given ? fmt::format("; the history up to the given seal ({} events) {}", given->events,
                                      r.ok() ? "is unchanged" : "was checked")
                        : std::string())
              << ")\n";
  });
}

}  // namespace gfund::cli
