#include "engine/ledger/ledger_book.hpp"

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"

#include <SQLiteCpp/Statement.h>

namespace gfund::ledger {

LedgerBook read_ledger_book(const std::string& db_path, const Date& as_of) {
  const LedgerData d = read_ledger_file(db_path);
  LedgerBook out;
  out.book.as_of = as_of;
  out.agreements = d.agreements;
  out.fund_currency = d.fund_currency;
  FundAccount f = fund_account(d, as_of);
  out.fund_capital_minor = f.capital_in_minor - f.capital_out_minor;
  out.fund_balance_minor = f.balance_minor();
  out.fund_available_minor = f.available_minor();
  for (const auto& [id, t] : agreement_totals(d, as_of)) {
    out.claims_paid_minor[id] = t.claims_paid_minor;
    out.enrolled_minor[id] = t.enrolled_minor;
    out.claims_due_minor[id] = t.claims_due_minor();
  }
  for (const auto& l : d.loans) {
    LoanPosition p = position_at(d, l, as_of);
    if (!p.live() || p.outstanding_minor() <= 0) continue;
    const Borrower& b = d.borrowers.at(l.borrower);
    out.book.loans.push_back(BookLoan{.loan = l.ref,
                                      .bank = l.bank,
                                      .association = b.association,
                                      .agreement = l.agreement,
                                      .sector = b.sector,
                                      .province = b.province,
                                      .registration = b.registration,
                                      .currency = l.currency,
                                      .outstanding_minor = p.outstanding_minor(),
                                      // a restructured loan carries its current terms
                                      .annual_rate = p.restructured ? p.restructured->annual_rate : l.annual_rate,
                                      .remaining_months = p.remaining_months,
                                      .schedule = p.restructured ? p.restructured->schedule : l.schedule,
                                      .days_past_due = p.days_past_due});
  }
  return out;
}

std::string ledger_fund_name(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  try {
    SQLite::Statement q(*db, "SELECT name FROM fund WHERE id = 1");
    if (!q.executeStep()) throw IoError("not a gfund database (no fund row)", ErrorSite{db_path, 0, ""});
    return q.getColumn(0).getString();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
}

std::optional<Date> last_event_date(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  try {
    SQLite::Statement q(*db, "SELECT MAX(date) FROM events");
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return parse_date(q.getColumn(0).getString());
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
}

}  // namespace gfund::ledger
