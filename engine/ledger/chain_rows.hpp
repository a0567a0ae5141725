#pragma once
// The events as the chain (chain.hpp) sees them: each row's canonical
// content and its stored value, in id order. Shared by the writer's side
// (the writer, chain_existing_events) and verify's (check_chain), so both
// hash the same bytes.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "engine/ledger/chain.hpp"

namespace gfund::ledger {

// SHA-256(prev || content) (OpenSSL libcrypto).
ChainValue link(const ChainValue& prev, const std::string& content);

// One column's value as stored: NULL, an integer or a text.
using ChainField = std::variant<std::monostate, std::int64_t, std::string>;
inline constexpr std::size_t kEventChainFields = 13;  // kind .. new_schedule, in the events table's order
inline constexpr std::size_t kLoanChainFields = 14;   // bank .. above_rate_cap, in the loans table's order
// The canonical form of an event's fields followed by its loan's (NULLs for
// a fund event): "N;" for NULL, "<length>:<text>;" otherwise, integers in
// decimal. The writer builds it from the values it inserts, verify from the
// values it reads: the same bytes, by this one function.
std::string canonical(std::span<const ChainField> fields);
// Binds fields to ?first, ?first+1, ... of `q`.
void bind_fields(SQLite::Statement& q, std::span<const ChainField> fields, int first = 1);

// The chain's end as stored: the last chained event's value and how many
// events are chained; and storing it back (fund_state) after a write.
struct ChainTail {
  ChainValue value{};
  std::int64_t events = 0;
};
ChainTail chain_tail(SQLite::Database& db);
void store_tail(SQLite::Database& db, const ChainTail& tail);

struct ChainRow {
  std::int64_t id = 0;
  std::string label;                  // "event #12 (repayment WING R-1)"
  std::string content;                // canonical form
  std::optional<ChainValue> stored;   // none: NULL (or not 32 bytes)
};

// Events with id > after_id, in id order, one at a time.
class ChainRows {
 public:
  explicit ChainRows(SQLite::Database& db, std::int64_t after_id = 0);
  std::optional<ChainRow> next();

 private:
  std::unique_ptr<SQLite::Statement> rows_;
};

}  // namespace gfund::ledger
