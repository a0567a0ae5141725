// Time to build the reports of a large ledger (issue 6): a synthetic ledger
// of N loans (default 100,000; GFUND_BENCH_LOANS) is imported once (setup,
// timed but not the subject), then each step of `gfund report` is timed:
// the ledger status, the dashboard document, HTML, XLSX, CSV and JSON.
// Baseline in the same run: the naive report, every table dumped as plain
// CSV text (render_csv) with no charts, workbook or page.
// GFUND_BENCH_KEEP=DIR keeps the ledger, HTML and XLSX there for a look.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "engine/ledger/status.hpp"
#include "reports/dashboard.hpp"
#include "reports/export.hpp"
#include "reports/html_report.hpp"
#include "reports/xlsx_writer.hpp"
#include "tests/reports/synthetic_ledger.hpp"

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

int main() {
  using namespace gfund;
  int n = 100'000;
  if (const char* e = std::getenv("GFUND_BENCH_LOANS")) n = std::atoi(e);
  const char* keep = std::getenv("GFUND_BENCH_KEEP");
  // A private scratch folder, removed at the end.
  struct Scratch {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("gfund-report-bench-" + std::to_string(::getpid()));
    Scratch() { std::filesystem::create_directories(path); }
    ~Scratch() { std::filesystem::remove_all(path); }
    std::string file(const std::string& n) const { return (path / n).string(); }
  } dir;
  testing::SyntheticLedgerOptions opt{.loans = n};
  auto t0 = Clock::now();
  std::string db = testing::write_synthetic_ledger(dir.path.string(), dir.file("synthetic.db"), opt);
  std::printf("setup: generated and imported %d loans in %.2f s\n", n, since(t0));
  if (keep) std::filesystem::copy_file(db, std::string(keep) + "/synthetic.db", std::filesystem::copy_options::overwrite_existing);

  auto t = Clock::now();
  auto status = ledger::read_status(db, opt.as_of);
  double t_status = since(t);
  reports::DashboardInputs in{.fund_name = "Synthetic fund", .source = "ledger synthetic.db", .status = &status};
  t = Clock::now();
  auto doc = reports::build_dashboard(in);
  double t_doc = since(t);
  t = Clock::now();
  std::string out_dir = keep ? keep : dir.path.string();
  reports::write_html(doc, out_dir + "/dashboard.html");
  double t_html = since(t);
  t = Clock::now();
  reports::write_workbook_xlsx(doc, out_dir + "/dashboard.xlsx");
  double t_xlsx = since(t);
  t = Clock::now();
  reports::write_csv_tables(doc, dir.file("csv"));
  double t_csv = since(t);
  t = Clock::now();
  std::string json = reports::to_json(doc).dump();
  double t_json = since(t);
  // Baseline: the naive report, tables as CSV text only.
  t = Clock::now();
  std::size_t bytes = 0;
  for (const auto& [section, table] : reports::all_tables(doc)) {
    std::ostringstream s;
    reports::render_csv(*table, s);
    bytes += s.str().size();
  }
  double t_base = since(t);

  std::size_t rows = 0;
  for (const auto& [section, table] : reports::all_tables(doc)) rows += table->rows().size();
  double render = t_doc + t_html + t_xlsx;
  std::printf("ledger: %d loans, %zu claims, %zu PAR months, %zu vintages; dashboard %zu sections, %zu table rows\n", n,
              status.claims.size(), status.par_history.size(), status.vintages.size(), doc.sections.size(), rows);
  std::printf("read_status           %8.3f s\n", t_status);
  std::printf("build dashboard       %8.3f s\n", t_doc);
  std::printf("write HTML            %8.3f s  (%.0f KB)\n", t_html,
              std::filesystem::file_size(out_dir + "/dashboard.html") / 1024.0);
  std::printf("write XLSX            %8.3f s  (%.0f KB)\n", t_xlsx,
              std::filesystem::file_size(out_dir + "/dashboard.xlsx") / 1024.0);
  std::printf("write CSV (all)       %8.3f s\n", t_csv);
  std::printf("JSON (all)            %8.3f s  (%zu KB)\n", t_json, json.size() / 1024);
  std::printf("baseline: tables as CSV text only %8.3f s (%zu KB)\n", t_base, bytes / 1024);
  std::printf("report html+xlsx from status: %.3f s; with status: %.3f s = %.0f loans/s\n", render, render + t_status,
              n / (render + t_status));
  return 0;
}
