#include "engine/ledger/backup.hpp"

#include <unistd.h>

#include <filesystem>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "engine/ledger/store.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {
namespace fs = std::filesystem;

namespace {
// Copies every page of `src` into `dst` in one step (one read transaction
// of the source: a consistent snapshot).
void copy_pages(SQLite::Database& src, SQLite::Database& dst, const std::string& to) {
  sqlite3_backup* b = sqlite3_backup_init(dst.getHandle(), "main", src.getHandle(), "main");
  if (!b) throw IoError(fmt::format("cannot back up into {}: {}", to, sqlite3_errmsg(dst.getHandle())));
  int rc = SQLITE_OK;
  // A writer holding the source's write lock at the start only delays the
  // first read in rollback mode; in WAL mode it never blocks this reader.
  for (int tries = 0; tries < 600; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw IoError(fmt::format("backup into {} failed: {}", to, sqlite3_errstr(rc)));
}
}  // namespace

BackupReport backup_ledger(const std::string& from, const std::string& to) {
  if (fs::exists(to)) throw UsageError(fmt::format("{}: already exists; a backup never overwrites a file", to), {.field = "--out"});
  const fs::path target(to);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw UsageError(fmt::format("folder {} does not exist (create it first)", dir.string()), {.field = "--out"});
  const std::string tmp = (dir / fmt::format(".{}.backup-{}", target.filename().string(), ::getpid())).string();
  BackupReport r;
  try {
    auto src = open_ledger(from, Access::read_only);
    {
      SQLite::Database dst(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      copy_pages(*src, dst, to);
      r.pages = dst.execAndGet("PRAGMA page_count").getInt64();
      r.events = dst.execAndGet("SELECT count(*) FROM events").getInt64();
    }
    r.bytes = static_cast<std::int64_t>(fs::file_size(tmp));
    // The page copy leaves the copy's journal files closed; a rename is atomic on one file system.
    fs::rename(tmp, target);
  } catch (const Error&) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::remove(tmp + "-wal", ec);
    fs::remove(tmp + "-shm", ec);
    throw IoError(fmt::format("backup of {} into {} failed: {}", from, to, e.what()));
  }
  return r;
}

}  // namespace gfund::ledger
