// Ledger throughput on a generated book (default 100,000 loans, about 1.6
// million repayment rows; GFUND_BENCH_LOANS overrides):
//   - generate: the synthetic book generator writing the CSV files;
//   - import: every file in one transaction, every row checked by replaying
//     its loan; against a naive baseline measured in the same run: the same
//     event rows inserted one autocommit transaction per row (synchronous=FULL,
//     WAL, as the ledger runs) on a slice, extrapolated per row;
//   - status, snapshot (book) and verify on the imported ledger.
// Prints rows/s for each. Run: build/bench_ledger_import
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/ledger_book.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "engine/ledger/verify.hpp"
#include "fixtures/generator/generate_book.hpp"

namespace {

namespace fs = std::filesystem;
using gfund::Date;

struct Shared {
  fs::path dir;
  std::string db;
  gfund::fixtures::GenerateOptions options;
  gfund::fixtures::GenerateSummary summary;
  std::int64_t rows = 0;  // every CSV data row imported
  Shared() {
    options.loans = 100'000;
    if (const char* v = std::getenv("GFUND_BENCH_LOANS")) options.loans = std::atoll(v);
    options.seed = 42;
    dir = fs::temp_directory_path() / fmt::format("gfund-bench-ledger-{}", ::getpid());
    fs::create_directories(dir);
    db = (dir / "ledger.db").string();
  }
  ~Shared() { fs::remove_all(dir); }
  std::vector<gfund::ledger::ImportFile> files() const {
    std::vector<gfund::ledger::ImportFile> f;
    for (const auto& n : gfund::fixtures::generated_file_names(options))
      f.push_back({gfund::ledger::csv_kind_from_name(n), (dir / "book" / n).string()});
    return f;
  }
};
Shared& shared() {
  static Shared s;
  return s;
}
const Date kAsOf = gfund::parse_date("2023-12-31");

void BM_Generate(benchmark::State& state) {
  auto& s = shared();
  for (auto _ : state) s.summary = gfund::fixtures::generate_book_files((s.dir / "book").string(), s.options);
  s.rows = s.summary.loans * 2 + s.summary.disbursements + s.summary.repayments + s.summary.events;
  state.counters["loans"] = double(s.summary.loans);
  state.counters["repayment_rows"] = double(s.summary.repayments);
  state.counters["rows/s"] = benchmark::Counter(double(s.rows), benchmark::Counter::kIsRate);
}

void BM_Import(benchmark::State& state) {
  auto& s = shared();
  std::int64_t added = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(s.db + ext);
    gfund::ledger::create_ledger(s.db, "BENCH", "USD");
    state.ResumeTiming();
    auto r = gfund::ledger::import_files(s.db, s.files(), {});
    added = 0;
    for (const auto& [k, n] : r.added) added += n;
  }
  state.counters["rows"] = double(added);
  state.counters["rows/s"] = benchmark::Counter(double(added), benchmark::Counter::kIsRate);
}

// Naive baseline: one autocommit INSERT per event row (each a durable
// transaction), no replay checks at all, on a slice; reported per row and
// extrapolated to the whole book.
void BM_NaiveAutocommitInsert(benchmark::State& state) {
  auto& s = shared();
  const std::string path = (s.dir / "naive.db").string();
  const int slice = 2000;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("CREATE TABLE events(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, ref TEXT NOT NULL, "
            "loan TEXT, date TEXT NOT NULL, amount_minor INTEGER NOT NULL, UNIQUE(source, ref)) STRICT");
    state.ResumeTiming();
    SQLite::Statement ins(db, "INSERT INTO events(kind, source, ref, loan, date, amount_minor) VALUES (?,?,?,?,?,?)");
    for (int i = 0; i < slice; ++i) {
      ins.bind(1, "repayment");
      ins.bind(2, "WING");
      ins.bind(3, fmt::format("R{}", i));
      ins.bind(4, fmt::format("WING-L{:07}", i / 16));
      ins.bind(5, "2021-06-26");
      ins.bind(6, std::int64_t{9845});
      ins.exec();
      ins.reset();
    }
  }
  state.counters["rows"] = slice;
  state.counters["rows/s"] = benchmark::Counter(double(slice), benchmark::Counter::kIsRate);
}

void BM_Status(benchmark::State& state) {
  auto& s = shared();
  for (auto _ : state) benchmark::DoNotOptimize(gfund::ledger::read_status(s.db, kAsOf));
  state.counters["loans/s"] = benchmark::Counter(double(s.summary.loans), benchmark::Counter::kIsRate);
}

void BM_Snapshot(benchmark::State& state) {
  auto& s = shared();
  std::size_t live = 0;
  for (auto _ : state) live = gfund::ledger::read_ledger_book(s.db, kAsOf).book.loans.size();
  state.counters["live_loans"] = double(live);
  state.counters["loans/s"] = benchmark::Counter(double(s.summary.loans), benchmark::Counter::kIsRate);
}

void BM_Verify(benchmark::State& state) {
  auto& s = shared();
  bool ok = false;
  for (auto _ : state) ok = gfund::ledger::verify_ledger(s.db).ok();
  if (!ok) state.SkipWithError("verify found differences");
  state.counters["verified_ok"] = ok ? 1 : 0;
  state.counters["loans/s"] = benchmark::Counter(double(s.summary.loans), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Generate)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveAutocommitInsert)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Status)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Snapshot)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
