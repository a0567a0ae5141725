#pragma once
// The one write path into a ledger. A Writer opens the file read-write,
// takes the write lock (BEGIN IMMEDIATE, waiting up to the busy timeout),
// loads the ledger, and then accepts rows: reference data is checked and
// inserted at once; loan and fund events are staged, and `finish` replays
// every touched loan with its stored and new events in date order, so each
// row is checked against the loan's whole history (a backdated repayment
// re-allocates the later ones, and the change is reported). Nothing is
// written unless every row passes: any error rolls the transaction back.
//
// Claims: the fund's share follows split_claim (coverage, per-loan cap, room
// under the portfolio cap, fund balance on the claim date less the balances
// still due on earlier staged claims). Staged payout:
// on the claim date the fund pays round_half_even(share x payout_at_claim);
// the rest is the claim balance due, paid by `claim_settlement` events
// (`gfund claim-settle`, when the bank declares recovery ended; amount
// optional, default all that is due, never more than is due nor than the
// fund's balance). The whole share counts against the portfolio cap, and
// recoveries are shared back on the whole share (paid or still due).
//
// Fund balance: a batch whose capital_out would take the fund's balance
// below zero on any date (counting later claims) is refused.
//
// Restructure: the new rate, term and schedule type are stored with the
// event; re-sending the same reference with other terms is an error.
//
// Idempotency: a row whose natural key (bank + the bank's reference; "FUND"
// for fund events without a bank) is already stored with the same content
// is skipped; with other content it is an error.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "engine/ledger/ledger_data.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {

// Where a long write is, for a progress line on a terminal (the CLI draws
// it); what is written never depends on it.
enum class WriteStage {
  checking,   // rows of the files checked and staged (total: rows of every file)
  replaying,  // touched loans replayed with their stored and new events (total: touched loans)
  writing,    // new events inserted (total: staged events)
};
std::string_view to_string(WriteStage stage);
// Called from the writing thread with the stage's items done of its total,
// at most every kWriteProgressStep items and at each stage's end.
using WriteProgress = std::function<void(WriteStage stage, std::uint64_t done, std::uint64_t total)>;
inline constexpr std::uint64_t kWriteProgressStep = 4096;

struct WriteOptions {
  bool dry_run = false;               // validate and report, then roll back
  bool refuse_above_rate_cap = false; // a loan above 18%/yr is refused instead of flagged
  // The latest value date an event may carry (the CLI passes today, see
  // cli/ledger_cli.hpp event_date_limit); none = no limit. A ledger records
  // what happened: a repayment dated 2099 or a claim in 2199 is a typo, and a
  // claim dated ahead would pay out of capital the fund does not have yet.
  std::optional<Date> latest_event_date;
  WriteProgress progress;  // empty = none
};

struct WriteReport {
  std::map<std::string, std::int64_t> added;      // per kind ("loans", "repayment", ...)
  std::map<std::string, std::int64_t> unchanged;  // rows already stored with the same content
  std::vector<std::string> notices;               // rate-cap flags, backdated replays, claim amounts
  bool dry_run = false;
};

struct LoanInput {
  LoanData loan;
  std::string agreement;  // "" = choose the bank's agreement that enrols it; "none" = not guaranteed
  ErrorSite site;
};

// A dated exchange rate as imported (fx_rates.csv): major units of
// `currency` per one major unit of the fund's currency, from `date` on.
struct FxRateInput {
  Date date{};
  std::string currency;       // ISO code of a known currency, not the fund's
  std::string per_fund_unit;  // decimal text, > 0 and at most kFxRateMax
};
inline constexpr double kFxRateMax = 1e9;  // no currency trades at more than a billion per fund unit

// A loan event as a bank or an officer states it.
struct EventInput {
  std::string kind;            // disbursement, repayment, penalty, fee, write_off, restructure, claim,
                               // claim_settlement, recovery, guarantee_fee, capital_in, capital_out
  std::string bank;            // bank id ("" for fund events without a bank)
  std::string loan;            // the bank's loan reference ("" for fund events)
  std::string ref;             // the bank's (or fund's) transaction reference
  Date date{};
  std::string amount;          // as written; may carry a currency code; "" = computed (claim, write-off,
                               // claim_settlement: all that is due)
  std::string currency;        // optional column: must match the loan's currency
  // restructure only: the new terms on the principal outstanding at `date`
  std::optional<Ratio> annual_rate;
  std::optional<int> term_months;
  std::optional<ScheduleType> schedule;
  ErrorSite site;              // where the row came from, for messages
};

class Writer {
 public:
  Writer(const std::string& db_path, WriteOptions options);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void add_bank(const BankData& b, const ErrorSite& site);
  void add_association(const AssociationData& a, const ErrorSite& site);
  void add_borrower(const BorrowerData& b, const ErrorSite& site);
  void add_agreement(const Agreement& a, const ErrorSite& site);
  // Idempotent on (currency, date): the same rate again is a no-op, another
  // rate for a stored date a DataError.
  void add_fx_rate(const FxRateInput& r, const ErrorSite& site);
  void add_loan(const LoanInput& l);
  void add_event(const EventInput& e);

  // Validates staged events, writes them and the caches, commits (or rolls
  // back on dry run). Returns what was done.
  WriteReport finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gfund::ledger
