// `verify`'s half of the chain (chain.hpp): recompute every value and name
// what broke it. One pass over the events in id order, holding two rows at
// a time (and the few rows that look edited or moved), so memory does not grow with
// the ledger.
#include <algorithm>
#include <utility>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "engine/ledger/chain.hpp"
#include "engine/ledger/chain_rows.hpp"

namespace gfund::ledger {
namespace {

// A row whose value does not follow from the row before it, for no reason
// seen locally: it was moved (it follows another row of the chain) or edited.
struct Suspect {
  ChainRow row;
  std::optional<std::int64_t> follows;  // the id of the row its value follows from, found by a second pass
};
// Suspects looked for in the second pass; more are named edited without it.
constexpr std::size_t kSuspectsSearchedMax = 1000;

struct Pass {
  ChainCheck& out;
  std::vector<Suspect> suspects;
  ChainValue tail{};         // the value the next row should chain from (the genesis at first)
  std::int64_t prev_id = 0;  // the id of the row before
  bool skip_next = false;    // the next row was judged with this one (a swapped pair)
  std::int64_t chained = 0;  // rows with a chain value

  void judge(const ChainRow& cur, const ChainRow* next) {
    if (cur.stored) ++chained;
    const std::int64_t before_id = std::exchange(prev_id, cur.id);
    if (std::exchange(skip_next, false)) return;
    if (cur.stored && *cur.stored == link(tail, cur.content)) {
      tail = *cur.stored;
      return;
    }
    if (!cur.stored) {  // the next row should still chain from `tail`
      out.breaks.push_back(fmt::format("{}: no chain value: added outside gfund", cur.label));
      return;
    }
    if (cur.id != before_id + 1) {
      out.breaks.push_back(fmt::format("events #{}..#{} are missing: deleted outside gfund", before_id + 1, cur.id - 1));
      tail = *cur.stored;
      return;
    }
    const bool next_follows_tail = next && next->stored && *next->stored == link(tail, next->content);
    if (next_follows_tail && *cur.stored == link(*next->stored, cur.content)) {
      out.breaks.push_back(
          fmt::format("{} and {}: reordered outside gfund (each in the other's place)", next->label, cur.label));
      tail = *cur.stored;
      skip_next = true;
      return;
    }
    if (next_follows_tail) {
      out.breaks.push_back(fmt::format("{}: inserted outside gfund (the event after it chains from the one before)",
                                       cur.label));
      return;
    }
    suspects.push_back({cur, std::nullopt});
    tail = *cur.stored;  // an edited row keeps its value: the rows after it still chain from it
  }

  // Second pass: a suspect whose value follows from another row (or the
  // genesis) was moved there; the rest were edited.
  void find_where_they_follow(SQLite::Database& db) {
    const std::size_t n = std::min(suspects.size(), kSuspectsSearchedMax);
    for (std::size_t i = 0; i < n; ++i)
      if (*suspects[i].row.stored == link(ChainValue{}, suspects[i].row.content)) suspects[i].follows = 0;
    ChainRows rows(db);
    while (const auto q = rows.next()) {
      if (!q->stored) continue;
      for (std::size_t i = 0; i < n; ++i)
        if (!suspects[i].follows && *suspects[i].row.stored == link(*q->stored, suspects[i].row.content))
          suspects[i].follows = q->id;
    }
  }

  void name_suspects() {
    std::string moved;
    for (const auto& s : suspects) {
      if (s.follows) {
        moved += fmt::format("{}{} (its value follows {})", moved.empty() ? "" : ", ", s.row.label,
                             *s.follows ? fmt::format("#{}", *s.follows) : std::string("the chain's start"));
        continue;
      }
      out.breaks.push_back(fmt::format("{}: edited outside gfund (its content, or its loan's contract, no longer gives "
                                       "its chain value; or an event just before it was deleted)",
                                       s.row.label));
    }
    if (!moved.empty()) out.breaks.push_back("events reordered outside gfund: " + moved);
  }
};

}  // namespace

ChainCheck check_chain(SQLite::Database& db) {
  ChainCheck out;
  Pass pass{out};
  ChainRows rows(db);
  std::optional<ChainRow> cur = rows.next(), next;
  std::optional<ChainValue> last_stored;
  std::int64_t last_id = 0;
  while (cur) {
    next = rows.next();
    out.head = link(out.head, cur->content);
    ++out.events;
    pass.judge(*cur, next ? &*next : nullptr);
    last_id = cur->id;
    last_stored = cur->stored;
    cur = std::move(next);
  }
  pass.find_where_they_follow(db);
  pass.name_suspects();
  const Seal stored = current_seal(db);
  if (stored.events > out.events)
    out.breaks.push_back(fmt::format("the newest events are missing: the ledger held {} at its last write, now {} "
                                     "(deleted outside gfund after #{})",
                                     stored.events, out.events, last_id));
  else if (stored.events < pass.chained)
    out.breaks.push_back(fmt::format("{} events with chain values after the ledger's last write (which held {}): "
                                     "added outside gfund",
                                     pass.chained - stored.events, stored.events));
  else if (stored.events == out.events && last_stored && stored.value != *last_stored)
    out.breaks.push_back("the ledger's stored seal is not its last event's chain value (changed outside gfund)");
  return out;
}

std::optional<std::string> check_against_seal(SQLite::Database& db, const Seal& seal) {
  ChainRows rows(db);
  ChainValue head{};
  std::int64_t n = 0;
  while (n < seal.events) {
    const auto row = rows.next();
    if (!row) break;
    head = link(head, row->content);
    ++n;
  }
  if (n < seal.events)
    return fmt::format("the seal covers {} events; the ledger has {}: events were deleted since", seal.events, n);
  if (head != seal.value)
    return fmt::format("the first {} events no longer give the seal {}: history up to the seal was changed",
                       seal.events, to_hex(seal.value).substr(0, 16));
  return std::nullopt;
}

}  // namespace gfund::ledger
