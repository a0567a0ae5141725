#pragma once
// Tamper evidence: every event row carries a SHA-256 chain value,
//   chain(e) = SHA-256(chain(previous event by id) || canonical(e)),
// starting from 32 zero bytes. canonical(e) is the event's columns and, for a
// loan's event, the loan's contract (its row in `loans`), each field written
// as "N;" (NULL) or "<length>:<text>;" (integers in decimal), so no two
// different rows share a canonical form. The last event's value is the
// ledger's seal: a fund sends it (`gfund seal`) to its donor or auditor, and
// `gfund verify --seal` later proves the history up to it is unchanged.
//
// gfund writes each value once, in the transaction that adds the event (the
// writer binds it into the event's INSERT; an older ledger gets its chain on
// its first write, in the v5 migration). The head and
// the number of chained events are also kept in fund_state, so deleting the
// newest events shows too. Without a secret key a chain cannot stop someone
// who rewrites every value after an edit: the seal sent outside can.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace gfund::ledger {

using ChainValue = std::array<unsigned char, 32>;

std::string to_hex(const ChainValue& v);
std::optional<ChainValue> chain_from_hex(std::string_view hex);  // 64 hex digits

// The v5 migration's step: chains the events a ledger held before the chain
// existed (every event after the last chained one, in id order) and stores
// the head in fund_state, inside the migration's transaction. A normal write
// chains the events it adds as it inserts them (writer), and never one it
// did not write: a row added outside gfund stays without a value, and named.
void chain_existing_events(SQLite::Database& db);

struct Seal {
  std::string fund;             // fund name (its id in `gfund init`)
  std::string currency;
  std::string last_event_date;  // YYYY-MM-DD; "" for a ledger without events
  std::int64_t events = 0;      // events chained, in id order
  ChainValue value{};           // chain value of the events-th event (zeros when none)
};

// The ledger's seal as stored (head and count in fund_state).
Seal current_seal(SQLite::Database& db);
// The short text `gfund seal` writes, and its reading back (DataError naming the line).
std::string seal_text(const Seal& s);
Seal parse_seal_text(const std::string& text);

// Recomputes the chain over every event and names each break: an event
// edited, deleted, inserted or reordered outside gfund, or newest events
// deleted (the count in fund_state is higher than the events there).
struct ChainCheck {
  std::int64_t events = 0;
  ChainValue head{};                  // recomputed over the events as they are now
  std::vector<std::string> breaks;    // empty = the chain holds
};
ChainCheck check_chain(SQLite::Database& db);

// Whether the first `seal.events` events still give `seal.value`; the
// reason when not.
std::optional<std::string> check_against_seal(SQLite::Database& db, const Seal& seal);

}  // namespace gfund::ledger
