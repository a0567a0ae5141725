#pragma once
// The Writer's private state, shared by writer.cpp (the rows as they come:
// reference data, loans, staged events) and writer_finish.cpp (the batch's
// replay, decisions and writes). Not installed: not part of the API.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "models/money.hpp"

#include "engine/ledger/chain_rows.hpp"
#include "engine/ledger/fund_movements.hpp"
#include "engine/ledger/writer.hpp"

namespace gfund::ledger {

namespace writer_detail {

// Staged events are tagged in LoanEvent::source with this bit, so a replay
// error can be traced back to its input row.
inline constexpr std::size_t kStagedBit = std::size_t{1} << 62;

inline std::string key(const std::string& source, const std::string& ref) { return source + '\x1f' + ref; }

inline bool is_sequential(LoanEventKind k) {
  return k == LoanEventKind::restructure || k == LoanEventKind::claim || k == LoanEventKind::recovery ||
         k == LoanEventKind::claim_settlement;
}

// What a restructure row states, for the idempotency check: the same
// reference with other terms is a different row.
inline std::string terms_text(const RestructureTerms& t) {
  return fmt::format(" to {} for {} months {}", format_percent(t.annual_rate), t.term_months, to_string(t.schedule));
}

}  // namespace writer_detail
using namespace writer_detail;

// One events row by column name (the statement binds :name parameters, so
// no bind can land in the wrong column). Optional columns are NULL when none.
struct EventRow {
  std::string kind, source, ref, date, currency;
  std::optional<std::int64_t> loan;
  std::int64_t amount_minor = 0, fund_minor = 0;
  std::optional<std::int64_t> schedule_version, owed_minor, new_rate_ppm, new_term_months;
  std::optional<std::string> new_schedule;
};

// A loan's row as the loans table stores it (bank .. above_rate_cap): what
// its INSERT binds and what its events' chain values cover (chain_rows.hpp).
std::vector<ChainField> loan_chain_fields(const StoredLoan& l);
// An event's row (kind .. new_schedule), likewise.
std::vector<ChainField> event_chain_fields(const EventRow& r);

struct Writer::Impl {
  std::string path;
  WriteOptions options;
  std::unique_ptr<SQLite::Database> db;
  std::optional<SQLite::Transaction> tx;
  LedgerData data;
  WriteReport report;

  // Natural keys of stored events -> a description of their content.
  std::unordered_map<std::string, std::string> stored_keys;
  std::unordered_map<std::string, std::string> staged_keys;

  struct Staged {
    EventInput in;
    bool fund = false;
    LoanEventKind loan_kind = LoanEventKind::repayment;
    FundEventKind fund_kind = FundEventKind::capital_in;
    std::size_t loan = 0;                // index into data.loans
    std::optional<std::int64_t> amount;  // minor units; none = computed
    LoanEvent event;                     // final event (loan kinds)
    std::int64_t schedule_version = 0;   // restructure
  };
  std::vector<Staged> staged;
  // Statements reused across rows (prepare once, bind/step/reset per row).
  std::unique_ptr<SQLite::Statement> ins_borrower, ins_loan, ins_sched0;
  SQLite::Statement& stmt(std::unique_ptr<SQLite::Statement>& p, const char* sql) {
    if (!p) p = std::make_unique<SQLite::Statement>(*db, sql);
    return *p;
  }
  std::map<std::int64_t, std::int64_t> next_schedule_version;  // loan id -> next version

  // Progress of a stage, passed on every kWriteProgressStep items and at its end.
  void report_progress(WriteStage stage, std::uint64_t done, std::uint64_t total) const {
    if (options.progress && (done % kWriteProgressStep == 0 || done == total)) options.progress(stage, done, total);
  }

  // What a row says, compared with what its key holds (idempotent re-import)
  // and shown to the user when they differ, so amounts read in major units
  // of the row's currency ("amount 98.45 USD", not 9845).
  std::string content(const std::string& kind, const std::string& loan, const Date& d, Currency currency,
                      const std::optional<std::int64_t>& amount, const std::string& extra = "") {
    return fmt::format("{} on {}{}{}{}", kind, format_date(d), loan.empty() ? "" : " for loan " + loan,
                       amount ? " amount " + format_money(Money(currency, *amount)) : "", extra);
  }

  void build_keys() {
    for (const auto& l : data.loans)
      for (std::size_t i = 0; i < l.events.size(); ++i) {
        const auto& e = l.events[i];
        bool amount_known = e.kind != LoanEventKind::write_off && e.kind != LoanEventKind::restructure;
        std::optional<std::int64_t> amt;
        if (amount_known)
          amt = e.kind == LoanEventKind::claim ? std::max(e.owed_minor, e.fund_minor)
                : e.kind == LoanEventKind::claim_settlement ? e.fund_minor
                                                            : e.amount_minor;
        // A restructure stored before schema v3 has no terms: it matches any terms.
        std::string extra = e.kind == LoanEventKind::restructure && e.new_terms ? terms_text(*e.new_terms) : "";
        stored_keys[key(l.event_sources[i], l.event_refs[i])] =
            content(std::string(to_string(e.kind)), l.ref, e.date, l.currency, amt, extra);
        auto& v = next_schedule_version[l.id];
        if (e.kind == LoanEventKind::restructure) v = std::max<std::int64_t>(v, 1) + 1;
      }
    for (const auto& f : data.fund_events)
      stored_keys[key(f.source, f.ref)] = content(std::string(to_string(f.kind)), "", f.date, data.fund_currency, f.amount_minor);
  }

  // Returns true if the row is already stored (or staged) with the same
  // content; throws if the same key holds other content.
  bool seen(const std::string& k, const std::string& c, const EventInput& in) {
    for (auto* m : {&stored_keys, &staged_keys}) {
      auto it = m->find(k);
      if (it == m->end()) continue;
      if (it->second == c) return true;
      throw DataError(fmt::format("duplicate transaction reference '{}' of '{}' with different content (stored: {}; "
                                  "this row: {})",
                                  in.ref, in.bank.empty() ? "FUND" : in.bank, it->second, c),
                      ErrorSite{in.site.file, in.site.line, "ref"});
    }
    return false;
  }

  // add_event's steps (writer.cpp): what kind of event the row is and the
  // currency it is in; its amount; whether it is already stored or staged.
  Currency classify_event(const EventInput& in, Staged& s) const;
  std::optional<std::int64_t> event_amount(const EventInput& in, const Staged& s, Currency cur) const;
  bool already_recorded(const EventInput& in, const Staged& s, const std::string& k, const std::string& c);

  [[noreturn]] void replay_failed(const StoredLoan& l, const LoanEventError& e, const Staged* cause) {
    const LoanEvent& ev = l.events[e.index()];
    if (ev.source & kStagedBit) {
      const Staged& s = staged[ev.source & ~kStagedBit];
      throw DataError(fmt::format("loan '{}' of bank '{}': {}", l.ref, l.bank, e.rule()),
                      ErrorSite{s.in.site.file, s.in.site.line, e.field()});
    }
    ErrorSite site = cause ? cause->in.site : ErrorSite{};
    throw DataError(fmt::format("loan '{}' of bank '{}': this row makes the stored {} of {} (event #{}) invalid: {}",
                                l.ref, l.bank, to_string(ev.kind), format_date(ev.date), ev.source, e.rule()),
                    site);
  }

  // --- Writer::finish in named steps (writer_finish.cpp) ---------------------
  struct Before {                        // a touched loan before this batch (backdating notices)
    Date last{};
    LoanPosition pos;
    Date earliest_new = end_of_time();
    const Staged* first = nullptr;
  };
  std::map<std::size_t, Before> touched_loans() const;
  void place_given_events(const std::map<std::size_t, Before>& touched);
  void decide_computed_events();
  void decide_one(std::size_t staged_index, FundSweep& sweep);
  void decide_restructure(const StoredLoan& l, const LoanPosition& pos, Staged& s, LoanEvent& ev);
  void decide_claim_event(const StoredLoan& l, const LoanPosition& pos, const FundSweep& sweep, const Staged& s,
                          LoanEvent& ev);
  void decide_settlement(const StoredLoan& l, const LoanPosition& pos, const FundSweep& sweep, const Staged& s,
                         LoanEvent& ev);
  void decide_recovery(const StoredLoan& l, const LoanPosition& pos, const Staged& s, LoanEvent& ev);
  void check_fund_never_negative() const;
  void report_backdated(const std::map<std::size_t, Before>& touched);
  void write_events();
  EventRow event_row(const Staged& s) const;
  // Index of agreement `id` in data.agreements + 1; 0 when unknown.
  std::size_t agreement_index(const std::string& id) const {
    for (std::size_t a = 0; a < data.agreements.size(); ++a)
      if (data.agreements[a].id == id) return a + 1;
    return 0;
  }
  void write_touched_caches(const std::map<std::size_t, Before>& touched);
  [[noreturn]] void refuse(const StoredLoan& l, const Staged& s, const std::string& field, const std::string& rule) const;

  // Where an event goes in the loan's documented order: after every event
  // of an earlier (date, same_day_rank), and after those of its own (stored
  // and staged before it), as `verify` will read it back.
  static std::size_t insertion_point(const StoredLoan& l, const Date& date, LoanEventKind kind) {
    auto it = std::upper_bound(l.events.begin(), l.events.end(), std::pair{date, kind},
                               [](const std::pair<Date, LoanEventKind>& k, const LoanEvent& x) {
                                 return event_order_before(k.first, k.second, x.date, x.kind);
                               });
    return static_cast<std::size_t>(it - l.events.begin());
  }
  // The loan as an event of `kind` on `date` finds it: every event before
  // it in the documented order, none after (not even later ones that day).
  LoanPosition position_before(const StoredLoan& l, const Date& date, LoanEventKind kind) const {
    return ledger::position_before(data, l, insertion_point(l, date, kind), date);
  }

  void insert_sorted(StoredLoan& l, LoanEvent e, const std::string& source, const std::string& ref) {
    auto it = l.events.begin() + static_cast<std::ptrdiff_t>(insertion_point(l, e.date, e.kind));
    auto pos = it - l.events.begin();
    l.events.insert(it, std::move(e));
    l.event_sources.insert(l.event_sources.begin() + pos, source);
    l.event_refs.insert(l.event_refs.begin() + pos, ref);
  }
};

}  // namespace gfund::ledger
