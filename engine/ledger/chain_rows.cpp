#include "engine/ledger/chain_rows.hpp"

#include <openssl/evp.h>

#include <cstring>

#include <fmt/format.h>

#include "models/errors.hpp"

namespace gfund::ledger {
namespace {

// The event's content columns (0..26: the event's own, then its loan's
// contract; not the id, so that a row moved to another id is found where it
// came from), then its stored chain value (27) and its id (28).
constexpr const char* kRowsSql =
    "SELECT e.kind, e.source, e.ref, e.loan, e.date, e.currency, e.amount_minor, e.fund_minor, e.schedule_version, "
    "e.owed_minor, e.new_rate_ppm, e.new_term_months, e.new_schedule, l.bank, l.ref, l.borrower, l.agreement, "
    "l.currency, l.principal_minor, l.annual_rate_ppm, l.term_months, l.schedule, l.grace, l.grace_months, "
    "l.disbursed, l.first_due, l.above_rate_cap, e.chain, e.id FROM events e LEFT JOIN loans l ON l.id = e.loan";
constexpr int kContentColumns = 27;
constexpr int kChainColumn = 27;
constexpr int kIdColumn = 28;

// The row's content columns as fields, for canonical().
std::vector<ChainField> fields_of(const SQLite::Statement& row) {
  std::vector<ChainField> f;
  f.reserve(kContentColumns);
  for (int c = 0; c < kContentColumns; ++c) {
    const SQLite::Column col = row.getColumn(c);
    if (col.isNull()) f.emplace_back(std::monostate{});
    else if (col.isInteger()) f.emplace_back(col.getInt64());
    else f.emplace_back(col.getString());
  }
  return f;
}
static_assert(kContentColumns == kEventChainFields + kLoanChainFields);

}  // namespace

std::string canonical(std::span<const ChainField> fields) {
  std::string out;
  for (const auto& f : fields) {
    if (std::holds_alternative<std::monostate>(f)) {
      out += "N;";
      continue;
    }
    const std::string text = std::holds_alternative<std::int64_t>(f) ? std::to_string(std::get<std::int64_t>(f))
                                                                      : std::get<std::string>(f);
    out += std::to_string(text.size());
    out += ':';
    out += text;
    out += ';';
  }
  return out;
}

void bind_fields(SQLite::Statement& q, std::span<const ChainField> fields, int first) {
  int i = first;
  for (const auto& f : fields) {
    if (std::holds_alternative<std::monostate>(f)) q.bind(i);
    else if (std::holds_alternative<std::int64_t>(f)) q.bind(i, std::get<std::int64_t>(f));
    else q.bind(i, std::get<std::string>(f));
    ++i;
  }
}

ChainTail chain_tail(SQLite::Database& db) {
  ChainTail t;
  SQLite::Statement last(db, "SELECT chain FROM events WHERE chain IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (last.executeStep()) std::memcpy(t.value.data(), last.getColumn(0).getBlob(), t.value.size());
  t.events = db.execAndGet("SELECT sealed_events FROM fund_state WHERE id = 1").getInt64();
  return t;
}

void store_tail(SQLite::Database& db, const ChainTail& tail) {
  SQLite::Statement store(db, "UPDATE fund_state SET seal = ?, sealed_events = ? WHERE id = 1");
  store.bind(1, tail.value.data(), static_cast<int>(tail.value.size()));
  store.bind(2, tail.events);
  store.exec();
}

ChainValue link(const ChainValue& prev, const std::string& content) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ChainValue out{};
  unsigned int n = 0;
  const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, prev.data(), prev.size()) == 1 &&
                  EVP_DigestUpdate(ctx, content.data(), content.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, out.data(), &n) == 1 && n == out.size();
  EVP_MD_CTX_free(ctx);
  if (!ok) throw IoError("SHA-256 failed (OpenSSL)");
  return out;
}

namespace {
std::optional<ChainValue> stored_chain(const SQLite::Statement& row) {
  const SQLite::Column col = row.getColumn(kChainColumn);
  if (col.isNull() || col.getBytes() != 32) return std::nullopt;
  ChainValue v{};
  std::memcpy(v.data(), col.getBlob(), v.size());
  return v;
}

std::string label(const SQLite::Statement& row) {
  return fmt::format("event #{} ({} {} {})", row.getColumn(kIdColumn).getInt64(), row.getColumn(0).getString(),
                     row.getColumn(1).getString(), row.getColumn(2).getString());
}

}  // namespace

ChainRows::ChainRows(SQLite::Database& db, std::int64_t after_id)
    : rows_(std::make_unique<SQLite::Statement>(db, std::string(kRowsSql) + " WHERE e.id > ? ORDER BY e.id")) {
  rows_->bind(1, after_id);
}

std::optional<ChainRow> ChainRows::next() {
  if (!rows_->executeStep()) return std::nullopt;
  return ChainRow{rows_->getColumn(kIdColumn).getInt64(), label(*rows_), canonical(fields_of(*rows_)),
                  stored_chain(*rows_)};
}

}  // namespace gfund::ledger
