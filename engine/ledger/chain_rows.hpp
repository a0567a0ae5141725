#pragma once
// The events as the chain (chain.hpp) sees them: each row's canonical
// content and its stored value, in id order. Shared by the writer's side
// (chain_new_events) and verify's (check_chain), so both hash the same bytes.
#include <memory>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "engine/ledger/chain.hpp"

namespace gfund::ledger {

// SHA-256(prev || content) (OpenSSL libcrypto).
ChainValue link(const ChainValue& prev, const std::string& content);

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
