// gfund snapshot: write the as-of book (one row a live loan) the risk engine reads.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/console.hpp"
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/ledger_book.hpp"
#include "models/errors.hpp"
#include "reports/atomic_file.hpp"

namespace gfund::cli {

void add_snapshot_verb(CLI::App& app) {
  struct Opts {
    std::string db, as_of, out;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("snapshot", "Write the book at a date: one row per live loan (CSV)");
  add_db_option(cmd, o->db);
  cmd->add_option("--as-of", o->as_of, "Date YYYY-MM-DD (default: the ledger's last event)");
  cmd->add_option("--out", o->out, "Output CSV file (default: standard output)");
  cmd->add_flag("--json", o->json, "With --out: print what was written as JSON");
  cmd->callback([o] {
    if (o->json && o->out.empty()) throw UsageError("needs --out (the CSV would share standard output)", {.field = "--json"});
    auto lb = ledger::read_ledger_book(o->db, ledger_as_of(o->db, o->as_of));
    if (o->out.empty()) {
      write_book_csv(lb.book, std::cout);
      return;
    }
    reports::write_stream_atomically(o->out, [&](std::ostream& f) { write_book_csv(lb.book, f); });
    if (o->json) {
      std::cout << nlohmann::json{{"out", o->out}, {"as_of", format_date(lb.book.as_of)}, {"loans", lb.book.loans.size()}}.dump()
                << "\n";
      return;
    }
    notice(fmt::format("wrote {} live loans at {} to {}", lb.book.loans.size(), format_date(lb.book.as_of), o->out));
  });
}

}  // namespace gfund::cli
