#include "engine/ledger/loan_outcomes.hpp"

#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"

namespace gfund::ledger {

Currency ledger_fund_currency(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  SQLite::Statement q(*db, "SELECT currency FROM fund WHERE id = 1");
  if (!q.executeStep()) throw IoError("not a gfund database (no fund row)");
  return currency_from_code(q.getColumn(0).getString());
}

std::vector<LoanOutcome> read_loan_outcomes(const std::string& db_path, const Date& as_of) {
  return loan_outcomes(read_ledger_file(db_path), as_of);
}

std::vector<LoanOutcome> loan_outcomes(const LedgerData& d, const Date& as_of) {
  std::vector<LoanOutcome> out;
  for (const auto& l : d.loans) {
    LoanPosition p = position_at(d, l, as_of);
    if (!p.first_disbursed) continue;
    const Borrower& b = d.borrowers.at(l.borrower);
    LoanOutcome o{.loan = l.ref,
                  .bank = l.bank,
                  .borrower = l.borrower,
                  .association = b.association,
                  .agreement = l.agreement,
                  .sector = b.sector,
                  .province = b.province,
                  .registration = b.registration,
                  .birth_year = b.birth_year,
                  .gender = b.gender,
                  .first_time = b.first_time,
                  .currency = l.currency,
                  .principal_minor = l.principal_minor,
                  .annual_rate = l.annual_rate,
                  .term_months = l.term_months,
                  .schedule = l.schedule,
                  .disbursed = *p.first_disbursed};
    o.defaulted = p.default_date.has_value();
    o.default_date = p.default_date;
    Date end = as_of;
    if (p.default_date && *p.default_date < end) end = *p.default_date;
    if (p.closed_date && *p.closed_date < end) end = *p.closed_date;
    o.months_observed = std::max(0, months_between(o.disbursed, end));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace gfund::ledger
