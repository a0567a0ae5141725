#pragma once
// Cached balances (schema v2): per-loan totals, per-agreement enrolled
// volume and claims, the fund balance. They exist so a finance officer can
// query the file directly; they are always re-derivable from events, and
// `gfund verify` checks they are.
#include <cstdint>
#include <span>

#include <SQLiteCpp/Database.h>

#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {

// Rewrites the cache rows of the loans at `loan_indices` (indices into
// data.loans), and all agreement and fund rows, from `data`.
void write_caches(SQLite::Database& db, const LedgerData& data, std::span<const std::size_t> loan_indices);
// Loads the ledger and rewrites every cache row (used by migration to v2).
void refresh_all_caches(SQLite::Database& db);

}  // namespace gfund::ledger
