#pragma once
// `gfund backup`: a consistent copy of a ledger while it may be in use.
// SQLite's online backup API copies every page inside one read transaction
// of the source, so the copy is the ledger as of one commit, even while an
// import writes to it (WAL: readers and the writer do not block each other).
// The copy is written beside its target and renamed into place when whole,
// so a failed or interrupted backup leaves no half-written file.
#include <cstdint>
#include <string>

namespace gfund::ledger {

struct BackupReport {
  std::int64_t pages = 0;   // database pages copied
  std::int64_t bytes = 0;   // size of the copy
  std::int64_t events = 0;  // events in the copy
};

// UsageError if `to` exists (a backup never overwrites); NoInputError /
// IoError as open_ledger for `from`; IoError naming `to` when it cannot be written.
BackupReport backup_ledger(const std::string& from, const std::string& to);

}  // namespace gfund::ledger
