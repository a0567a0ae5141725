#include "engine/ledger/verify.hpp"

#include <map>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"

namespace gfund::ledger {

VerifyReport verify_ledger(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  VerifyReport r;
  try {
    {
      SQLite::Statement q(*db, "PRAGMA integrity_check");
      while (q.executeStep())
        if (q.getColumn(0).getString() != "ok") r.differences.push_back("integrity: " + q.getColumn(0).getString());
    }
    {
      SQLite::Statement q(*db, "PRAGMA foreign_key_check");
      while (q.executeStep())
        r.differences.push_back(fmt::format("foreign key: table {} row {} points to a missing {}",
                                            q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                                            q.getColumn(2).getString()));
    }
    LedgerData d = load_ledger(*db);
    struct Cached {
      std::int64_t disbursed, principal_paid, interest_paid, written_off, outstanding;
    };
    std::map<std::int64_t, Cached> cached;
    {
      SQLite::Statement q(*db, "SELECT loan, disbursed_minor, principal_paid_minor, interest_paid_minor, "
                               "written_off_minor, outstanding_minor FROM loan_state");
      while (q.executeStep())
        cached[q.getColumn(0).getInt64()] = Cached{q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                                                   q.getColumn(3).getInt64(), q.getColumn(4).getInt64(),
                                                   q.getColumn(5).getInt64()};
    }
    const Date end = end_of_time();
    for (const auto& l : d.loans) {
      ++r.loans_checked;
      r.events_checked += static_cast<std::int64_t>(l.events.size());
      std::int64_t sched = 0;
      for (const auto& due : l.dues) sched += due.principal_minor;
      if (sched != l.principal_minor)
        r.differences.push_back(fmt::format("loan '{}' of bank '{}': schedule principal {} != contracted {}", l.ref,
                                            l.bank, sched, l.principal_minor));
      LoanPosition p;
      try {
        p = position_at(d, l, end);
      } catch (const LoanEventError& e) {
        r.differences.push_back(fmt::format("loan '{}' of bank '{}': event #{} breaks a rule: {}", l.ref, l.bank,
                                            l.events[e.index()].source, e.rule()));
        continue;
      }
      auto it = cached.find(l.id);
      if (it == cached.end()) {
        r.differences.push_back(fmt::format("loan '{}' of bank '{}': no cached balance", l.ref, l.bank));
        continue;
      }
      const Cached& c = it->second;
      auto cmp = [&](const char* what, std::int64_t stored, std::int64_t derived) {
        if (stored != derived)
          r.differences.push_back(fmt::format("loan '{}' of bank '{}': {} stored {} but events give {} (minor units)",
                                              l.ref, l.bank, what, stored, derived));
      };
      cmp("disbursed", c.disbursed, p.disbursed_minor);
      cmp("principal paid", c.principal_paid, p.principal_paid_minor);
      cmp("interest paid", c.interest_paid, p.interest_paid_minor);
      cmp("written off", c.written_off, p.written_off_minor);
      cmp("outstanding", c.outstanding, p.outstanding_minor());
      cached.erase(it);
    }
    for (const auto& [id, c] : cached) r.differences.push_back(fmt::format("cached balance for unknown loan #{}", id));
    auto totals = agreement_totals(d, end);
    {
      SQLite::Statement q(*db, "SELECT agreement, enrolled_minor, claims_paid_minor, claims_due_minor FROM agreement_state");
      std::map<std::string, std::pair<std::int64_t, std::int64_t>> stored;
      std::map<std::string, std::int64_t> stored_due;
      while (q.executeStep()) {
        stored[q.getColumn(0).getString()] = {q.getColumn(1).getInt64(), q.getColumn(2).getInt64()};
        stored_due[q.getColumn(0).getString()] = q.getColumn(3).getInt64();
      }
      for (const auto& [id, t] : totals) {
        ++r.agreements_checked;
        auto it = stored.find(id);
        if (it == stored.end()) {
          r.differences.push_back(fmt::format("agreement '{}': no cached totals", id));
          continue;
        }
        if (it->second.first != t.enrolled_minor)
          r.differences.push_back(fmt::format("agreement '{}': enrolled stored {} but events give {}", id,
                                              it->second.first, t.enrolled_minor));
        if (it->second.second != t.claims_paid_minor)
          r.differences.push_back(fmt::format("agreement '{}': claims paid stored {} but events give {}", id,
                                              it->second.second, t.claims_paid_minor));
        if (stored_due[id] != t.claims_due_minor())
          r.differences.push_back(fmt::format("agreement '{}': claims outstanding (owed, unpaid) stored {} but events "
                                              "give {}",
                                              id, stored_due[id], t.claims_due_minor()));
      }
    }
    const FundAccount fa = fund_account(d, end);
    std::int64_t balance = fa.balance_minor();
    std::int64_t stored_balance = db->execAndGet("SELECT balance_minor FROM fund_state WHERE id = 1").getInt64();
    if (balance != stored_balance)
      r.differences.push_back(
          fmt::format("fund balance stored {} but events give {} (minor units)", stored_balance, balance));
    std::int64_t stored_due = db->execAndGet("SELECT claims_due_minor FROM fund_state WHERE id = 1").getInt64();
    if (fa.claims_due_minor != stored_due)
      r.differences.push_back(fmt::format("fund claims outstanding (owed, unpaid) stored {} but events give {} (minor "
                                          "units)",
                                          stored_due, fa.claims_due_minor));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
  return r;
}

}  // namespace gfund::ledger
