#pragma once
// The ledger seen as a Book (engine/portfolio/book.hpp) at an as-of date:
// what the risk engine, sizing and calibration need, read from the SQLite
// file without writing to it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/portfolio/book.hpp"
#include "models/currency.hpp"
#include "models/date.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::ledger {

struct LedgerBook {
  Book book;                                 // live guaranteed and unguaranteed loans at as_of (book.as_of set);
                                             // a restructured loan has its current rate, schedule type and
                                             // remaining term (restructures stored before schema v3 keep the
                                             // original rate and type: their terms were not recorded)
  std::vector<Agreement> agreements;         // every agreement in the ledger
  Currency fund_currency;                    // the fund's accounting currency
  std::int64_t fund_capital_minor = 0;       // capital paid in net of capital out, to as_of (fund currency)
  std::int64_t fund_balance_minor = 0;       // cash at as_of: capital + fees + recoveries - claims paid
  std::int64_t fund_available_minor = 0;     // available capital: balance - claims due, >= 0 (FundAccount::available_minor)
  std::map<std::string, std::int64_t> claims_paid_minor;  // per agreement id, cumulative to as_of (at claim +
                                                          // claim settlements)
  std::map<std::string, std::int64_t> enrolled_minor;     // per agreement id, principal disbursed under it to as_of
  // Per agreement id: owed by the fund on claims to as_of and not yet paid
  // (staged payout, payout_at_claim < 100%); not deducted from fund_balance_minor.
  std::map<std::string, std::int64_t> claims_due_minor;
};

// Opens `db_path` read-only (NoInputError if missing, IoError if not a
// gfund database or written by a newer gfund) and derives the book at as_of.
LedgerBook read_ledger_book(const std::string& db_path, const Date& as_of);

// The date of the ledger's latest event (nullopt for a ledger with none):
// the as-of date a command on the ledger takes when none is given, so a
// ledger last fed months ago is not read as if every loan had stopped
// paying since (errors as read_ledger_book).
std::optional<Date> last_event_date(const std::string& db_path);

// The fund's name as given to `gfund init --fund` (reports head their pages
// with it; errors as read_ledger_book).
std::string ledger_fund_name(const std::string& db_path);

}  // namespace gfund::ledger
