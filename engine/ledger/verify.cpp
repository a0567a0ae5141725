// `gfund verify` in steps: SQLite's own checks, each loan's replay against
// its cached balances, each stored claim re-derived from the terms, the
// agreements' totals and the fund's account. Every step appends the
// differences it finds; none stops the others.
#include "engine/ledger/verify.hpp"

#include <map>
#include <unordered_map>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "engine/ledger/claim_decision.hpp"
#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/fund_movements.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"

namespace gfund::ledger {
namespace {

using Differences = std::vector<std::string>;

void check_sqlite(SQLite::Database& db, Differences& out) {
  SQLite::Statement integrity(db, "PRAGMA integrity_check");
  while (integrity.executeStep())
    if (integrity.getColumn(0).getString() != "ok") out.push_back("integrity: " + integrity.getColumn(0).getString());
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  while (fk.executeStep())
    out.push_back(fmt::format("foreign key: table {} row {} points to a missing {}", fk.getColumn(0).getString(),
                              fk.getColumn(1).getInt64(), fk.getColumn(2).getString()));
}

struct CachedLoan {
  std::int64_t disbursed, principal_paid, interest_paid, written_off, outstanding;
};

std::map<std::int64_t, CachedLoan> cached_loans(SQLite::Database& db) {
  std::map<std::int64_t, CachedLoan> cached;
  SQLite::Statement q(db, "SELECT loan, disbursed_minor, principal_paid_minor, interest_paid_minor, "
                          "written_off_minor, outstanding_minor FROM loan_state");
  while (q.executeStep())
    cached[q.getColumn(0).getInt64()] = CachedLoan{q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                                                   q.getColumn(3).getInt64(), q.getColumn(4).getInt64(),
                                                   q.getColumn(5).getInt64()};
  return cached;
}

// One loan: its schedule adds up, its events obey the rules, its cache row agrees.
void check_loan(const LedgerData& d, const StoredLoan& l, std::map<std::int64_t, CachedLoan>& cached,
                Differences& out) {
  std::int64_t sched = 0;
  for (const auto& due : l.dues) sched += due.principal_minor;
  if (sched != l.principal_minor)
    out.push_back(fmt::format("loan '{}' of bank '{}': schedule principal {} != contracted {}", l.ref, l.bank, sched,
                              l.principal_minor));
  LoanPosition p;
  try {
    p = position_at(d, l, end_of_time());
  } catch (const LoanEventError& e) {
    out.push_back(fmt::format("loan '{}' of bank '{}': event #{} breaks a rule: {}", l.ref, l.bank,
                              l.events[e.index()].source, e.rule()));
    return;
  }
  auto it = cached.find(l.id);
  if (it == cached.end()) {
    out.push_back(fmt::format("loan '{}' of bank '{}': no cached balance", l.ref, l.bank));
    return;
  }
  const CachedLoan& c = it->second;
  const auto cmp = [&](const char* what, std::int64_t stored, std::int64_t derived) {
    if (stored != derived)
      out.push_back(fmt::format("loan '{}' of bank '{}': {} stored {} but events give {} (minor units)", l.ref, l.bank,
                                what, stored, derived));
  };
  cmp("disbursed", c.disbursed, p.disbursed_minor);
  cmp("principal paid", c.principal_paid, p.principal_paid_minor);
  cmp("interest paid", c.interest_paid, p.interest_paid_minor);
  cmp("written off", c.written_off, p.written_off_minor);
  cmp("outstanding", c.outstanding, p.outstanding_minor());
  cached.erase(it);
}

// Every stored claim re-derived by the writer's own decision (decide_claim)
// from the terms, the loan's history before it and its agreement's volume
// and earlier claims: the loss must be the loan's, the fund's share within
// what the terms allow, and the part paid at claim the staged payout of it.
// (The fund-balance limit is not re-applied: the balance a claim could use
// depends on the batch it came in; "never negative" is checked instead.)
void check_claims(const LedgerData& d, Differences& out) {
  struct Stored {
    Date date;
    std::int64_t id;
    const StoredLoan* loan;
    std::size_t index;
  };
  std::vector<Stored> claims;
  for (const auto& l : d.loans)
    for (std::size_t i = 0; i < l.events.size(); ++i)
      if (l.events[i].kind == LoanEventKind::claim)
        claims.push_back({l.events[i].date, static_cast<std::int64_t>(l.events[i].source), &l, i});
  std::sort(claims.begin(), claims.end(),
            [](const Stored& a, const Stored& b) { return a.date != b.date ? a.date < b.date : a.id < b.id; });
  // The agreement's enrolled volume on the claim's date, from the same sweep
  // as the writer's (fund_movements.hpp).
  const std::vector<Movement> movements = fund_movements(d);
  FundSweep sweep(d.agreements.size());
  std::size_t next = 0;
  std::unordered_map<std::string, std::int64_t> owed_so_far;  // agreement -> full shares of earlier claims
  for (const Stored& c : claims) {
    const StoredLoan& l = *c.loan;
    const LoanEvent& e = l.events[c.index];
    const auto say = [&](const std::string& what) {
      out.push_back(fmt::format("loan '{}' of bank '{}': claim of {} (event #{}): {}", l.ref, l.bank,
                                format_date(e.date), e.source, what));
    };
    next = sweep.take_until(movements, next, e.date);
    const std::size_t slot = l.agreement.empty() ? 0 : d.agreement_slot(l.agreement);
    ClaimRequest req{.agreement = slot ? &d.agreements[slot - 1] : nullptr, .date = e.date};
    if (slot) req.enrolled_minor = sweep.agreement(slot - 1).enrolled_minor;
    req.owed_to_date_minor = owed_so_far[l.agreement];
    const std::int64_t owed = std::max(e.owed_minor, e.fund_minor);
    owed_so_far[l.agreement] += owed;
    ClaimDecision dec;
    try {
      req.position = position_before(d, l, c.index, e.date);
      dec = decide_claim(req);
    } catch (const Error& err) {
      say(err.rule());
      continue;
    }
    if (e.amount_minor != dec.loss_minor) say(fmt::format("loss stored {} but the loan gives {}", e.amount_minor, dec.loss_minor));
    if (owed > dec.allowed_minor) say(fmt::format("the fund's share {} is above what the terms allow ({})", owed, dec.allowed_minor));
    if (e.fund_minor != req.agreement->terms.paid_at_claim(owed))
      say(fmt::format("paid at claim {} but the staged payout of {} is {}", e.fund_minor, owed,
                      req.agreement->terms.paid_at_claim(owed)));
  }
}

void check_agreements(SQLite::Database& db, const LedgerData& d, VerifyReport& r) {
  SQLite::Statement q(db, "SELECT agreement, enrolled_minor, claims_paid_minor, claims_due_minor FROM agreement_state");
  struct Row {
    std::int64_t enrolled, paid, due;
  };
  std::map<std::string, Row> stored;
  while (q.executeStep())
    stored[q.getColumn(0).getString()] = {q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                                          q.getColumn(3).getInt64()};
  for (const auto& entry : agreement_totals(d, end_of_time())) {
    // Named, not a structured binding: clang 14 cannot capture those in a lambda.
    const std::string& id = entry.first;
    const AgreementTotals& t = entry.second;
    ++r.agreements_checked;
    auto it = stored.find(id);
    if (it == stored.end()) {
      r.differences.push_back(fmt::format("agreement '{}': no cached totals", id));
      continue;
    }
    const auto cmp = [&](const char* what, std::int64_t s, std::int64_t derived) {
      if (s != derived)
        r.differences.push_back(fmt::format("agreement '{}': {} stored {} but events give {}", id, what, s, derived));
    };
    cmp("enrolled", it->second.enrolled, t.enrolled_minor);
    cmp("claims paid", it->second.paid, t.claims_paid_minor);
    cmp("claims outstanding (owed, unpaid)", it->second.due, t.claims_due_minor());
  }
}

void check_fund(SQLite::Database& db, const LedgerData& d, Differences& out) {
  const FundAccount fa = fund_account(d, end_of_time());
  const std::int64_t stored_balance = db.execAndGet("SELECT balance_minor FROM fund_state WHERE id = 1").getInt64();
  if (fa.balance_minor() != stored_balance)
    out.push_back(fmt::format("fund balance stored {} but events give {} (minor units)", stored_balance,
                              fa.balance_minor()));
  const std::int64_t stored_due = db.execAndGet("SELECT claims_due_minor FROM fund_state WHERE id = 1").getInt64();
  if (fa.claims_due_minor != stored_due)
    out.push_back(fmt::format("fund claims outstanding (owed, unpaid) stored {} but events give {} (minor "
                              "units)",
                              stored_due, fa.claims_due_minor));
}

}  // namespace

namespace {
// The chain over every event, and the seal given, if any.
void check_history(SQLite::Database& db, const std::optional<Seal>& given, VerifyReport& r) {
  const ChainCheck chain = check_chain(db);
  r.differences.insert(r.differences.end(), chain.breaks.begin(), chain.breaks.end());
  r.seal = current_seal(db);
  r.seal.events = chain.events;
  r.seal.value = chain.head;
  if (!given) return;
  r.seal_checked = true;
  if (auto why = check_against_seal(db, *given)) r.differences.push_back("seal: " + *why);
}
}  // namespace

VerifyReport verify_ledger(const std::string& db_path, const std::optional<Seal>& given) {
  auto db = open_ledger(db_path, Access::read_only);
  VerifyReport r;
  try {
    check_sqlite(*db, r.differences);
    const LedgerData d = load_ledger(*db);
    auto cached = cached_loans(*db);
    for (const auto& l : d.loans) {
      ++r.loans_checked;
      r.events_checked += static_cast<std::int64_t>(l.events.size());
      check_loan(d, l, cached, r.differences);
    }
    for (const auto& [id, c] : cached) r.differences.push_back(fmt::format("cached balance for unknown loan #{}", id));
    check_claims(d, r.differences);
    check_agreements(*db, d, r);
    check_fund(*db, d, r.differences);
    check_history(*db, given, r);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
  return r;
}

}  // namespace gfund::ledger
