#include "engine/ledger/caches.hpp"

#include <numeric>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "engine/ledger/fund_account.hpp"

namespace gfund::ledger {

void write_caches(SQLite::Database& db, const LedgerData& data, std::span<const std::size_t> loan_indices) {
  SQLite::Statement loan(db,
                         "INSERT OR REPLACE INTO loan_state(loan, disbursed_minor, principal_paid_minor, "
                         "interest_paid_minor, written_off_minor, outstanding_minor) VALUES (?, ?, ?, ?, ?, ?)");
  const Date end = end_of_time();
  for (std::size_t i : loan_indices) {
    const StoredLoan& l = data.loans[i];
    LoanPosition p = position_at(data, l, end);
    loan.bind(1, l.id);
    loan.bind(2, p.disbursed_minor);
    loan.bind(3, p.principal_paid_minor);
    loan.bind(4, p.interest_paid_minor);
    loan.bind(5, p.written_off_minor);
    loan.bind(6, p.outstanding_minor());
    loan.exec();
    loan.reset();
    loan.clearBindings();
  }
  SQLite::Statement agr(db, "INSERT OR REPLACE INTO agreement_state(agreement, enrolled_minor, claims_paid_minor, "
                            "claims_due_minor) VALUES (?, ?, ?, ?)");
  for (const auto& [id, t] : agreement_totals(data, end)) {
    agr.bind(1, id);
    agr.bind(2, t.enrolled_minor);
    agr.bind(3, t.claims_paid_minor);
    agr.bind(4, t.claims_due_minor());
    agr.exec();
    agr.reset();
  }
  // An upsert, not INSERT OR REPLACE: the row also holds the seal (chain.hpp), which a replace would clear.
  SQLite::Statement fund(db,
                         "INSERT INTO fund_state(id, balance_minor, claims_due_minor) VALUES (1, ?, ?) ON CONFLICT(id) "
                         "DO UPDATE SET balance_minor = excluded.balance_minor, claims_due_minor = excluded.claims_due_minor");
  const FundAccount f = fund_account(data, end);
  fund.bind(1, f.balance_minor());
  fund.bind(2, f.claims_due_minor);
  fund.exec();
}

void refresh_all_caches(SQLite::Database& db) {
  LedgerData data = load_ledger(db);
  std::vector<std::size_t> all(data.loans.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  write_caches(db, data, all);
}

}  // namespace gfund::ledger
