// gfund import: load CSV files as banks send them, all in one transaction.
#include <iostream>

#include "cli/console.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "reports/ledger_text.hpp"
#include "engine/ledger/csv_import.hpp"

namespace gfund::cli {

void add_import_verb(CLI::App& app) {
  struct Opts {
    std::string db, kind;
    std::vector<std::string> files;
    bool dry_run = false, refuse = false, allow_future = false, all_notes = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "import",
      "Import CSV files (banks, associations, borrowers, agreements, loans, disbursements, repayments, events, "
      "fx_rates): all "
      "rows of all files or none; rows already stored are skipped");
  add_db_option(cmd, o->db);
  cmd->add_option("files", o->files, "CSV files; the kind is read from each name (e.g. loans.csv) unless --kind")
      ->required();
  cmd->add_option("--kind", o->kind, "What every file holds: banks, associations, borrowers, agreements, loans, "
                                     "disbursements, repayments, events, fx_rates");
  cmd->add_flag("--dry-run", o->dry_run, "Check every row and report, write nothing");
  cmd->add_flag("--refuse-above-cap", o->refuse, "Refuse loans above the 18%/yr rate cap instead of flagging them");
  add_allow_future_flag(*cmd, o->allow_future);
  cmd->add_flag("--json", o->json, "JSON output: rows added and unchanged per kind, every note");
  cmd->add_flag("--all-notes", o->all_notes, "Print every note (rate-cap flags, ...) on stderr, not the first 20");
  cmd->callback([o] {
    std::vector<ledger::ImportFile> files;
    for (const auto& f : o->files)
      files.push_back({o->kind.empty() ? ledger::csv_kind_from_name(f) : ledger::parse_csv_kind(o->kind), f});
    WriteProgressLines progress;
    auto r = ledger::import_files(o->db, files,
                                  {.dry_run = o->dry_run,
                                   .refuse_above_rate_cap = o->refuse,
                                   .latest_event_date = event_date_limit(o->allow_future),
                                   .progress = progress.hook()});
    if (o->json) std::cout << reports::write_report_json(r).dump(2) << "\n";
    else print_import_report(r, o->all_notes ? SIZE_MAX : kImportNotesShown);
  });
}

}  // namespace gfund::cli
