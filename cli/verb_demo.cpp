// gfund demo: build a fresh ledger from the shipped synthetic fixtures,
// replay their history and print the status. Later steps (simulation,
// reports) are added here by the engineers who own them.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"
#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "engine/ledger/verify.hpp"
#include "fixtures/generator/generate_book.hpp"

namespace gfund::cli {

void add_demo_verb(CLI::App& app) {
  struct Opts {
    std::string fixtures = GFUND_FIXTURES_DIR "/demo";
    std::string out = "gfund-demo";
    std::string as_of = "2023-12-31";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("demo", "Run gfund end to end on the shipped synthetic fixtures");
  cmd->add_option("--fixtures", o->fixtures, "Folder with the demo CSV files")->capture_default_str();
  cmd->add_option("--out", o->out, "Folder for the demo ledger (its ledger.db is replaced)")->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "Status date (the fixtures' history ends 2023-12-31)")->capture_default_str();
  cmd->callback([o] {
    namespace fs = std::filesystem;
    fs::create_directories(o->out);
    const std::string db = (fs::path(o->out) / "ledger.db").string();
    // Only our own demo ledger is replaced, with its WAL side files.
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db + ext);
    ledger::create_ledger(db, "GF-KH-DEMO", "USD");
    std::vector<ledger::ImportFile> files;
    for (const auto& name : fixtures::generated_file_names({}))
      files.push_back({ledger::csv_kind_from_name(name), (fs::path(o->fixtures) / name).string()});
    auto r = ledger::import_files(db, files, {});
    std::cout << "Synthetic demo fixtures (not real borrowers) imported into " << db << "\n";
    print_write_report(r, std::cout);
    auto v = ledger::verify_ledger(db);
    std::cout << fmt::format("verify: {} ({} loans, {} events re-derived)\n\n", v.ok() ? "ok" : "DIFFERENCES",
                             v.loans_checked, v.events_checked);
    print_status_text(ledger::read_status(db, as_of_or_today(o->as_of)), std::cout);
  });
}

}  // namespace gfund::cli
