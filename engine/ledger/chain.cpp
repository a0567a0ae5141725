#include "engine/ledger/chain.hpp"

#include <cstring>
#include <sstream>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "engine/ledger/chain_rows.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {

std::string to_hex(const ChainValue& v) {
  std::string s;
  for (unsigned char b : v) s += fmt::format("{:02x}", b);
  return s;
}

std::optional<ChainValue> chain_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  ChainValue v{};
  for (std::size_t i = 0; i < 32; ++i) {
    unsigned int b = 0;
    for (int k = 0; k < 2; ++k) {
      const char c = hex[2 * i + static_cast<std::size_t>(k)];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return std::nullopt;
      b = b * 16 + static_cast<unsigned int>(d);
    }
    v[i] = static_cast<unsigned char>(b);
  }
  return v;
}

void chain_existing_events(SQLite::Database& db) {
  SQLite::Statement last(db, "SELECT id FROM events WHERE chain IS NOT NULL ORDER BY id DESC LIMIT 1");
  const std::int64_t last_id = last.executeStep() ? last.getColumn(0).getInt64() : 0;
  ChainTail tail = chain_tail(db);
  ChainRows rows(db, last_id);
  SQLite::Statement set(db, "UPDATE events SET chain = ? WHERE id = ?");
  while (const auto row = rows.next()) {
    tail.value = link(tail.value, row->content);
    ++tail.events;
    set.bind(1, tail.value.data(), static_cast<int>(tail.value.size()));
    set.bind(2, row->id);
    set.exec();
    set.reset();
  }
  store_tail(db, tail);
}

Seal current_seal(SQLite::Database& db) {
  Seal s;
  SQLite::Statement f(db, "SELECT f.name, f.currency, s.seal, s.sealed_events FROM fund f LEFT JOIN fund_state s ON s.id = 1");
  if (f.executeStep()) {
    s.fund = f.getColumn(0).getString();
    s.currency = f.getColumn(1).getString();
    if (!f.getColumn(2).isNull() && f.getColumn(2).getBytes() == 32)
      std::memcpy(s.value.data(), f.getColumn(2).getBlob(), s.value.size());
    s.events = f.getColumn(3).isNull() ? 0 : f.getColumn(3).getInt64();
  }
  SQLite::Statement d(db, "SELECT max(date) FROM events");
  if (d.executeStep() && !d.getColumn(0).isNull()) s.last_event_date = d.getColumn(0).getString();
  return s;
}

std::string seal_text(const Seal& s) {
  return fmt::format(
      "gfund ledger seal\nfund: {} ({})\nlast event: {}\nevents: {}\nseal: sha256:{}\n"
      "(check: gfund verify --db LEDGER --seal THIS-FILE)\n",
      s.fund, s.currency, s.last_event_date.empty() ? "none" : s.last_event_date, s.events, to_hex(s.value));
}

Seal parse_seal_text(const std::string& text) {
  Seal s;
  bool have_events = false, have_seal = false;
  std::istringstream lines(text);
  int n = 0;
  for (std::string l; std::getline(lines, l);) {
    ++n;
    if (l.rfind("events: ", 0) == 0) {
      try {
        s.events = std::stoll(l.substr(8));
      } catch (const std::exception&) {
        throw DataError(fmt::format("seal line {}: events must be a count", n), {"", n, "events"});
      }
      have_events = s.events >= 0;
    } else if (l.rfind("seal: sha256:", 0) == 0) {
      const auto v = chain_from_hex(l.substr(13));
      if (!v) throw DataError(fmt::format("seal line {}: the seal must be 64 hex digits", n), {"", n, "seal"});
      s.value = *v;
      have_seal = true;
    } else if (l.rfind("fund: ", 0) == 0) {
      s.fund = l.substr(6, l.find(' ', 6) - 6);
    }
  }
  if (!have_events || !have_seal)
    throw DataError("not a gfund seal: it needs an 'events: N' and a 'seal: sha256:...' line (gfund seal writes one)",
                    {"", 0, have_events ? "seal" : "events"});
  return s;
}

}  // namespace gfund::ledger
