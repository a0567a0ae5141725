// The meta table (schema v7): the ledger's calibrated model, read and
// recorded with prepared statements, both keys in one transaction.
#include "engine/ledger/ledger_meta.hpp"

#include <map>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "engine/ledger/store.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {

namespace {

std::map<std::string, std::string> read_meta(SQLite::Database& db) {
  std::map<std::string, std::string> out;
  SQLite::Statement q(db, "SELECT key, value FROM meta");
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
  return out;
}

void put_meta(SQLite::Database& db, const char* key, const std::string& value) {
  SQLite::Statement q(db, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

}  // namespace

std::optional<CalibratedModel> calibrated_model(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  std::map<std::string, std::string> meta;
  try {
    meta = read_meta(*db);
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
  const auto path = meta.find(kMetaCalibratedModelPath);
  if (path == meta.end()) return std::nullopt;
  const auto date = meta.find(kMetaCalibratedModelDate);
  const ErrorSite site{db_path, 0, std::string("meta.") + kMetaCalibratedModelDate};
  if (date == meta.end()) throw DataError("missing (it is recorded with the model's path)", site);
  CalibratedModel m{.path = path->second};
  try {
    m.written = parse_date(date->second);
  } catch (const Error& e) {
    throw DataError(e.rule(), site);
  }
  return m;
}

void record_calibrated_model(const std::string& db_path, const CalibratedModel& model) {
  GFUND_ASSERT(!model.path.empty());
  auto db = open_ledger(db_path, Access::read_write);
  try {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    put_meta(*db, kMetaCalibratedModelPath, model.path);
    put_meta(*db, kMetaCalibratedModelDate, format_date(model.written));
    tx.commit();
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
}

}  // namespace gfund::ledger
