#include "engine/ledger/ledger_data.hpp"

#include <algorithm>

#include "engine/ledger/store.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "models/decimal.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {
namespace {

std::optional<Money> opt_money(const SQLite::Column& c, const Currency& cur) {
  if (c.isNull()) return std::nullopt;
  return Money(cur, c.getInt64());
}

Date col_date(const SQLite::Column& c) { return parse_date(c.getString()); }

}  // namespace

const Agreement* LedgerData::agreement(const std::string& id) const {
  const auto it = agreement_index.find(id);
  return it == agreement_index.end() ? nullptr : &agreements[it->second];
}

std::size_t LedgerData::agreement_slot(const std::string& id) const {
  const auto it = agreement_index.find(id);
  return it == agreement_index.end() ? 0 : it->second + 1;
}

void LedgerData::add_agreement(Agreement a) {
  agreement_index.emplace(a.id, agreements.size());
  agreements.push_back(std::move(a));
}

const StoredLoan* LedgerData::find_loan(const std::string& bank, const std::string& ref) const {
  auto it = loan_index.find(loan_key(bank, ref));
  return it == loan_index.end() ? nullptr : &loans[it->second];
}

std::string_view to_string(FundEventKind k) {
  switch (k) {
    case FundEventKind::guarantee_fee: return "guarantee_fee";
    case FundEventKind::capital_in: return "capital_in";
    case FundEventKind::capital_out: return "capital_out";
  }
  return "?";
}

std::optional<FundEventKind> parse_fund_event_kind(std::string_view s) {
  for (auto k : {FundEventKind::guarantee_fee, FundEventKind::capital_in, FundEventKind::capital_out})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

ReplayOptions replay_options(const LedgerData& data, const StoredLoan& loan) {
  ReplayOptions o;
  o.currency = loan.currency;
  if (!loan.agreement.empty())
    if (const auto* a = data.agreement(loan.agreement)) o.claim_trigger_dpd = a->terms.claim_trigger_dpd;
  return o;
}

LoanPosition position_at(const LedgerData& data, const StoredLoan& loan, const Date& as_of) {
  return replay_loan(loan.principal_minor, loan.dues, loan.events, as_of, replay_options(data, loan));
}

LoanPosition position_before(const LedgerData& data, const StoredLoan& loan, std::size_t prior_events,
                             const Date& date) {
  GFUND_ASSERT(prior_events <= loan.events.size());
  const std::span<const LoanEvent> prior(loan.events.data(), prior_events);
  return replay_loan(loan.principal_minor, loan.dues, prior, date, replay_options(data, loan));
}

namespace {

// One loader a table, each filling its part of `d`.
void load_reference_data(SQLite::Database& db, LedgerData& d) {
  {
    SQLite::Statement q(db, "SELECT name, currency FROM fund WHERE id = 1");
    if (!q.executeStep()) throw IoError("not a gfund database (no fund row)");
    d.fund_id = q.getColumn(0).getString();
    d.fund_currency = currency_from_code(q.getColumn(1).getString());
  }
  {
    SQLite::Statement q(db, "SELECT id, name FROM banks");
    while (q.executeStep())
      d.banks.emplace(q.getColumn(0).getString(), Bank({q.getColumn(0).getString(), q.getColumn(1).getString()}));
  }
  {
    SQLite::Statement q(db, "SELECT id, name FROM associations");
    while (q.executeStep())
      d.associations.emplace(q.getColumn(0).getString(),
                             Association({q.getColumn(0).getString(), q.getColumn(1).getString()}));
  }
  SQLite::Statement q(db, "SELECT id, sector, province, registration, birth_year, association, gender, first_time FROM borrowers");
  while (q.executeStep()) {
    BorrowerData b{.id = q.getColumn(0).getString(),
                   .sector = q.getColumn(1).getString(),
                   .province = q.getColumn(2).getString(),
                   .registration = parse_registration(q.getColumn(3).getString()),
                   .birth_year = q.getColumn(4).getInt(),
                   .association = q.getColumn(5).isNull() ? "" : q.getColumn(5).getString()};
    if (!q.getColumn(6).isNull()) b.gender = parse_gender(q.getColumn(6).getString());
    if (!q.getColumn(7).isNull()) b.first_time = q.getColumn(7).getInt() != 0;
    d.borrowers.emplace(b.id, Borrower(b));
  }
}

void load_fx_rates(SQLite::Database& db, LedgerData& d) {
  SQLite::Statement q(db, "SELECT date, currency, per_fund_unit FROM fx_rates ORDER BY currency, date");
  while (q.executeStep()) {
    const std::string text = q.getColumn(2).getString();
    d.fx_rates.push_back(StoredFxRate{col_date(q.getColumn(0)), q.getColumn(1).getString(), text,
                                      static_cast<double>(parse_decimal(text))});
  }
}

void load_agreements(SQLite::Database& db, LedgerData& d) {
  SQLite::Statement q(db,
                      "SELECT id, bank, association, currency, coverage_ppm, structure, per_loan_cap_minor, "
                      "portfolio_cap_minor, portfolio_cap_rate_ppm, claim_trigger_dpd, lock_in_months, "
                      "payout_at_claim_ppm, annual_fee_ppm, fee_surcharge_informal_ppm, fee_payer, available_from, "
                      "available_to FROM agreements ORDER BY id");
  while (q.executeStep()) {
    Currency c = currency_from_code(q.getColumn(3).getString());
    GuaranteeTermsData g;
    g.association = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
    g.coverage = Ratio{q.getColumn(4).getInt64()};
    g.structure = parse_structure(q.getColumn(5).getString());
    g.per_loan_cap = opt_money(q.getColumn(6), c);
    g.portfolio_cap = opt_money(q.getColumn(7), c);
    if (!q.getColumn(8).isNull()) g.portfolio_cap_rate = Ratio{q.getColumn(8).getInt64()};
    g.claim_trigger_dpd = q.getColumn(9).getInt();
    g.lock_in_months = q.getColumn(10).getInt();
    g.payout_at_claim = Ratio{q.getColumn(11).getInt64()};
    g.annual_fee = Ratio{q.getColumn(12).getInt64()};
    g.fee_surcharge_informal = Ratio{q.getColumn(13).getInt64()};
    g.fee_payer = parse_fee_payer(q.getColumn(14).getString());
    g.available_from = col_date(q.getColumn(15));
    g.available_to = col_date(q.getColumn(16));
    d.add_agreement(Agreement(AgreementData{.id = q.getColumn(0).getString(),
                                            .bank = q.getColumn(1).getString(),
                                            .currency = c,
                                            .terms = GuaranteeTerms(g)}));
  }
}

using LoanRows = std::unordered_map<std::int64_t, std::size_t>;  // loans.id -> index in LedgerData::loans

LoanRows load_loans(SQLite::Database& db, LedgerData& d) {
  LoanRows by_id;
  SQLite::Statement q(db,
                      "SELECT id, bank, ref, borrower, agreement, currency, principal_minor, annual_rate_ppm, "
                      "term_months, schedule, grace, grace_months, disbursed, first_due, above_rate_cap "
                      "FROM loans ORDER BY id");
  while (q.executeStep()) {
    StoredLoan l;
    l.id = q.getColumn(0).getInt64();
    l.bank = q.getColumn(1).getString();
    l.ref = q.getColumn(2).getString();
    l.borrower = q.getColumn(3).getString();
    l.agreement = q.getColumn(4).isNull() ? "" : q.getColumn(4).getString();
    l.currency = currency_from_code(q.getColumn(5).getString());
    l.principal_minor = q.getColumn(6).getInt64();
    l.annual_rate = Ratio{q.getColumn(7).getInt64()};
    l.term_months = q.getColumn(8).getInt();
    l.schedule = parse_schedule_type(q.getColumn(9).getString());
    l.grace = parse_grace_kind(q.getColumn(10).getString());
    l.grace_months = q.getColumn(11).getInt();
    l.disbursed = col_date(q.getColumn(12));
    l.first_due = col_date(q.getColumn(13));
    l.above_rate_cap = q.getColumn(14).getInt() != 0;
    by_id.emplace(l.id, d.loans.size());
    d.loan_index.emplace(LedgerData::loan_key(l.bank, l.ref), d.loans.size());
    d.loans.push_back(std::move(l));
  }
  return by_id;
}

// Schedules: version 0 is each loan's original (into StoredLoan::dues);
// later versions belong to restructure events and are returned.
using Restructured = std::map<std::pair<std::int64_t, std::int64_t>, std::vector<Due>>;  // (loan id, version)

Restructured load_schedules(SQLite::Database& db, const LoanRows& by_id, LedgerData& d) {
  Restructured restructured;
  SQLite::Statement q(db, "SELECT loan, version, due, principal_minor, interest_minor FROM schedules "
                          "ORDER BY loan, version, number");
  while (q.executeStep()) {
    std::int64_t loan = q.getColumn(0).getInt64();
    std::int64_t version = q.getColumn(1).getInt64();
    Due due{col_date(q.getColumn(2)), q.getColumn(3).getInt64(), q.getColumn(4).getInt64()};
    if (version == 0) {
      auto it = by_id.find(loan);
      GFUND_ASSERT(it != by_id.end());
      d.loans[it->second].dues.push_back(due);
    } else {
      restructured[{loan, version}].push_back(due);
    }
  }
  return restructured;
}

void load_events(SQLite::Database& db, const LoanRows& by_id, Restructured& restructured, LedgerData& d) {
  SQLite::Statement q(db, "SELECT id, kind, source, ref, loan, date, amount_minor, fund_minor, schedule_version, "
                          "owed_minor, new_rate_ppm, new_term_months, new_schedule FROM events ORDER BY date, id");
  while (q.executeStep()) {
    std::string kind = q.getColumn(1).getString();
    Date date = col_date(q.getColumn(5));
    if (q.getColumn(4).isNull()) {
      auto k = parse_fund_event_kind(kind);
      GFUND_ASSERT(k.has_value());
      d.fund_events.push_back(FundEvent{q.getColumn(0).getInt64(), *k, q.getColumn(2).getString(),
                                        q.getColumn(3).getString(), date, q.getColumn(6).getInt64()});
      continue;
    }
    auto k = parse_loan_event_kind(kind);
    GFUND_ASSERT(k.has_value());
    auto it = by_id.find(q.getColumn(4).getInt64());
    GFUND_ASSERT(it != by_id.end());
    StoredLoan& l = d.loans[it->second];
    LoanEvent e;
    e.kind = *k;
    e.date = date;
    e.amount_minor = q.getColumn(6).getInt64();
    e.fund_minor = q.getColumn(7).getInt64();
    e.source = static_cast<std::size_t>(q.getColumn(0).getInt64());
    if (!q.getColumn(9).isNull()) e.owed_minor = q.getColumn(9).getInt64();
    if (e.kind == LoanEventKind::restructure) {
      e.new_schedule = restructured[{l.id, q.getColumn(8).getInt64()}];
      if (!q.getColumn(10).isNull())  // restructures stored before schema v3 have no terms
        e.new_terms = RestructureTerms{Ratio{q.getColumn(10).getInt64()}, q.getColumn(11).getInt(),
                                       parse_schedule_type(q.getColumn(12).getString())};
    }
    l.events.push_back(std::move(e));
    l.event_sources.push_back(q.getColumn(2).getString());
    l.event_refs.push_back(q.getColumn(3).getString());
  }
}

}  // namespace

LedgerData load_ledger(SQLite::Database& db) {
  LedgerData d;
  load_reference_data(db, d);
  load_fx_rates(db, d);
  load_agreements(db, d);
  const LoanRows by_id = load_loans(db, d);
  Restructured restructured = load_schedules(db, by_id, d);
  load_events(db, by_id, restructured, d);
  for (auto& l : d.loans) put_in_documented_order(l);
  return d;
}

void put_in_documented_order(StoredLoan& l) {
  const auto before = [&](std::size_t a, std::size_t b) {
    return event_order_before(l.events[a].date, l.events[a].kind, l.events[b].date, l.events[b].kind);
  };
  std::vector<std::size_t> order(l.events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (std::is_sorted(order.begin(), order.end(), before)) return;  // the usual case: nothing to move
  std::stable_sort(order.begin(), order.end(), before);  // stable: ties keep (date, id) order
  StoredLoan sorted_parts;
  for (std::size_t i : order) {
    sorted_parts.events.push_back(std::move(l.events[i]));
    sorted_parts.event_sources.push_back(std::move(l.event_sources[i]));
    sorted_parts.event_refs.push_back(std::move(l.event_refs[i]));
  }
  l.events = std::move(sorted_parts.events);
  l.event_sources = std::move(sorted_parts.event_sources);
  l.event_refs = std::move(sorted_parts.event_refs);
}

LedgerData read_ledger_file(const std::string& db_path) {
  auto db = open_ledger(db_path, Access::read_only);
  try {
    return load_ledger(*db);
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
}

}  // namespace gfund::ledger
