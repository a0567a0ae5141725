// The ledger's meta table (schema v7): the model `gfund calibrate` last wrote
// is recorded, read back, replaced, and a bad stored value is refused with
// the key it is under; an older ledger reads "none" and moves forward on the
// first record. The seal is unchanged by it (meta is outside the chain).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "engine/ledger/ledger_meta.hpp"
#include "engine/ledger/store.hpp"
#include "ledger/ledger_test_support.hpp"
#include "models/errors.hpp"

namespace gfund::testing {
namespace {

TEST(LedgerMeta, RecordsAndReplacesTheCalibratedModel) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  EXPECT_FALSE(ledger::calibrated_model(db).has_value());
  const auto seal_before = run_gfund({"verify", "--db", db});
  ASSERT_EQ(seal_before.exit_code, 0) << seal_before.err;
  ledger::record_calibrated_model(db, {.path = "/models/a.toml", .written = d("2024-02-01")});
  ledger::record_calibrated_model(db, {.path = "/models/b.toml", .written = d("2024-03-05")});
  const auto m = ledger::calibrated_model(db);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->path, "/models/b.toml");
  EXPECT_EQ(format_date(m->written), "2024-03-05");
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM meta").getInt(), 2);
  // Outside the event chain: the ledger verifies to the same seal.
  const auto seal_after = run_gfund({"verify", "--db", db});
  EXPECT_EQ(seal_after.exit_code, 0) << seal_after.err;
  EXPECT_EQ(seal_after.out, seal_before.out);
}

TEST(LedgerMeta, ABadStoredDateIsRefusedNamingTheKey) {
  TempDir dir;
  const std::string db = make_mini_ledger(dir);
  ledger::record_calibrated_model(db, {.path = "/models/a.toml", .written = d("2024-02-01")});
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE meta SET value = 'last tuesday' WHERE key = 'calibrated_model_date'");
  }
  try {
    (void)ledger::calibrated_model(db);
    FAIL() << "a bad date was read";
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().field, "meta.calibrated_model_date") << e.what();
    EXPECT_EQ(e.site().file, db) << e.what();
  }
  // The verbs that default their model say the same and exit 65.
  const auto r = run_gfund({"simulate", "--db", db, "--scenarios", "100"});
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find("meta.calibrated_model_date"), std::string::npos) << r.err;
  // A path without its date is refused the same way.
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM meta WHERE key = 'calibrated_model_date'");
  }
  EXPECT_THROW((void)ledger::calibrated_model(db), DataError);
}

TEST(LedgerMeta, AnOlderLedgerHasNoneAndMovesForwardOnTheFirstRecord) {
  TempDir dir;
  const std::string db = dir.file("v6.db");
  ledger::create_ledger(db, "GF", "USD", 6);
  EXPECT_FALSE(ledger::calibrated_model(db).has_value());
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 6);  // read through the migration in memory
  }
  ledger::record_calibrated_model(db, {.path = "/m.toml", .written = d("2024-01-31")});
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), ledger::kSchemaVersion);
  EXPECT_EQ(ledger::calibrated_model(db)->path, "/m.toml");
  EXPECT_THROW(ledger::calibrated_model(dir.file("absent.db")), NoInputError);
}

}  // namespace
}  // namespace gfund::testing
