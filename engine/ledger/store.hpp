#pragma once
// The ledger's SQLite file: opening it the safe way, its schema and the
// migrations that move an older file forward. One file per fund.
//
// Every connection: foreign_keys=ON, WAL journal, synchronous=FULL, a busy
// timeout (GFUND_BUSY_TIMEOUT_MS, default 5000 ms) so a second writer waits
// for the first before failing with BusyError.
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>

namespace gfund::ledger {

// Schema version stored in PRAGMA user_version. Version 1: reference tables,
// loans, schedules and the append-only events table. Version 2 adds the
// cached balances (loan_state, agreement_state, fund_state) that `verify`
// re-derives from events. Version 3 adds staged claim payouts (event kind
// claim_settlement, a claim's owed_minor), a restructure's new terms, and the
// claims still due in the caches. Version 4 reads a loan's same-day events
// in one documented order (kind, then id) and rebuilds the caches so.
// Version 5 adds the event chain (tamper evidence); version 6 the optional
// borrower outreach columns (gender, first_time); version 7 dated exchange
// rates (fx_rates); version 8 the meta table (key -> value: the model file
// `gfund calibrate` last wrote, see engine/ledger/ledger_meta.hpp).
inline constexpr int kSchemaVersion = 8;
// PRAGMA application_id marking a gfund ledger ("GFND").
inline constexpr int kApplicationId = 0x47464E44;

enum class Access { read_only, read_write };

// Creates a new ledger file at `path` (UsageError if it exists) with the
// fund's id and accounting currency, at schema `version` (tests create
// older versions to exercise migrations).
void create_ledger(const std::string& path, const std::string& fund_id, const std::string& currency_code,
                   int version = kSchemaVersion);

// Opens an existing ledger. NoInputError if missing; IoError if it is not a
// gfund database, was written by a newer gfund, or (read_write) cannot be
// written. A read_write open migrates an older file forward in one
// transaction; a read_only open of an older file reads an in-memory copy
// moved forward by the same migrations, and leaves the file untouched (it
// moves forward on the next write).
std::unique_ptr<SQLite::Database> open_ledger(const std::string& path, Access access);

// Busy timeout in milliseconds for write transactions.
int busy_timeout_ms();

// Runs `fn` (which may throw) and maps SQLite failures to gfund errors:
// SQLITE_BUSY -> BusyError, READONLY/IOERR/CANTOPEN/NOTADB -> IoError,
// CONSTRAINT -> DataError. `path` names the file in messages.
[[noreturn]] void rethrow_sqlite(const std::exception& e, const std::string& path);

}  // namespace gfund::ledger
