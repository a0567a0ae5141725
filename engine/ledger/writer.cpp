#include "engine/ledger/writer.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "engine/ledger/caches.hpp"
#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/store.hpp"
#include "models/decimal.hpp"
#include "models/schedule.hpp"
#include "models/text.hpp"

namespace gfund::ledger {
namespace {

// Staged events are tagged in LoanEvent::source with this bit, so a replay
// error can be traced back to its input row.
constexpr std::size_t kStagedBit = std::size_t{1} << 62;

std::string key(const std::string& source, const std::string& ref) { return source + '\x1f' + ref; }

std::string opt_minor(const std::optional<Money>& m) { return m ? std::to_string(m->minor()) : "-"; }

std::string terms_signature(const Agreement& a) {
  const auto& t = a.terms;
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", a.bank, a.currency.code_view(),
                     t.coverage.ppm, to_string(t.structure), opt_minor(t.per_loan_cap), opt_minor(t.portfolio_cap),
                     t.portfolio_cap_rate ? t.portfolio_cap_rate->ppm : -1, t.claim_trigger_dpd, t.lock_in_months,
                     t.payout_at_claim.ppm, t.annual_fee.ppm, t.fee_surcharge_informal.ppm, to_string(t.fee_payer),
                     format_date(t.available_from), format_date(t.available_to), t.association);
}

bool is_sequential(LoanEventKind k) {
  return k == LoanEventKind::restructure || k == LoanEventKind::claim || k == LoanEventKind::recovery ||
         k == LoanEventKind::claim_settlement;
}

// What a restructure row states, for the idempotency check: the same
// reference with other terms is a different row.
std::string terms_text(const RestructureTerms& t) {
  return fmt::format(" to {} for {} months {}", format_percent(t.annual_rate), t.term_months, to_string(t.schedule));
}

}  // namespace

struct Writer::Impl {
  std::string path;
  WriteOptions options;
  std::unique_ptr<SQLite::Database> db;
  std::optional<SQLite::Transaction> tx;
  LedgerData data;
  WriteReport report;

  // Natural keys of stored events -> a description of their content.
  std::unordered_map<std::string, std::string> stored_keys;
  std::unordered_map<std::string, std::string> staged_keys;

  struct Staged {
    EventInput in;
    bool fund = false;
    LoanEventKind loan_kind = LoanEventKind::repayment;
    FundEventKind fund_kind = FundEventKind::capital_in;
    std::size_t loan = 0;                // index into data.loans
    std::optional<std::int64_t> amount;  // minor units; none = computed
    LoanEvent event;                     // final event (loan kinds)
    std::int64_t schedule_version = 0;   // restructure
  };
  std::vector<Staged> staged;
  // Statements reused across rows (prepare once, bind/step/reset per row).
  std::unique_ptr<SQLite::Statement> ins_borrower, ins_loan, ins_sched0;
  SQLite::Statement& stmt(std::unique_ptr<SQLite::Statement>& p, const char* sql) {
    if (!p) p = std::make_unique<SQLite::Statement>(*db, sql);
    return *p;
  }
  std::map<std::int64_t, std::int64_t> next_schedule_version;  // loan id -> next version

  std::string content(const std::string& kind, const std::string& loan, const Date& d,
                      const std::optional<std::int64_t>& amount, const std::string& extra = "") {
    return fmt::format("{} on {}{}{}{}", kind, format_date(d), loan.empty() ? "" : " for loan " + loan,
                       amount ? fmt::format(" amount {}", *amount) : "", extra);
  }

  void build_keys() {
    for (const auto& l : data.loans)
      for (std::size_t i = 0; i < l.events.size(); ++i) {
        const auto& e = l.events[i];
        bool amount_known = e.kind != LoanEventKind::write_off && e.kind != LoanEventKind::restructure;
        std::optional<std::int64_t> amt;
        if (amount_known)
          amt = e.kind == LoanEventKind::claim ? std::max(e.owed_minor, e.fund_minor)
                : e.kind == LoanEventKind::claim_settlement ? e.fund_minor
                                                            : e.amount_minor;
        // A restructure stored before schema v3 has no terms: it matches any terms.
        std::string extra = e.kind == LoanEventKind::restructure && e.new_terms ? terms_text(*e.new_terms) : "";
        stored_keys[key(l.event_sources[i], l.event_refs[i])] =
            content(std::string(to_string(e.kind)), l.ref, e.date, amt, extra);
        auto& v = next_schedule_version[l.id];
        if (e.kind == LoanEventKind::restructure) v = std::max<std::int64_t>(v, 1) + 1;
      }
    for (const auto& f : data.fund_events)
      stored_keys[key(f.source, f.ref)] = content(std::string(to_string(f.kind)), "", f.date, f.amount_minor);
  }

  // Returns true if the row is already stored (or staged) with the same
  // content; throws if the same key holds other content.
  bool seen(const std::string& k, const std::string& c, const EventInput& in) {
    for (auto* m : {&stored_keys, &staged_keys}) {
      auto it = m->find(k);
      if (it == m->end()) continue;
      if (it->second == c) return true;
      throw DataError(fmt::format("duplicate transaction reference '{}' of '{}' with different content (stored: {}; "
                                  "this row: {})",
                                  in.ref, in.bank.empty() ? "FUND" : in.bank, it->second, c),
                      ErrorSite{in.site.file, in.site.line, "ref"});
    }
    return false;
  }

  [[noreturn]] void replay_failed(const StoredLoan& l, const LoanEventError& e, const Staged* cause) {
    const LoanEvent& ev = l.events[e.index()];
    if (ev.source & kStagedBit) {
      const Staged& s = staged[ev.source & ~kStagedBit];
      throw DataError(fmt::format("loan '{}' of bank '{}': {}", l.ref, l.bank, e.rule()),
                      ErrorSite{s.in.site.file, s.in.site.line, e.field()});
    }
    ErrorSite site = cause ? cause->in.site : ErrorSite{};
    throw DataError(fmt::format("loan '{}' of bank '{}': this row makes the stored {} of {} (event #{}) invalid: {}",
                                l.ref, l.bank, to_string(ev.kind), format_date(ev.date), ev.source, e.rule()),
                    site);
  }

  void check_fund_never_negative();

  void insert_sorted(StoredLoan& l, LoanEvent e, const std::string& source, const std::string& ref) {
    auto it = std::upper_bound(l.events.begin(), l.events.end(), e.date,
                               [](const Date& d, const LoanEvent& x) { return d < x.date; });
    auto pos = it - l.events.begin();
    l.events.insert(it, std::move(e));
    l.event_sources.insert(l.event_sources.begin() + pos, source);
    l.event_refs.insert(l.event_refs.begin() + pos, ref);
  }
};

// The fund's cash may never go below zero. Claims are already limited by the
// balance on their date, so only a capital_out (or a backdated one, under
// later claims) can break the rule: walk every dated movement in date order
// (same-day movements netted) and, if the balance dips below zero, refuse the
// batch's capital_out on or before that day.
void Writer::Impl::check_fund_never_negative() {
  auto& I = *this;
  const auto& d = I.data;
  bool any_out = false;
  for (const auto& s : I.staged) any_out |= s.fund && s.fund_kind == FundEventKind::capital_out;
  if (!any_out) return;
  std::map<Date, std::int64_t> by_day;
  for (const auto& f : d.fund_events)
    by_day[f.date] += f.kind == FundEventKind::capital_out ? -f.amount_minor : f.amount_minor;
  for (const auto& l : d.loans)
    for (const auto& e : l.events) {
      if (e.kind == LoanEventKind::claim || e.kind == LoanEventKind::claim_settlement) by_day[e.date] -= e.fund_minor;
      if (e.kind == LoanEventKind::recovery) by_day[e.date] += e.fund_minor;
    }
  std::int64_t balance = 0;
  for (const auto& [day, delta] : by_day) {
    const std::int64_t before = balance;
    balance += delta;
    if (balance >= 0) continue;
    // The batch's latest capital_out on or before `day` is the row at fault.
    const Staged* culprit = nullptr;
    for (const auto& s : I.staged)
      if (s.fund && s.fund_kind == FundEventKind::capital_out && !(day < s.in.date) &&
          (!culprit || !(s.in.date < culprit->in.date)))
        culprit = &s;
    if (!culprit) continue;  // an older imbalance this batch did not cause
    const Currency& c = d.fund_currency;
    throw DataError(fmt::format("capital_out of {} on {} would take the fund balance below zero (the fund balance "
                                "may not go negative): balance {} before {}, {} after",
                                format_money(Money(c, *culprit->amount)), format_date(culprit->in.date),
                                format_money(Money(c, before)), format_date(day), format_money(Money(c, balance))),
                    ErrorSite{culprit->in.site.file, culprit->in.site.line, "amount"});
  }
}

Writer::Writer(const std::string& db_path, WriteOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->path = db_path;
  impl_->options = options;
  impl_->report.dry_run = options.dry_run;
  impl_->db = open_ledger(db_path, Access::read_write);
  try {
    impl_->tx.emplace(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    impl_->data = load_ledger(*impl_->db);
  } catch (const std::exception& e) {
    rethrow_sqlite(e, db_path);
  }
  impl_->build_keys();
}

Writer::~Writer() = default;

void Writer::add_bank(const BankData& b, const ErrorSite& site) {
  auto& d = impl_->data;
  try {
    Bank bank(b);
    if (auto it = d.banks.find(bank.id); it != d.banks.end()) {
      if (it->second.name != bank.name)
        throw DataError(fmt::format("bank '{}' is already stored with name '{}'", bank.id, it->second.name),
                        ErrorSite{"", 0, "name"});
      ++impl_->report.unchanged["banks"];
      return;
    }
    SQLite::Statement q(*impl_->db, "INSERT INTO banks(id, name) VALUES (?, ?)");
    q.bind(1, bank.id);
    q.bind(2, bank.name);
    q.exec();
    d.banks.emplace(bank.id, bank);
    ++impl_->report.added["banks"];
  } catch (const Error& e) {
    throw e.located(site);
  }
}

void Writer::add_association(const AssociationData& a, const ErrorSite& site) {
  auto& d = impl_->data;
  try {
    Association as(a);
    if (auto it = d.associations.find(as.id); it != d.associations.end()) {
      if (it->second.name != as.name)
        throw DataError(fmt::format("association '{}' is already stored with name '{}'", as.id, it->second.name),
                        ErrorSite{"", 0, "name"});
      ++impl_->report.unchanged["associations"];
      return;
    }
    SQLite::Statement q(*impl_->db, "INSERT INTO associations(id, name) VALUES (?, ?)");
    q.bind(1, as.id);
    q.bind(2, as.name);
    q.exec();
    d.associations.emplace(as.id, as);
    ++impl_->report.added["associations"];
  } catch (const Error& e) {
    throw e.located(site);
  }
}

void Writer::add_borrower(const BorrowerData& b, const ErrorSite& site) {
  auto& d = impl_->data;
  try {
    Borrower br(b);
    if (!br.association.empty() && !d.associations.count(br.association))
      throw DataError(fmt::format("unknown association '{}'", br.association), ErrorSite{"", 0, "association"});
    if (auto it = d.borrowers.find(br.id); it != d.borrowers.end()) {
      const auto& s = it->second;
      if (s.sector != br.sector || s.province != br.province || s.registration != br.registration ||
          s.birth_year != br.birth_year || s.association != br.association)
        throw DataError(fmt::format("borrower '{}' is already stored with other details", br.id), ErrorSite{"", 0, "id"});
      ++impl_->report.unchanged["borrowers"];
      return;
    }
    auto& ins = impl_->stmt(impl_->ins_borrower,
                            "INSERT INTO borrowers(id, sector, province, registration, birth_year, association) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, br.id);
    ins.bind(2, br.sector);
    ins.bind(3, br.province);
    ins.bind(4, std::string(to_string(br.registration)));
    ins.bind(5, br.birth_year);
    if (br.association.empty()) ins.bind(6); else ins.bind(6, br.association);
    ins.exec();
    ins.reset();
    d.borrowers.emplace(br.id, br);
    ++impl_->report.added["borrowers"];
  } catch (const Error& e) {
    throw e.located(site);
  }
}

void Writer::add_agreement(const Agreement& a, const ErrorSite& site) {
  auto& d = impl_->data;
  try {
    if (!d.banks.count(a.bank)) throw DataError(fmt::format("unknown bank '{}'", a.bank), ErrorSite{"", 0, "bank"});
    const auto& t = a.terms;
    if (!t.association.empty() && !d.associations.count(t.association))
      throw DataError(fmt::format("unknown association '{}'", t.association), ErrorSite{"", 0, "association"});
    if (!(a.currency == d.fund_currency))
      throw DataError(fmt::format("currency mismatch: the fund accounts in {}, the agreement pays claims in {}",
                                  d.fund_currency.code_view(), a.currency.code_view()),
                      ErrorSite{"", 0, "currency"});
    if (const auto* s = d.agreement(a.id)) {
      if (terms_signature(*s) != terms_signature(a))
        throw DataError(fmt::format("agreement '{}' is already stored with other terms", a.id), ErrorSite{"", 0, "id"});
      ++impl_->report.unchanged["agreements"];
      return;
    }
    SQLite::Statement q(*impl_->db,
                        "INSERT INTO agreements(id, bank, association, currency, coverage_ppm, structure, "
                        "per_loan_cap_minor, portfolio_cap_minor, portfolio_cap_rate_ppm, claim_trigger_dpd, "
                        "lock_in_months, payout_at_claim_ppm, annual_fee_ppm, fee_surcharge_informal_ppm, fee_payer, "
                        "available_from, available_to) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, a.id);
    q.bind(2, a.bank);
    if (t.association.empty()) q.bind(3); else q.bind(3, t.association);
    q.bind(4, std::string(a.currency.code_view()));
    q.bind(5, t.coverage.ppm);
    q.bind(6, std::string(to_string(t.structure)));
    if (t.per_loan_cap) q.bind(7, t.per_loan_cap->minor()); else q.bind(7);
    if (t.portfolio_cap) q.bind(8, t.portfolio_cap->minor()); else q.bind(8);
    if (t.portfolio_cap_rate) q.bind(9, t.portfolio_cap_rate->ppm); else q.bind(9);
    q.bind(10, t.claim_trigger_dpd);
    q.bind(11, t.lock_in_months);
    q.bind(12, t.payout_at_claim.ppm);
    q.bind(13, t.annual_fee.ppm);
    q.bind(14, t.fee_surcharge_informal.ppm);
    q.bind(15, std::string(to_string(t.fee_payer)));
    q.bind(16, format_date(t.available_from));
    q.bind(17, format_date(t.available_to));
    q.exec();
    d.agreements.push_back(a);
    ++impl_->report.added["agreements"];
  } catch (const Error& e) {
    throw e.located(site);
  }
}

void Writer::add_loan(const LoanInput& in) {
  auto& d = impl_->data;
  try {
    if (!d.banks.count(in.loan.bank))
      throw DataError(fmt::format("unknown bank '{}'", in.loan.bank), ErrorSite{"", 0, "bank"});
    auto bit = d.borrowers.find(in.loan.borrower);
    if (bit == d.borrowers.end())
      throw DataError(fmt::format("unknown borrower '{}'", in.loan.borrower), ErrorSite{"", 0, "borrower"});
    Loan loan(in.loan);
    // Resolve the guarantee agreement.
    std::string agreement;
    if (in.agreement == "none") {
    } else if (!in.agreement.empty()) {
      const auto* a = d.agreement(in.agreement);
      if (!a) throw DataError(fmt::format("unknown agreement '{}'", in.agreement), ErrorSite{"", 0, "agreement"});
      if (a->bank != loan.bank)
        throw DataError(fmt::format("agreement '{}' belongs to bank '{}', not '{}'", a->id, a->bank, loan.bank),
                        ErrorSite{"", 0, "agreement"});
      if (!(a->currency == loan.principal.currency()))
        throw DataError(fmt::format("currency mismatch: agreement '{}' covers {} loans, this loan is in {}", a->id,
                                    a->currency.code_view(), loan.principal.currency().code_view()),
                        ErrorSite{"", 0, "currency"});
      if (!a->terms.enrols(loan.disbursed))
        throw DataError(fmt::format("agreement '{}' enrols loans disbursed {} to {}, this one was disbursed {}", a->id,
                                    format_date(a->terms.available_from), format_date(a->terms.available_to),
                                    format_date(loan.disbursed)),
                        ErrorSite{"", 0, "agreement"});
      if (!a->terms.association.empty() && a->terms.association != bit->second.association)
        throw DataError(fmt::format("agreement '{}' covers members of '{}' only; borrower '{}' is not one", a->id,
                                    a->terms.association, loan.borrower),
                        ErrorSite{"", 0, "agreement"});
      agreement = a->id;
    } else {
      // The bank's agreement for the borrower's association wins over its general one.
      const std::string& assoc = bit->second.association;
      for (int pass = 0; pass < 2 && agreement.empty(); ++pass)
        for (const auto& a : d.agreements) {
          if (a.bank != loan.bank || !(a.currency == loan.principal.currency()) || !a.terms.enrols(loan.disbursed))
            continue;
          if ((pass == 0 && !assoc.empty() && a.terms.association == assoc) ||
              (pass == 1 && a.terms.association.empty())) {
            agreement = a.id;
            break;
          }
        }
    }
    if (loan.above_rate_cap()) {
      if (impl_->options.refuse_above_rate_cap)
        throw DataError(fmt::format("rate {} is above the {} a year cap (refused by --refuse-above-cap)",
                                    format_percent(loan.annual_rate), format_percent(kRateCapAnnual)),
                        ErrorSite{"", 0, "annual_rate"});
      impl_->report.notices.push_back(fmt::format("{}:{}: loan '{}' of bank '{}': rate {} is above the {} a year cap "
                                                  "(flagged)",
                                                  in.site.file, in.site.line, loan.ref, loan.bank,
                                                  format_percent(loan.annual_rate), format_percent(kRateCapAnnual)));
    }
    if (const StoredLoan* s = d.find_loan(loan.bank, loan.ref)) {
      if (s->borrower != loan.borrower || s->principal_minor != loan.principal.minor() ||
          !(s->currency == loan.principal.currency()) || s->annual_rate != loan.annual_rate ||
          s->term_months != loan.term_months || s->disbursed != loan.disbursed || s->schedule != loan.schedule)
        throw DataError(fmt::format("loan '{}' of bank '{}' is already stored with other terms", loan.ref, loan.bank),
                        ErrorSite{"", 0, "loan"});
      ++impl_->report.unchanged["loans"];
      return;
    }
    auto schedule = build_schedule(schedule_spec(loan));
    auto& q = impl_->stmt(impl_->ins_loan,
                        "INSERT INTO loans(bank, ref, borrower, agreement, currency, principal_minor, annual_rate_ppm, "
                        "term_months, schedule, grace, grace_months, disbursed, first_due, above_rate_cap) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, loan.bank);
    q.bind(2, loan.ref);
    q.bind(3, loan.borrower);
    if (agreement.empty()) q.bind(4); else q.bind(4, agreement);
    q.bind(5, std::string(loan.principal.currency().code_view()));
    q.bind(6, loan.principal.minor());
    q.bind(7, loan.annual_rate.ppm);
    q.bind(8, loan.term_months);
    q.bind(9, std::string(to_string(loan.schedule)));
    q.bind(10, std::string(to_string(loan.grace)));
    q.bind(11, loan.grace_months);
    q.bind(12, format_date(loan.disbursed));
    q.bind(13, format_date(loan.first_due_date()));
    q.bind(14, loan.above_rate_cap() ? 1 : 0);
    q.exec();
    q.reset();
    q.clearBindings();
    StoredLoan l;
    l.id = impl_->db->getLastInsertRowid();
    l.bank = loan.bank;
    l.ref = loan.ref;
    l.borrower = loan.borrower;
    l.agreement = agreement;
    l.currency = loan.principal.currency();
    l.principal_minor = loan.principal.minor();
    l.annual_rate = loan.annual_rate;
    l.term_months = loan.term_months;
    l.schedule = loan.schedule;
    l.grace = loan.grace;
    l.grace_months = loan.grace_months;
    l.disbursed = loan.disbursed;
    l.first_due = loan.first_due_date();
    l.above_rate_cap = loan.above_rate_cap();
    auto& s = impl_->stmt(impl_->ins_sched0, "INSERT INTO schedules(loan, version, number, due, principal_minor, "
                                             "interest_minor) VALUES (?, 0, ?, ?, ?, ?)");
    for (const auto& inst : schedule) {
      s.bind(1, l.id);
      s.bind(2, inst.number);
      s.bind(3, format_date(inst.due));
      s.bind(4, inst.principal.minor());
      s.bind(5, inst.interest.minor());
      s.exec();
      s.reset();
      l.dues.push_back(Due{inst.due, inst.principal.minor(), inst.interest.minor()});
    }
    d.loan_index.emplace(LedgerData::loan_key(l.bank, l.ref), d.loans.size());
    d.loans.push_back(std::move(l));
    ++impl_->report.added["loans"];
  } catch (const Error& e) {
    throw e.located(in.site);
  }
}

void Writer::add_event(const EventInput& in) {
  auto& d = impl_->data;
  Impl::Staged s;
  s.in = in;
  auto field_error = [&](const char* field, std::string rule) {
    return DataError(std::move(rule), ErrorSite{in.site.file, in.site.line, field});
  };
  if (in.ref.empty()) throw field_error("ref", "required: the transaction reference");
  try {
    check_text(in.ref, "ref", kReferenceBytesMax);
  } catch (const Error& e) {
    throw e.located(in.site);
  }
  Currency cur = d.fund_currency;
  std::string source = in.bank.empty() ? "FUND" : in.bank;
  if (!in.bank.empty() && !d.banks.count(in.bank)) throw field_error("bank", fmt::format("unknown bank '{}'", in.bank));
  if (auto fk = parse_fund_event_kind(in.kind)) {
    s.fund = true;
    s.fund_kind = *fk;
    if (!in.loan.empty()) throw field_error("loan", fmt::format("a {} is a fund event: leave loan empty", in.kind));
  } else if (auto lk = parse_loan_event_kind(in.kind)) {
    s.loan_kind = *lk;
    if (in.bank.empty()) throw field_error("bank", "required for a loan event");
    const StoredLoan* l = d.find_loan(in.bank, in.loan);
    if (!l) throw field_error("loan", fmt::format("unknown loan '{}' of bank '{}'", in.loan, in.bank));
    s.loan = static_cast<std::size_t>(l - d.loans.data());
    cur = l->currency;
  } else {
    throw field_error("kind", fmt::format("unknown event kind '{}'", in.kind));
  }
  if (!in.currency.empty()) {
    Currency c;
    try {
      c = currency_from_code(in.currency);
    } catch (const Error& e) {
      throw e.located(ErrorSite{in.site.file, in.site.line, "currency"});
    }
    if (!(c == cur))
      throw field_error("currency", fmt::format("currency mismatch: {} {}, this row says {}",
                                                s.fund ? "the fund accounts in" : "the loan is in", cur.code_view(),
                                                c.code_view()));
  }
  const bool amount_optional = !s.fund && (s.loan_kind == LoanEventKind::write_off ||
                                           s.loan_kind == LoanEventKind::claim ||
                                           s.loan_kind == LoanEventKind::claim_settlement ||
                                           s.loan_kind == LoanEventKind::restructure);
  if (!in.amount.empty()) {
    try {
      s.amount = parse_money(in.amount, cur).minor();
    } catch (const Error& e) {
      throw e.located(ErrorSite{in.site.file, in.site.line, "amount"});
    }
    if (*s.amount <= 0) throw field_error("amount", "amount must be > 0");
  } else if (!amount_optional) {
    throw field_error("amount", "required");
  }
  if (!s.fund && s.loan_kind == LoanEventKind::restructure && (!in.annual_rate || !in.term_months || !in.schedule))
    throw field_error("term_months", "a restructure needs annual_rate, term_months and schedule");
  std::string k = key(source, in.ref);
  const bool restructure = !s.fund && s.loan_kind == LoanEventKind::restructure;
  std::string c = impl_->content(in.kind, in.loan, in.date,
                                 (s.fund || (s.loan_kind != LoanEventKind::write_off && !restructure))
                                     ? s.amount
                                     : std::nullopt,
                                 restructure ? terms_text(RestructureTerms{*in.annual_rate, *in.term_months,
                                                                           *in.schedule})
                                             : "");
  // A restructure stored before schema v3 (no terms kept) matches any terms.
  if (restructure) {
    auto it = impl_->stored_keys.find(k);
    if (it != impl_->stored_keys.end() && it->second == impl_->content(in.kind, in.loan, in.date, std::nullopt)) {
      ++impl_->report.unchanged[in.kind];
      return;
    }
  }
  // A claim's stored amount is the fund's share (a settlement's, what it
  // paid); a row without one matches any.
  if (!s.fund && (s.loan_kind == LoanEventKind::claim || s.loan_kind == LoanEventKind::claim_settlement) &&
      !s.amount) {
    auto it = impl_->stored_keys.find(k);
    if (it != impl_->stored_keys.end() && it->second.rfind(c, 0) == 0) {
      ++impl_->report.unchanged[in.kind];
      return;
    }
  }
  if (impl_->seen(k, c, in)) {
    ++impl_->report.unchanged[in.kind];
    return;
  }
  impl_->staged_keys[k] = c;
  impl_->staged.push_back(std::move(s));
}

WriteReport Writer::finish() {
  auto& I = *impl_;
  auto& d = I.data;
  const Date end = end_of_time();
  try {
    // Touched loans and their state before this batch (for backdating notices).
    struct Before {
      Date last{};
      LoanPosition pos;
      Date earliest_new = end_of_time();
      const Impl::Staged* first = nullptr;
    };
    std::map<std::size_t, Before> touched;
    for (const auto& s : I.staged) {
      if (s.fund) continue;
      auto [it, fresh] = touched.try_emplace(s.loan);
      if (fresh) {
        const auto& l = d.loans[s.loan];
        it->second.last = l.events.empty() ? Date{} : l.events.back().date;
        if (!l.events.empty()) it->second.pos = position_at(d, l, it->second.last);
        it->second.first = &s;
      }
      it->second.earliest_new = std::min(it->second.earliest_new, s.in.date);
    }
    // Step 1: events whose amounts are given, checked by replaying each loan.
    for (std::size_t i = 0; i < I.staged.size(); ++i) {
      auto& s = I.staged[i];
      if (s.fund || is_sequential(s.loan_kind)) continue;
      s.event = LoanEvent{.kind = s.loan_kind, .date = s.in.date, .amount_minor = s.amount.value_or(0),
                          .source = kStagedBit | i};
      I.insert_sorted(d.loans[s.loan], s.event, s.in.bank, s.in.ref);
    }
    std::set<std::size_t> has_sequential;
    for (const auto& s : I.staged)
      if (!s.fund && is_sequential(s.loan_kind)) has_sequential.insert(s.loan);
    for (auto& [idx, b] : touched) {
      if (has_sequential.count(idx)) continue;  // checked after its restructure/claim/recovery is placed
      try {
        position_at(d, d.loans[idx], end);
      } catch (const LoanEventError& e) {
        I.replay_failed(d.loans[idx], e, b.first);
      }
    }
    // Step 2: restructures, claims and recoveries in date order; each needs
    // the loan's and the fund's state on its date.
    std::vector<std::size_t> seq;
    for (std::size_t i = 0; i < I.staged.size(); ++i)
      if (!I.staged[i].fund && is_sequential(I.staged[i].loan_kind)) seq.push_back(i);
    std::stable_sort(seq.begin(), seq.end(),
                     [&](std::size_t a, std::size_t b) { return I.staged[a].in.date < I.staged[b].in.date; });
    // Fund fee/capital events of this batch count toward the balance a claim may use.
    for (auto& s : I.staged)
      if (s.fund) d.fund_events.push_back(FundEvent{0, s.fund_kind, s.in.bank.empty() ? "FUND" : s.in.bank, s.in.ref,
                                                    s.in.date, *s.amount});
    std::stable_sort(d.fund_events.begin(), d.fund_events.end(),
                     [](const FundEvent& a, const FundEvent& b) { return a.date < b.date; });
    // The fund's balance and each agreement's enrolled volume and claims on
    // a date come from one sweep over every dated money movement (not a
    // re-scan per claim: a large book has thousands of claims).
    struct Delta {
      Date date;
      std::int64_t fund = 0;
      std::size_t agreement = 0;  // index + 1; 0 = none
      std::int64_t enrolled = 0, claims = 0;
      std::int64_t due = 0;       // change in claims owed by the fund and not yet paid
    };
    std::vector<Delta> deltas;
    std::map<std::string, std::size_t> agr_index;
    for (std::size_t a = 0; a < d.agreements.size(); ++a) agr_index[d.agreements[a].id] = a + 1;
    std::vector<std::int64_t> agr_enrolled(d.agreements.size() + 1, 0), agr_claims(d.agreements.size() + 1, 0);
    std::int64_t fund_balance = 0;
    std::int64_t fund_due = 0;  // claim balances due (staged payout): promised, so not available to new claims
    if (!seq.empty()) {
      for (const auto& f : d.fund_events)
        deltas.push_back({f.date, f.kind == FundEventKind::capital_out ? -f.amount_minor : f.amount_minor});
      for (const auto& l : d.loans) {
        std::size_t ai = l.agreement.empty() ? 0 : agr_index[l.agreement];
        for (const auto& e : l.events) {
          if (e.source & kStagedBit && is_sequential(e.kind)) continue;
          if (e.kind == LoanEventKind::disbursement && ai) deltas.push_back({e.date, 0, ai, e.amount_minor, 0});
          if (e.kind == LoanEventKind::claim)
            deltas.push_back({e.date, -e.fund_minor, ai, 0, std::max(e.owed_minor, e.fund_minor),
                              std::max(e.owed_minor, e.fund_minor) - e.fund_minor});
          if (e.kind == LoanEventKind::claim_settlement)
            deltas.push_back({e.date, -e.fund_minor, 0, 0, 0, -e.fund_minor});
          if (e.kind == LoanEventKind::recovery) deltas.push_back({e.date, e.fund_minor, 0, 0, 0});
        }
      }
      std::stable_sort(deltas.begin(), deltas.end(), [](const Delta& a, const Delta& b) { return a.date < b.date; });
    }
    std::size_t swept = 0;
    for (std::size_t i : seq) {
      auto& s = I.staged[i];
      for (; swept < deltas.size() && !(s.in.date < deltas[swept].date); ++swept) {
        const Delta& x = deltas[swept];
        fund_balance += x.fund;
        fund_due += x.due;
        agr_enrolled[x.agreement] += x.enrolled;
        agr_claims[x.agreement] += x.claims;
      }
      StoredLoan& l = d.loans[s.loan];
      const ErrorSite site = s.in.site;
      auto fail = [&](const char* field, std::string rule) {
        throw DataError(fmt::format("loan '{}' of bank '{}': {}", l.ref, l.bank, rule),
                        ErrorSite{site.file, site.line, field});
      };
      LoanPosition pos;
      try {
        pos = position_at(d, l, s.in.date);
      } catch (const LoanEventError& e) {
        I.replay_failed(l, e, &s);
      }
      LoanEvent ev{.kind = s.loan_kind, .date = s.in.date, .amount_minor = 0, .source = kStagedBit | i};
      if (s.loan_kind == LoanEventKind::restructure) {
        if (!pos.live() || pos.outstanding_minor() <= 0) fail("date", "restructure of a loan with nothing outstanding");
        ScheduleSpec spec{.principal = Money(l.currency, pos.outstanding_minor()),
                          .annual_rate = *s.in.annual_rate,
                          .term_months = *s.in.term_months,
                          .type = *s.in.schedule,
                          .first_due = add_months(s.in.date, 1)};
        std::vector<Installment> inst;
        try {
          inst = build_schedule(spec);
        } catch (const Error& e) {
          throw e.located(ErrorSite{site.file, site.line, "term_months"});
        }
        for (const auto& x : inst) ev.new_schedule.push_back(Due{x.due, x.principal.minor(), x.interest.minor()});
        ev.new_terms = RestructureTerms{*s.in.annual_rate, *s.in.term_months, *s.in.schedule};
        auto& v = I.next_schedule_version[l.id];
        v = std::max<std::int64_t>(v, 1);
        s.schedule_version = v++;
        ev.amount_minor = pos.outstanding_minor();
      } else if (s.loan_kind == LoanEventKind::claim) {
        const Agreement* a = l.agreement.empty() ? nullptr : d.agreement(l.agreement);
        if (!a) fail("loan", "the loan is not guaranteed by any agreement: nothing to claim");
        if (pos.claimed) fail("loan", "the loan was already claimed");
        Date lock_end = add_months(a->terms.available_from, a->terms.lock_in_months);
        if (s.in.date < lock_end)
          fail("date", fmt::format("claim within the agreement's lock-in period (claims from {})", format_date(lock_end)));
        if (!pos.written_off && pos.days_past_due < a->terms.claim_trigger_dpd)
          fail("date", fmt::format("claim before the trigger: {} days past due on {}, agreement '{}' needs {}",
                                   pos.days_past_due, format_date(s.in.date), a->id, a->terms.claim_trigger_dpd));
        std::int64_t loss = pos.written_off ? pos.written_off_minor : pos.outstanding_minor();
        const std::size_t ai = agr_index[a->id];
        auto cap = a->terms.effective_portfolio_cap(Money(a->currency, agr_enrolled[ai]));
        std::int64_t room = cap ? std::max<std::int64_t>(cap->minor() - agr_claims[ai], 0) : -1;
        // The balance less what earlier staged claims still owe.
        std::int64_t avail = std::max<std::int64_t>(fund_balance - fund_due, 0);
        std::int64_t plc = a->terms.per_loan_cap ? a->terms.per_loan_cap->minor() : -1;
        ClaimSplit split = split_claim(loss, a->terms.coverage, plc, room, avail);
        std::int64_t pay = split.fund_minor;
        if (s.amount) {
          if (*s.amount > split.fund_minor)
            fail("amount", fmt::format("claim above a cap: {} claimed, agreement '{}' allows {} on a loss of {} "
                                       "(limited by {})",
                                       format_money(Money(l.currency, *s.amount)), a->id,
                                       format_money(Money(l.currency, split.fund_minor)),
                                       format_money(Money(l.currency, loss)),
                                       split.limit == ClaimLimit::none ? "coverage" : to_string(split.limit)));
          pay = *s.amount;
        }
        // Staged payout: payout_at_claim of the fund's share now (rounded
        // once, half-even), the rest (the claim balance due) by a later
        // claim_settlement. The whole share counts against the portfolio cap.
        const std::int64_t owed = pay;
        const std::int64_t now = round_to_int(Decimal(owed) * a->terms.payout_at_claim.to_decimal());
        ev.amount_minor = loss;
        ev.fund_minor = now;
        ev.owed_minor = owed;
        fund_balance -= now;
        fund_due += owed - now;
        agr_claims[ai] += owed;
        I.report.notices.push_back(fmt::format(
            "claim {} on loan '{}' of bank '{}': loss {}, the fund pays {}{}{}", s.in.ref, l.ref, l.bank,
            format_money(Money(l.currency, loss)), format_money(Money(l.currency, owed)),
            split.limit == ClaimLimit::none ? "" : fmt::format(" (limited by {})", to_string(split.limit)),
            now == owed ? ""
                        : fmt::format("; {} paid now ({} at claim), {} due when recovery ends (gfund claim-settle)",
                                      format_money(Money(l.currency, now)), format_percent(a->terms.payout_at_claim),
                                      format_money(Money(l.currency, owed - now)))));
      } else if (s.loan_kind == LoanEventKind::claim_settlement) {
        if (!pos.claimed) fail("loan", "claim settlement on a loan that was not claimed");
        const std::int64_t due = pos.claim_due_minor();
        if (due <= 0) fail("loan", "no claim balance due: the claim was paid in full");
        const std::int64_t pay = s.amount.value_or(due);
        if (pay > due)
          fail("amount", fmt::format("claim settlement of {} exceeds the claim balance due ({})",
                                     format_money(Money(l.currency, pay)), format_money(Money(l.currency, due))));
        if (pay > fund_balance)
          fail("amount", fmt::format("claim settlement of {} exceeds the fund balance on {} ({})",
                                     format_money(Money(l.currency, pay)), format_date(s.in.date),
                                     format_money(Money(l.currency, fund_balance))));
        ev.amount_minor = pay;
        ev.fund_minor = pay;
        fund_balance -= pay;
        fund_due -= pay;
        I.report.notices.push_back(fmt::format("claim settlement {} on loan '{}' of bank '{}': the fund pays {}, {} "
                                               "still due",
                                               s.in.ref, l.ref, l.bank, format_money(Money(l.currency, pay)),
                                               format_money(Money(l.currency, due - pay))));
      } else {  // recovery
        if (!pos.claimed && !pos.written_off) fail("loan", "recovery on a loan that was neither claimed nor written off");
        std::int64_t limit = pos.claimed ? pos.claim_loss_minor : pos.written_off_minor;
        if (pos.recovered_minor + *s.amount > limit)
          fail("amount", fmt::format("recovery larger than the claim: recoveries would total {}, the loss was {}",
                                     format_money(Money(l.currency, pos.recovered_minor + *s.amount)),
                                     format_money(Money(l.currency, limit))));
        ev.amount_minor = *s.amount;
        if (pos.claimed) {
          const Agreement* a = d.agreement(l.agreement);
          // Shared on the fund's full share of the claim (paid or still due).
          ev.fund_minor = recovery_to_fund(a->terms.structure, *s.amount, pos.recovered_minor, pos.claim_owed_minor,
                                           pos.claim_loss_minor);
          fund_balance += ev.fund_minor;
        }
      }
      s.event = ev;
      I.insert_sorted(l, ev, s.in.bank, s.in.ref);
      try {
        position_at(d, l, end);
      } catch (const LoanEventError& e) {
        I.replay_failed(l, e, &s);
      }
    }
    I.check_fund_never_negative();
    // Backdated events: later events were re-allocated; say what changed.
    for (auto& [idx, b] : touched) {
      const auto& l = d.loans[idx];
      if (b.last == Date{} || !(b.earliest_new < b.last)) continue;
      LoanPosition after = position_at(d, l, b.last);
      std::size_t later = 0;
      for (const auto& e : l.events)
        if (e.date > b.earliest_new && !(e.source & kStagedBit)) ++later;
      I.report.notices.push_back(fmt::format(
          "loan '{}' of bank '{}': backdated event on {}; {} later stored events replayed; on {} outstanding {} -> {}, "
          "interest paid {} -> {}, days past due {} -> {}",
          l.ref, l.bank, format_date(b.earliest_new), later, format_date(b.last),
          format_money(Money(l.currency, b.pos.outstanding_minor())), format_money(Money(l.currency, after.outstanding_minor())),
          format_money(Money(l.currency, b.pos.interest_paid_minor)), format_money(Money(l.currency, after.interest_paid_minor)),
          b.pos.days_past_due, after.days_past_due));
    }
    // Step 3: write the events (date order, so ids follow time) and the caches.
    std::vector<std::size_t> order(I.staged.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return I.staged[a].in.date < I.staged[b].in.date; });
    SQLite::Statement ins(*I.db,
                          "INSERT INTO events(kind, source, ref, loan, date, currency, amount_minor, fund_minor, "
                          "schedule_version, owed_minor, new_rate_ppm, new_term_months, new_schedule) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement sched(*I.db, "INSERT INTO schedules(loan, version, number, due, principal_minor, interest_minor) "
                                   "VALUES (?,?,?,?,?,?)");
    for (std::size_t i : order) {
      const auto& s = I.staged[i];
      ins.bind(1, s.in.kind);
      ins.bind(2, s.in.bank.empty() ? std::string("FUND") : s.in.bank);
      ins.bind(3, s.in.ref);
      ins.bind(5, format_date(s.in.date));
      for (int c = 10; c <= 13; ++c) ins.bind(c);
      if (!s.fund && s.loan_kind == LoanEventKind::claim) ins.bind(10, s.event.owed_minor);
      if (!s.fund && s.event.new_terms) {
        ins.bind(11, s.event.new_terms->annual_rate.ppm);
        ins.bind(12, s.event.new_terms->term_months);
        ins.bind(13, std::string(to_string(s.event.new_terms->schedule)));
      }
      if (s.fund) {
        ins.bind(4);
        ins.bind(6, std::string(d.fund_currency.code_view()));
        ins.bind(7, *s.amount);
        ins.bind(8, std::int64_t{0});
        ins.bind(9);
      } else {
        const auto& l = d.loans[s.loan];
        ins.bind(4, l.id);
        ins.bind(6, std::string(l.currency.code_view()));
        std::int64_t amount = s.event.amount_minor;
        if (s.loan_kind == LoanEventKind::write_off) amount = position_at(d, l, s.in.date).written_off_minor;
        ins.bind(7, amount);
        ins.bind(8, s.event.fund_minor);
        if (s.loan_kind == LoanEventKind::restructure) {
          ins.bind(9, s.schedule_version);
          int n = 0;
          for (const auto& due : s.event.new_schedule) {
            sched.bind(1, l.id);
            sched.bind(2, s.schedule_version);
            sched.bind(3, ++n);
            sched.bind(4, format_date(due.due));
            sched.bind(5, due.principal_minor);
            sched.bind(6, due.interest_minor);
            sched.exec();
            sched.reset();
          }
        } else {
          ins.bind(9);
        }
      }
      ins.exec();
      ins.reset();
      ++I.report.added[s.in.kind];
    }
    std::vector<std::size_t> idx;
    for (const auto& [i, b] : touched) idx.push_back(i);
    // New loans without events still get a cache row.
    for (std::size_t i = 0; i < d.loans.size(); ++i)
      if (!touched.count(i) && d.loans[i].events.empty()) idx.push_back(i);
    write_caches(*I.db, d, idx);
    if (!I.options.dry_run) I.tx->commit();
    I.tx.reset();  // a dry run rolls back here
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrow_sqlite(e, I.path);
  }
  return I.report;
}

}  // namespace gfund::ledger
