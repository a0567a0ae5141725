// gfund seal: the ledger's seal as a short text for a donor or an auditor;
// gfund backup: a consistent copy of the ledger while it may be in use.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/backup.hpp"
#include "engine/ledger/verify.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"

namespace gfund::cli {

void add_seal_verb(CLI::App& app) {
  struct Options {
    std::string db, out;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("seal", "The ledger's seal (SHA-256 head of its event chain) as a short text to send "
                                         "to a donor or auditor; `gfund verify --seal FILE` checks it later");
  add_db_option(cmd, o->db);
  cmd->add_option("--out", o->out, "Write the seal text to this file (default: standard output)");
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback([o] {
    // A seal vouches for the history: only one that verifies gets one.
    const auto v = ledger::verify_ledger(o->db);
    if (!v.ok()) {
      for (const auto& d : v.differences) std::cerr << "gfund: DIFFERENCE: " << d << "\n";
      throw DataError(fmt::format("{}: the ledger does not verify ({} difference(s)); no seal is written", o->db,
                                  v.differences.size()));
    }
    const std::string text = ledger::seal_text(v.seal);
    if (!o->out.empty()) reports::write_file_atomically(o->out, text);
    if (o->json) {
      std::cout << nlohmann::json{{"fund", v.seal.fund}, {"currency", v.seal.currency},
                                  {"last_event", v.seal.last_event_date}, {"events", v.seal.events},
                                  {"sha256", ledger::to_hex(v.seal.value)}, {"file", o->out}}
                       .dump(2)
                << "\n";
      return;
    }
    if (o->out.empty()) std::cout << text;
    else std::cout << "seal of " << v.seal.events << " events written to " << o->out << "\n";
  });
}

void add_backup_verb(CLI::App& app) {
  struct Options {
    std::string db, out;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("backup", "A consistent copy of the ledger (SQLite's online backup), also while an "
                                           "import is writing to it");
  add_db_option(cmd, o->db);
  cmd->add_option("--out", o->out, "The copy (must not exist)")->required();
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback([o] {
    const auto r = ledger::backup_ledger(o->db, o->out);
    if (o->json) {
      std::cout << nlohmann::json{{"from", o->db}, {"to", o->out}, {"pages", r.pages}, {"bytes", r.bytes},
                                  {"events", r.events}}
                       .dump(2)
                << "\n";
      return;
    }
    std::cout << "backup: " << o->db << " -> " << o->out << " (" << r.events << " events, " << r.bytes
              << " bytes); check it with: gfund verify --db " << o->out << "\n";
  });
}

}  // namespace gfund::cli
