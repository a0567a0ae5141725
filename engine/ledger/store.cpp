#include "engine/ledger/store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "engine/ledger/caches.hpp"
#include "engine/ledger/chain.hpp"
#include "engine/ledger/schema.sql.hpp"
#include "engine/portfolio/input_file.hpp"
#include "models/currency.hpp"
#include "models/entities.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {
namespace {

void configure(SQLite::Database& db, bool writable) {
  db.setBusyTimeout(busy_timeout_ms());
  db.exec("PRAGMA foreign_keys = ON");
  // Up to 256 MiB of page cache: a large import's transaction then never
  // re-reads its own pages from the WAL (memory is only taken as used).
  db.exec("PRAGMA cache_size = -262144");
  if (writable) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
  }
}

int read_int_pragma(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

// "file:" URI of a path, for SQLite's URI parameters: '%', '?' and '#' (and
// anything not plain ASCII) percent-encoded, so any file name survives.
std::string file_uri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7F) uri += fmt::format("%{:02X}", c);
    else uri += static_cast<char>(c);
  }
  return uri;
}

// A WAL ledger on read-only media (a read-only mount, a folder the user
// cannot write): SQLite cannot create the shared-memory index (-shm) it
// reads WAL files through, and a read-only open fails with SQLITE_CANTOPEN.
// Nothing can change a file there, so it is read as immutable (no locks, no
// -shm), unless a -wal file beside it holds commits not yet in the main
// file: an immutable read would skip them, and show an older ledger.
void check_no_unmerged_wal(const std::string& path) {
  std::error_code ec;
  const auto wal_bytes = std::filesystem::file_size(path + "-wal", ec);
  if (!ec && wal_bytes > 0)
    throw IoError(fmt::format("{}: on read-only media with unmerged writes in {}-wal; open it once where it can be "
                              "written (any gfund verb merges them)",
                              path, path));
}

// Opens `name`, configures the connection and makes a first read: SQLite
// opens lazily, so the first read is where WAL setup fails.
std::unique_ptr<SQLite::Database> connect(const std::string& name, int flags, bool writable) {
  auto db = std::make_unique<SQLite::Database>(name, flags);
  configure(*db, writable);
  (void)read_int_pragma(*db, "application_id");
  return db;
}

std::unique_ptr<SQLite::Database> connect(const std::string& path, bool writable) {
  if (writable) return connect(path, SQLite::OPEN_READWRITE, true);
  try {
    return connect(path, SQLite::OPEN_READONLY, false);
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xFF) != SQLITE_CANTOPEN) throw;
  }
  check_no_unmerged_wal(path);
  return connect(file_uri(path) + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI, false);
}

// Applies migration steps from the file's version up to `target`, in one
// write transaction (all steps or none).
void migrate(SQLite::Database& db, int from, int target) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (int v = from + 1; v <= target; ++v) db.exec(std::string(kMigrations[static_cast<std::size_t>(v - 1)]));
  // v2 introduced the caches and v3 changed what they hold (recoveries reduce
  // a claimed loan's outstanding, claims still due): rebuild them from events.
  if (target >= 2) refresh_all_caches(db);
  if (target >= 5) chain_existing_events(db);  // an older ledger's chain is built on its first write
  db.exec(fmt::format("PRAGMA user_version = {}", target));
  tx.commit();
}

}  // namespace

int busy_timeout_ms() {
  if (const char* v = std::getenv("GFUND_BUSY_TIMEOUT_MS")) {
    int ms = std::atoi(v);
    if (ms >= 0) return ms;
  }
  return 5000;
}

void rethrow_sqlite(const std::exception& e, const std::string& path) {
  if (const auto* g = dynamic_cast<const Error*>(&e)) throw *g;
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (!s) throw IoError(fmt::format("{}: {}", path, e.what()));
  switch (s->getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw BusyError(fmt::format(
          "{}: the ledger is busy: another gfund is writing to it and did not finish within {} ms; try again when "
          "it is done",
          path, busy_timeout_ms()));
    case SQLITE_READONLY:
      throw IoError(fmt::format("{}: the ledger is read-only (check the file's and folder's permissions)", path));
    case SQLITE_NOTADB:
      throw IoError(fmt::format("{}: not a gfund database", path));
    case SQLITE_CONSTRAINT:
      throw DataError(fmt::format("{}: a ledger rule was broken: {}", path, s->what()));
    case SQLITE_FULL:
      throw IoError(fmt::format("{}: disk full", path));
    default:
      throw IoError(fmt::format("{}: {}", path, s->what()));
  }
}

void create_ledger(const std::string& path, const std::string& fund_id, const std::string& currency_code,
                   int version) {
  GFUND_ASSERT(version >= 1 && version <= kSchemaVersion);
  if (std::filesystem::exists(path))
    throw UsageError(fmt::format("{}: already exists; gfund init never overwrites a ledger", path));
  check_id(fund_id, "fund");
  Currency c = currency_from_code(currency_code);
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    configure(db, true);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (int v = 1; v <= version; ++v) db.exec(std::string(kMigrations[static_cast<std::size_t>(v - 1)]));
    SQLite::Statement ins(db, "INSERT INTO fund(id, name, currency) VALUES (1, ?, ?)");
    ins.bind(1, fund_id);
    ins.bind(2, std::string(c.code_view()));
    ins.exec();
    if (version >= 2) db.exec("INSERT INTO fund_state(id, balance_minor) VALUES (1, 0)");
    db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId));
    db.exec(fmt::format("PRAGMA user_version = {}", version));
    tx.commit();
  } catch (const std::exception& e) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // never leave a half-made ledger behind
    rethrow_sqlite(e, path);
  }
}

namespace {
std::unique_ptr<SQLite::Database> open_ledger_file(const std::string& path, Access access);

// The ledger as one consistent image (sqlite3_serialize: the committed
// state, WAL included, as the read saw it).
std::string ledger_image(const std::string& path) {
  const auto db = open_ledger_file(path, Access::read_only);
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db->getHandle(), "main", &size, 0);
  if (!bytes) throw IoError(fmt::format("{}: cannot copy the ledger into memory (out of memory?)", path));
  std::string image(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  return image;
}

// A read-only ledger whose bytes came through shared_input (the MPI ranks'
// input sharing): every process reads the same image, which one of them
// took from the file, so all see one state of the ledger.
std::unique_ptr<SQLite::Database> open_shared_image(const std::string& path) {
  const std::string image = shared_input([&] { return ledger_image(path); });
  auto mem = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!buf) throw IoError(fmt::format("{}: no memory for the ledger's image ({} bytes)", path, image.size()));
  std::memcpy(buf, image.data(), image.size());
  // The file is in WAL mode (header bytes 18 and 19 are 2): an image in
  // memory has no WAL beside it and would not open. Mark it a rollback-journal
  // database; the pages are the same.
  if (image.size() >= 100) buf[18] = buf[19] = 1;
  const int rc = sqlite3_deserialize(mem->getHandle(), "main", buf, static_cast<sqlite3_int64>(image.size()),
                                     static_cast<sqlite3_int64>(image.size()),
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) throw SQLite::Exception(mem->getHandle(), rc);
  mem->exec("PRAGMA foreign_keys = ON");
  return mem;
}
}  // namespace

std::unique_ptr<SQLite::Database> open_ledger(const std::string& path, Access access) {
  if (access == Access::read_only && input_shared()) {
    try {
      return open_shared_image(path);
    } catch (const std::exception& e) {
      rethrow_sqlite(e, path);
    }
  }
  return open_ledger_file(path, access);
}

namespace {
std::unique_ptr<SQLite::Database> open_ledger_file(const std::string& path, Access access) {
  if (!std::filesystem::exists(path)) throw NoInputError(fmt::format("{}: no such ledger (create it with gfund init)", path));
  const bool writable = access == Access::read_write;
  // A file with no write permission bit is an archived ledger: never
  // written, not even by root (who would pass access(W_OK)).
  struct stat st {};
  if (writable && (::access(path.c_str(), W_OK) != 0 || (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0222) == 0)))
    throw IoError(fmt::format("{}: the ledger is read-only (check the file's permissions)", path));
  try {
    auto db = connect(path, writable);
    if (read_int_pragma(*db, "application_id") != kApplicationId)
      throw IoError(fmt::format("{}: not a gfund database", path));
    int version = read_int_pragma(*db, "user_version");
    if (version > kSchemaVersion)
      throw IoError(fmt::format("{}: written by a newer gfund (schema version {}, this gfund knows up to {}); "
                                "upgrade gfund",
                                path, version, kSchemaVersion));
    if (version < 1) throw IoError(fmt::format("{}: not a gfund database (no schema)", path));
    if (version < kSchemaVersion) {
      if (!writable) {
        // Read through the migration without touching the file: copy it
        // into memory (SQLite's online backup, a consistent snapshot) and
        // move the copy forward. The file itself moves forward on the next
        // write (any writing verb).
        auto mem = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sqlite3_backup* b = sqlite3_backup_init(mem->getHandle(), "main", db->getHandle(), "main");
        if (!b) throw SQLite::Exception(mem->getHandle(), sqlite3_errcode(mem->getHandle()));
        int rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) throw SQLite::Exception(mem->getHandle(), rc);
        mem->exec("PRAGMA foreign_keys = ON");
        migrate(*mem, version, kSchemaVersion);
        return mem;
      }
      migrate(*db, version, kSchemaVersion);
    }
    return db;
  } catch (const std::exception& e) {
    rethrow_sqlite(e, path);
  }
}
}  // namespace

}  // namespace gfund::ledger
