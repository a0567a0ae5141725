#pragma once
// The one bridge from a ledger to the engine's inputs, used by simulate,
// size, stress, termsheet, report and demo: the book at an as-of date, the
// agreements, the capital free for new claims, what already counts against
// each agreement's cap and the volume each has enrolled. The rules of that
// step live here once (the CLI had two copies, which clamped the capital
// differently).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "engine/risk/claims.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::bridge {

struct LedgerInputs {
  Book book;                                          // live loans at as_of; book.as_of = as_of
  std::vector<Agreement> agreements;                  // every agreement of the ledger
  Currency fund_currency;
  // Cash free to pay new claims at as_of: the balance less what the fund
  // still owes on earlier claims (staged payout), never below 0 (minor units).
  std::int64_t capital_available_minor = 0;
  // Per agreement id: claims paid plus still due to as_of (fund minor units):
  // what counts against the agreement's cumulative cap.
  std::map<std::string, std::int64_t> claims_counted_minor;
  // Per agreement id: principal disbursed under it to as_of (its currency,
  // which the ledger holds equal to the fund's).
  std::map<std::string, std::int64_t> enrolled_minor;
  std::string source;                                 // "ledger.db as of 2023-12-31", for provenance
};

// Reads the ledger read-only (NoInputError / IoError as read_ledger_book).
LedgerInputs ledger_inputs(const std::string& db_path, const Date& as_of);

// The fund's side of the risk engine's claims set-up, from those inputs.
risk::FundInputs fund_inputs(const LedgerInputs& in);

// Per agreement (in `agreements` order): the claims counted and the enrolled
// volume, for sizing's portfolio.
std::vector<std::int64_t> claims_counted_by_agreement(const LedgerInputs& in);
std::vector<std::int64_t> enrolled_by_agreement(const LedgerInputs& in);

}  // namespace gfund::bridge
