// The ledger's CSV import (engine/ledger/csv_import.cpp through the Writer),
// against a real ledger holding the demo's banks, borrowers, agreements and
// loans, as a dry run: every row is checked against the stored data and
// nothing is committed, so each input meets the same ledger.
//
// Input: a first line naming the kind of file (banks, loans, events, ...;
// see CsvKind), then the file's text. A kind ending in '/' gives the importer
// a directory holding the text instead of the file itself. An input whose
// first line is not a kind is skipped (it is not a file gfund could meet).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/store.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace gfund;
namespace fs = std::filesystem;

namespace {

struct Setup {
  fs::path dir;
  std::string db;
};

Setup* g_setup = nullptr;

void remove_setup() {
  std::error_code ec;
  fs::remove_all(g_setup->dir, ec);
}

// The demo's reference data and loans, without its repayments and events:
// enough for every kind of row to meet a rule, small enough to load per run.
void make_ledger(const std::string& db) {
  ledger::create_ledger(db, "FUZZ", "USD");
  const std::string demo = std::string(GFUND_FIXTURES_DIR) + "/demo/";
  std::vector<ledger::ImportFile> files;
  for (const char* name : {"synthetic_banks.csv", "synthetic_associations.csv", "synthetic_borrowers.csv",
                           "synthetic_agreements.csv", "synthetic_loans.csv", "synthetic_disbursements.csv"})
    files.push_back({ledger::csv_kind_from_name(name), demo + name});
  ledger::import_files(db, files, {});
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl = (fs::temp_directory_path() / "gfund-fuzz-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) fuzz::finding("setup", "mkdtemp failed");
  g_setup = new Setup{tmpl, tmpl + "/ledger.db"};
  std::atexit(remove_setup);
  make_ledger(g_setup->db);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const auto eol = input.find('\n');
  if (eol == std::string_view::npos) return 0;
  std::string_view kind_name = input.substr(0, eol);
  const bool as_directory = !kind_name.empty() && kind_name.back() == '/';
  if (as_directory) kind_name.remove_suffix(1);
  ledger::CsvKind kind;
  try {
    kind = ledger::parse_csv_kind(kind_name);
  } catch (const UsageError&) {
    return 0;
  }
  const fs::path file = g_setup->dir / "input.csv";
  std::error_code ec;
  fs::remove_all(file, ec);
  if (as_directory) fs::create_directory(file);
  write_text(as_directory ? file / "rows.csv" : file, input.substr(eol + 1));
  fuzz::refused_or_ran(
      [&] { (void)ledger::import_files(g_setup->db, {{kind, file.string()}}, {.dry_run = true}); });
  return 0;
}
