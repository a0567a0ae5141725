// Tamper evidence (engine/ledger/chain.hpp): rows edited, deleted, inserted
// and reordered with the sqlite3 shell (triggers dropped first, as someone
// working outside gfund would) are each found and named by `verify`; a seal
// proves the history up to it; an older ledger gets its chain on its first
// write; `gfund backup` copies a ledger while an import writes to it, and the
// copy verifies.
#include <signal.h>

#include <filesystem>
#include <regex>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "engine/ledger/chain.hpp"
#include "engine/ledger/store.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

// SQL through the sqlite3 shell, with the ledger's guards (append-only
// triggers) dropped first.
void tamper(const std::string& db, const std::string& sql) {
  const auto r = run_shell("sqlite3 '" + db +
                           "' \"DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; "
                           "DROP TRIGGER IF EXISTS events_chain_once; " +
                           sql + "\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

std::int64_t event_count(const std::string& db) {
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  return raw.execAndGet("SELECT count(*) FROM events").getInt64();
}

// The mini ledger (4 events) and three repayments more.
std::string ledger_with_repayments(const TempDir& dir) {
  const std::string db = make_mini_ledger(dir);
  for (const auto& [loan, date] : {std::pair{"L1", "2024-02-10"}, {"L2", "2024-02-15"}, {"L1", "2024-03-10"}}) {
    const auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", loan, "--ref",
                              std::string("R-") + loan + "-" + date, "--date", date, "--amount", "50.00"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  return db;
}

// verify's output after `sql`, on a fresh ledger; it must fail.
std::string verify_after(const std::string& sql) {
  TempDir dir;
  const std::string db = ledger_with_repayments(dir);
  EXPECT_GE(event_count(db), 7);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  tamper(db, sql);
  const auto r = run_gfund({"verify", "--db", db});
  EXPECT_NE(r.exit_code, 0) << r.out;
  return r.out;
}

TEST(LedgerChain, AnIntactLedgerVerifiesAndPrintsItsSeal) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  const auto v = run_gfund({"verify", "--db", db});
  ASSERT_EQ(v.exit_code, 0) << v.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(v.out, m, std::regex("seal: sha256:([0-9a-f]{64}) \\((\\d+) events")));
  EXPECT_EQ(std::stoll(m[2]), event_count(db));
  const auto s = run_gfund({"status", "--db", db});
  EXPECT_NE(s.out.find("Seal: sha256:" + m[1].str()), std::string::npos) << "status prints the same seal";
  // Every event carries its value.
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM events WHERE length(chain) = 32").getInt64(), event_count(db));
}

TEST(LedgerChain, AnEditedRowIsNamed) {
  const auto out = verify_after("UPDATE events SET amount_minor = amount_minor + 100 WHERE id = 3;");
  EXPECT_NE(out.find("event #3 ("), std::string::npos) << out;
  EXPECT_NE(out.find("edited outside gfund"), std::string::npos) << out;
}

TEST(LedgerChain, AnEditedLoanContractIsNamed) {
  const auto out = verify_after("UPDATE loans SET principal_minor = principal_minor + 1 WHERE id = 1;");
  EXPECT_NE(out.find("edited outside gfund (its content, or its loan's contract"), std::string::npos) << out;
}

TEST(LedgerChain, ADeletedRowIsNamed) {
  const auto out = verify_after("DELETE FROM events WHERE id = 3;");
  EXPECT_NE(out.find("events #3..#3 are missing: deleted outside gfund"), std::string::npos) << out;
}

TEST(LedgerChain, DeletedNewestRowsAreNamed) {
  const auto out = verify_after("DELETE FROM events WHERE id = (SELECT max(id) FROM events);");
  EXPECT_NE(out.find("the newest events are missing"), std::string::npos) << out;
}

TEST(LedgerChain, ARowAddedWithoutAChainValueIsNamed) {
  const auto out = verify_after(
      "INSERT INTO events(kind, source, ref, loan, date, currency, amount_minor) SELECT kind, source, ref || '-x', "
      "loan, date, currency, 1 FROM events WHERE kind = 'repayment' LIMIT 1;");
  EXPECT_NE(out.find("no chain value: added outside gfund"), std::string::npos) << out;
}

// A later write chains its own events only: the row added outside gfund
// keeps no value and is still named, and the events after it verify.
TEST(LedgerChain, AWriteNeverBlessesARowAddedOutsideGfund) {
  TempDir dir;
  const std::string db = ledger_with_repayments(dir);
  tamper(db,
         "INSERT INTO events(kind, source, ref, loan, date, currency, amount_minor) SELECT kind, source, ref || '-x', "
         "loan, date, currency, 1 FROM events WHERE kind = 'repayment' LIMIT 1;");
  const auto more = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L2", "--ref", "AFTER-1", "--date",
                               "2024-04-15", "--amount", "10.00"});
  ASSERT_EQ(more.exit_code, 0) << more.err;
  const auto v = run_gfund({"verify", "--db", db});
  EXPECT_NE(v.out.find("no chain value: added outside gfund"), std::string::npos) << v.out;
  EXPECT_EQ(v.out.find("AFTER-1"), std::string::npos) << "gfund's own event verifies:\n" << v.out;
}

TEST(LedgerChain, ARowInsertedInTheMiddleIsNamed) {
  // Later rows renumbered to make room at #3, then a row with a made-up value put there.
  const auto out = verify_after(
      "UPDATE events SET id = id + 1000 WHERE id >= 3; UPDATE events SET id = id - 999 WHERE id >= 1000; "
      "INSERT INTO events(id, kind, source, ref, loan, date, currency, amount_minor, chain) SELECT 3, kind, source, "
      "ref || '-x', loan, date, currency, 5, randomblob(32) FROM events WHERE id = 2;");
  EXPECT_NE(out.find("event #3 ("), std::string::npos) << out;
  EXPECT_NE(out.find("inserted outside gfund"), std::string::npos) << out;
}

TEST(LedgerChain, ReorderedRowsAreNamed) {
  const auto out = verify_after(
      "UPDATE events SET id = -3 WHERE id = 3; UPDATE events SET id = 3 WHERE id = 4; "
      "UPDATE events SET id = 4 WHERE id = -3;");
  EXPECT_NE(out.find("and event #3 ("), std::string::npos) << out;
  EXPECT_NE(out.find("reordered outside gfund (each in the other's place)"), std::string::npos) << out;
  EXPECT_EQ(out.find("edited outside gfund"), std::string::npos) << "a move is not an edit:\n" << out;
}

TEST(LedgerChain, RowsMovedFarApartAreNamedReordered) {
  const auto out = verify_after(
      "UPDATE events SET id = -2 WHERE id = 2; UPDATE events SET id = 2 WHERE id = 6; "
      "UPDATE events SET id = 6 WHERE id = -2;");
  EXPECT_NE(out.find("events reordered outside gfund: event #2 ("), std::string::npos) << out;
  EXPECT_NE(out.find("event #6 ("), std::string::npos) << out;
  EXPECT_EQ(out.find("edited outside gfund"), std::string::npos) << "a move is not an edit:\n" << out;
}

TEST(LedgerChain, ASealProvesTheHistoryUpToItUnchanged) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  ASSERT_EQ(run_gfund({"seal", "--db", db, "--out", dir.file("seal.txt")}).exit_code, 0);
  const std::string seal = read_file(dir.file("seal.txt"));
  EXPECT_NE(seal.find("events: " + std::to_string(event_count(db))), std::string::npos) << seal;
  // New events after the seal: the history up to it is still what it was.
  const auto more = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "LATE-1", "--date",
                               "2024-06-10", "--amount", "10.00"});
  ASSERT_EQ(more.exit_code, 0) << more.err;
  auto v = run_gfund({"verify", "--db", db, "--seal", dir.file("seal.txt")});
  EXPECT_EQ(v.exit_code, 0) << v.out;
  EXPECT_NE(v.out.find("is unchanged"), std::string::npos) << v.out;
  // The seal's text itself works as well as its file.
  EXPECT_EQ(run_gfund({"verify", "--db", db, "--seal", seal}).exit_code, 0);
  // An edit before the seal, its chain values rewritten so the chain itself holds: the seal catches it.
  // (Someone who knows the algorithm recomputes every value after the edit: gfund's own function does it here.)
  tamper(db, "UPDATE events SET ref = ref || 'x' WHERE id = 2; UPDATE events SET chain = NULL;"
             "UPDATE fund_state SET sealed_events = 0, seal = NULL;");
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    ledger::chain_existing_events(raw);
  }
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0) << "the rewritten chain holds on its own";
  v = run_gfund({"verify", "--db", db, "--seal", dir.file("seal.txt")});
  EXPECT_NE(v.exit_code, 0);
  EXPECT_NE(v.out.find("seal: the first"), std::string::npos) << v.out;
  // And a ledger that does not verify gets no seal.
  tamper(db, "UPDATE events SET amount_minor = amount_minor + 1 WHERE id = 4;");
  const auto refused = run_gfund({"seal", "--db", db});
  EXPECT_EQ(refused.exit_code, 65) << refused.err;
  EXPECT_NE(refused.err.find("does not verify"), std::string::npos) << refused.err;
}

TEST(LedgerChain, BadSealTextIsRefusedWithTheRule) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  const auto r = run_gfund({"verify", "--db", db, "--seal", "events: 3\nseal: sha256:abc\n"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("64 hex digits"), std::string::npos) << r.err;
}

// A ledger written before the chain (schema v4): its first write builds it
// (and migrates it on to the current schema).
TEST(LedgerChain, AnOlderLedgerGetsItsChainOnItsFirstWrite) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  tamper(db,
         "DROP TABLE meta; DROP TABLE fx_rates; ALTER TABLE borrowers DROP COLUMN gender; ALTER TABLE borrowers DROP COLUMN first_time; "
         "ALTER TABLE events DROP COLUMN chain; ALTER TABLE fund_state DROP COLUMN seal; "
         "ALTER TABLE fund_state DROP COLUMN sealed_events; CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
         "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END; CREATE TRIGGER events_no_delete BEFORE DELETE ON "
         "events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END; PRAGMA user_version = 4;");
  // Read-only, it verifies through the migration in memory and stays at v4.
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 4);
  }
  ASSERT_EQ(run_gfund({"import", "--db", db, dir.file("banks.csv")}).exit_code, 0);
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), ledger::kSchemaVersion);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM events WHERE chain IS NULL").getInt64(), 0);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

TEST(LedgerBackup, CopiesWhileAnImportWritesAndTheCopyVerifies) {
  TempDir dir;
  fixtures::GenerateOptions o;
  o.loans = 3000;
  o.seed = 11;
  fixtures::generate_book_files(dir.file("book"), o);
  const std::string db = dir.file("live.db");
  ASSERT_EQ(run_gfund({"init", "--db", db}).exit_code, 0);
  std::vector<std::string> args{"import", "--db", db};
  for (const auto& f : fixtures::generated_file_names({})) args.push_back(dir.file("book") + "/" + f);
  const int pid = spawn_gfund(args);
  int copies = 0;
  for (; copies < 6; ++copies) {
    const std::string copy = dir.file("copy" + std::to_string(copies) + ".db");
    const auto b = run_gfund({"backup", "--db", db, "--out", copy});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const auto v = run_gfund({"verify", "--db", copy});
    EXPECT_EQ(v.exit_code, 0) << "copy " << copies << ":\n" << v.out;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_EQ(wait_child(pid), 0);
  // After the import, a copy holds every event, and a backup never overwrites.
  const std::string last = dir.file("last.db");
  ASSERT_EQ(run_gfund({"backup", "--db", db, "--out", last}).exit_code, 0);
  EXPECT_EQ(event_count(last), event_count(db));
  const auto again = run_gfund({"backup", "--db", db, "--out", last});
  EXPECT_EQ(again.exit_code, 64);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  const auto no_folder = run_gfund({"backup", "--db", db, "--out", dir.file("nowhere/x.db")});
  EXPECT_EQ(no_folder.exit_code, 64);
  EXPECT_FALSE(std::filesystem::exists(dir.file("nowhere")));
}

}  // namespace
}  // namespace gfund::testing
