#pragma once
// The whole ledger in memory: reference data, loans with their schedules and
// events, and the fund's own events. Loaded once per command (a 100,000-loan
// ledger with a million events loads in about a second); every derived
// number (status, book, verify) is computed from it by pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "engine/portfolio/loan_position.hpp"
#include "models/entities.hpp"
#include "models/guarantee_terms.hpp"
#include "models/ratio.hpp"

namespace gfund::ledger {

enum class FundEventKind { guarantee_fee, capital_in, capital_out };

struct FundEvent {
  std::int64_t id = 0;
  FundEventKind kind = FundEventKind::capital_in;
  std::string source, ref;
  Date date{};
  std::int64_t amount_minor = 0;  // fund currency, > 0
};

// A dated exchange rate (schema v7): `per_fund_unit` major units of
// `currency` per one major unit of the fund's currency, in effect from `date`
// until the currency's next rate. `text` is the rate as imported (exact).
struct StoredFxRate {
  Date date{};
  std::string currency;        // ISO code, never the fund's own
  std::string text;            // "4100", "4,100.5": as written, for idempotency and display
  double per_fund_unit = 0.0;  // > 0, the decimal text's nearest double
};

struct StoredLoan {
  std::int64_t id = 0;            // rowid in loans
  std::string bank, ref, borrower, agreement;  // agreement empty = not guaranteed
  Currency currency;
  std::int64_t principal_minor = 0;
  Ratio annual_rate;
  int term_months = 0;
  ScheduleType schedule = ScheduleType::annuity;
  GraceKind grace = GraceKind::none;
  int grace_months = 0;
  Date disbursed{}, first_due{};
  bool above_rate_cap = false;
  std::vector<Due> dues;                  // schedule version 0
  std::vector<LoanEvent> events;          // in the documented order (date, same_day_rank, id); source = event id
  std::vector<std::string> event_refs;    // parallel to events: the natural key ref
  std::vector<std::string> event_sources; // parallel to events: the natural key source
};

struct LedgerData {
  std::string fund_id;
  Currency fund_currency;
  std::map<std::string, Bank> banks;
  std::map<std::string, Association> associations;
  std::map<std::string, Borrower> borrowers;
  std::vector<Agreement> agreements;                          // in id order as loaded, then as added
  std::unordered_map<std::string, std::size_t> agreement_index;  // id -> index in agreements (add_agreement keeps it)
  std::vector<StoredLoan> loans;                              // in id order
  std::unordered_map<std::string, std::size_t> loan_index;    // "bank\x1fref" -> index in loans
  std::vector<FundEvent> fund_events;                         // in (date, id) order
  std::vector<StoredFxRate> fx_rates;                         // in (currency, date) order

  const Agreement* agreement(const std::string& id) const;
  // Index of agreement `id` in agreements + 1, or 0 when there is none (the
  // numbering of Movement::agreement).
  std::size_t agreement_slot(const std::string& id) const;
  void add_agreement(Agreement a);
  const StoredLoan* find_loan(const std::string& bank, const std::string& ref) const;
  static std::string loan_key(const std::string& bank, const std::string& ref) { return bank + '\x1f' + ref; }
};

LedgerData load_ledger(SQLite::Database& db);
// Sorts a loan's events (and their refs and sources) into the documented
// order of loan_position.hpp: date, then same_day_rank, ties as they were.
void put_in_documented_order(StoredLoan& loan);
// Opens the ledger file read-only and loads it; SQLite failures become
// typed errors naming the path. The one entry of every read-only view.
LedgerData read_ledger_file(const std::string& db_path);

std::string_view to_string(FundEventKind k);
std::optional<FundEventKind> parse_fund_event_kind(std::string_view s);

// Replay options for a loan (its agreement's claim trigger, its currency).
ReplayOptions replay_options(const LedgerData& data, const StoredLoan& loan);
// The loan's position at as_of (events after as_of ignored).
LoanPosition position_at(const LedgerData& data, const StoredLoan& loan, const Date& as_of);
// The loan as an event on `date` finds it: its first `prior_events` events
// (those before it in the documented order), none after, not even later
// ones that day. Claims are decided, and re-derived by verify, on this.
LoanPosition position_before(const LedgerData& data, const StoredLoan& loan, std::size_t prior_events,
                             const Date& date);

}  // namespace gfund::ledger
