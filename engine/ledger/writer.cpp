// The Writer's rows as they come: reference data and loans are checked and
// inserted at once, loan and fund events checked and staged for finish()
// (writer_finish.cpp).
#include "engine/ledger/writer.hpp"

#include "engine/ledger/store.hpp"
#include "engine/ledger/writer_impl.hpp"
#include "models/schedule.hpp"
#include "models/decimal.hpp"
#include "models/text.hpp"

#include <algorithm>
#include <tuple>

namespace gfund::ledger {

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
  } catch (Error& e) {
    e.locate(site);
    throw;
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
  } catch (Error& e) {
    e.locate(site);
    throw;
  }
}

void Writer::add_fx_rate(const FxRateInput& r, const ErrorSite& site) {
  auto& d = impl_->data;
  try {
    const Currency c = currency_from_code(r.currency);
    const std::string code(c.code_view());
    if (c == d.fund_currency)
      throw DataError(fmt::format("{} is the fund's own currency: it needs no rate", code), ErrorSite{"", 0, "currency"});
    const double rate = static_cast<double>(parse_decimal(r.per_fund_unit));
    if (!(rate > 0.0) || rate > kFxRateMax)
      throw DataError(fmt::format("rate {} is not above 0 and at most {:.0f} {} per {}", r.per_fund_unit, kFxRateMax, code,
                                  d.fund_currency.code_view()),
                      ErrorSite{"", 0, "per_fund_unit"});
    for (const auto& f : d.fx_rates)
      if (f.currency == code && f.date == r.date) {
        if (f.per_fund_unit != rate)
          throw DataError(fmt::format("the {} rate of {} is already stored as {}", code, format_date(r.date), f.text),
                          ErrorSite{"", 0, "per_fund_unit"});
        ++impl_->report.unchanged["fx_rates"];
        return;
      }
    SQLite::Statement q(*impl_->db, "INSERT INTO fx_rates(date, currency, per_fund_unit) VALUES (?, ?, ?)");
    q.bind(1, format_date(r.date));
    q.bind(2, code);
    q.bind(3, r.per_fund_unit);
    q.exec();
    StoredFxRate stored{r.date, code, r.per_fund_unit, rate};
    const auto at = std::upper_bound(d.fx_rates.begin(), d.fx_rates.end(), stored, [](const auto& a, const auto& b) {
      return std::tie(a.currency, a.date) < std::tie(b.currency, b.date);
    });
    d.fx_rates.insert(at, stored);
    ++impl_->report.added["fx_rates"];
  } catch (Error& e) {
    e.locate(site);
    throw;
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
          s.birth_year != br.birth_year || s.association != br.association || s.gender != br.gender ||
          s.first_time != br.first_time)
        throw DataError(fmt::format("borrower '{}' is already stored with other details", br.id), ErrorSite{"", 0, "id"});
      ++impl_->report.unchanged["borrowers"];
      return;
    }
    auto& ins = impl_->stmt(impl_->ins_borrower,
                            "INSERT INTO borrowers(id, sector, province, registration, birth_year, association, "
                            "gender, first_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, br.id);
    ins.bind(2, br.sector);
    ins.bind(3, br.province);
    ins.bind(4, std::string(to_string(br.registration)));
    ins.bind(5, br.birth_year);
    if (br.association.empty()) ins.bind(6); else ins.bind(6, br.association);
    if (br.gender) ins.bind(7, std::string(to_string(*br.gender))); else ins.bind(7);
    if (br.first_time) ins.bind(8, *br.first_time ? 1 : 0); else ins.bind(8);
    ins.exec();
    ins.reset();
    d.borrowers.emplace(br.id, br);
    ++impl_->report.added["borrowers"];
  } catch (Error& e) {
    e.locate(site);
    throw;
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
      if (const auto diff = first_difference(*s, a))
        throw DataError(fmt::format("agreement '{}' exists with a different {}: {} stored vs {} in this row", a.id,
                                    diff->field, diff->stored, diff->given),
                        ErrorSite{"", 0, diff->field});
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
    d.add_agreement(a);
    ++impl_->report.added["agreements"];
  } catch (Error& e) {
    e.locate(site);
    throw;
  }
}

std::vector<ChainField> loan_chain_fields(const StoredLoan& l) {
  return {l.bank,
          l.ref,
          l.borrower,
          l.agreement.empty() ? ChainField{} : ChainField{l.agreement},
          std::string(l.currency.code_view()),
          l.principal_minor,
          static_cast<std::int64_t>(l.annual_rate.ppm),
          static_cast<std::int64_t>(l.term_months),
          std::string(to_string(l.schedule)),
          std::string(to_string(l.grace)),
          static_cast<std::int64_t>(l.grace_months),
          format_date(l.disbursed),
          format_date(l.first_due),
          std::int64_t{l.above_rate_cap ? 1 : 0}};
}

std::string_view to_string(WriteStage stage) {
  switch (stage) {
    case WriteStage::checking: return "Checking rows";
    case WriteStage::replaying: return "Replaying loans";
    case WriteStage::writing: return "Writing events";
  }
  return "Writing";
}

namespace {

DataError agreement_error(std::string rule) { return DataError(std::move(rule), ErrorSite{"", 0, "agreement"}); }

// An agreement named on the loan's row: it must be the loan's bank's, in its
// currency, open on its disbursement date and for its borrower.
std::string named_agreement(const LedgerData& d, const std::string& id, const Loan& loan, const Borrower& borrower) {
  const auto* a = d.agreement(id);
  if (!a) throw agreement_error(fmt::format("unknown agreement '{}'", id));
  if (a->bank != loan.bank)
    throw agreement_error(fmt::format("agreement '{}' belongs to bank '{}', not '{}'", a->id, a->bank, loan.bank));
  if (!(a->currency == loan.principal.currency()))
    throw DataError(fmt::format("currency mismatch: agreement '{}' covers {} loans, this loan is in {}", a->id,
                                a->currency.code_view(), loan.principal.currency().code_view()),
                    ErrorSite{"", 0, "currency"});
  if (!a->terms.enrols(loan.disbursed))
    throw agreement_error(fmt::format("agreement '{}' enrols loans disbursed {} to {}, this one was disbursed {}",
                                      a->id, format_date(a->terms.available_from), format_date(a->terms.available_to),
                                      format_date(loan.disbursed)));
  if (!a->terms.association.empty() && a->terms.association != borrower.association)
    throw agreement_error(fmt::format("agreement '{}' covers members of '{}' only; borrower '{}' is not one", a->id,
                                      a->terms.association, loan.borrower));
  return a->id;
}

// No agreement named: the bank's agreement for the borrower's association
// wins over its general one; "" when none enrols the loan.
std::string default_agreement(const LedgerData& d, const Loan& loan, const Borrower& borrower) {
  const std::string& assoc = borrower.association;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& a : d.agreements) {
      if (a.bank != loan.bank || !(a.currency == loan.principal.currency()) || !a.terms.enrols(loan.disbursed))
        continue;
      if ((pass == 0 && !assoc.empty() && a.terms.association == assoc) || (pass == 1 && a.terms.association.empty()))
        return a.id;
    }
  return "";
}

// The loan as stored, before its row id and schedule are known.
StoredLoan stored_loan(const Loan& loan, const std::string& agreement) {
  StoredLoan l;
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
  return l;
}

bool same_terms(const StoredLoan& s, const StoredLoan& l) {
  return s.borrower == l.borrower && s.principal_minor == l.principal_minor && s.currency == l.currency &&
         s.annual_rate == l.annual_rate && s.term_months == l.term_months && s.disbursed == l.disbursed &&
         s.schedule == l.schedule;
}

void bind_loan_row(SQLite::Statement& q, const StoredLoan& l) { bind_fields(q, loan_chain_fields(l)); }

// The schedule's installments as version 0 of the loan's schedule, and as
// its dues in memory.
void insert_schedule(SQLite::Statement& s, StoredLoan& l, const std::vector<Installment>& schedule) {
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
}

// A rate above the cap is refused (--refuse-above-cap) or flagged.
void check_rate_cap(const Loan& loan, const ErrorSite& site, bool refuse, std::vector<std::string>& notices) {
  if (!loan.above_rate_cap()) return;
  if (refuse)
    throw DataError(fmt::format("rate {} is above the {} a year cap (refused by --refuse-above-cap)",
                                format_percent(loan.annual_rate), format_percent(kRateCapAnnual)),
                    ErrorSite{"", 0, "annual_rate"});
  notices.push_back(fmt::format("{}:{}: loan '{}' of bank '{}': rate {} is above the {} a year cap (flagged)", site.file,
                                site.line, loan.ref, loan.bank, format_percent(loan.annual_rate),
                                format_percent(kRateCapAnnual)));
}

}  // namespace

void Writer::add_loan(const LoanInput& in) {
  auto& d = impl_->data;
  try {
    if (!d.banks.count(in.loan.bank))
      throw DataError(fmt::format("unknown bank '{}'", in.loan.bank), ErrorSite{"", 0, "bank"});
    auto bit = d.borrowers.find(in.loan.borrower);
    if (bit == d.borrowers.end())
      throw DataError(fmt::format("unknown borrower '{}'", in.loan.borrower), ErrorSite{"", 0, "borrower"});
    Loan loan(in.loan);
    const std::string agreement = in.agreement == "none"   ? std::string()
                                  : !in.agreement.empty() ? named_agreement(d, in.agreement, loan, bit->second)
                                                          : default_agreement(d, loan, bit->second);
    check_rate_cap(loan, in.site, impl_->options.refuse_above_rate_cap, impl_->report.notices);
    StoredLoan l = stored_loan(loan, agreement);
    if (const StoredLoan* s = d.find_loan(loan.bank, loan.ref)) {
      if (!same_terms(*s, l))
        throw DataError(fmt::format("loan '{}' of bank '{}' is already stored with other terms", loan.ref, loan.bank),
                        ErrorSite{"", 0, "loan"});
      ++impl_->report.unchanged["loans"];
      return;
    }
    const auto schedule = build_schedule(schedule_spec(loan));
    auto& q = impl_->stmt(impl_->ins_loan,
                          "INSERT INTO loans(bank, ref, borrower, agreement, currency, principal_minor, annual_rate_ppm, "
                          "term_months, schedule, grace, grace_months, disbursed, first_due, above_rate_cap) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_loan_row(q, l);
    q.exec();
    q.reset();
    q.clearBindings();
    l.id = impl_->db->getLastInsertRowid();
    insert_schedule(impl_->stmt(impl_->ins_sched0, "INSERT INTO schedules(loan, version, number, due, principal_minor, "
                                                   "interest_minor) VALUES (?, 0, ?, ?, ?, ?)"),
                    l, schedule);
    d.loan_index.emplace(LedgerData::loan_key(l.bank, l.ref), d.loans.size());
    d.loans.push_back(std::move(l));
    ++impl_->report.added["loans"];
  } catch (Error& e) {
    e.locate(in.site);
    throw;
  }
}

namespace {

DataError row_error(const EventInput& in, const char* field, std::string rule) {
  return DataError(std::move(rule), ErrorSite{in.site.file, in.site.line, field});
}

// Write-offs, claims, settlements and restructures may leave the amount to
// the ledger; every other event must give one.
bool amount_optional(bool fund, LoanEventKind k) {
  return !fund && (k == LoanEventKind::write_off || k == LoanEventKind::claim ||
                   k == LoanEventKind::claim_settlement || k == LoanEventKind::restructure);
}

}  // namespace

Currency Writer::Impl::classify_event(const EventInput& in, Staged& s) const {
  const auto& d = data;
  if (!in.bank.empty() && !d.banks.count(in.bank)) throw row_error(in, "bank", fmt::format("unknown bank '{}'", in.bank));
  if (auto fk = parse_fund_event_kind(in.kind)) {
    s.fund = true;
    s.fund_kind = *fk;
    if (!in.loan.empty()) throw row_error(in, "loan", fmt::format("a {} is a fund event: leave loan empty", in.kind));
    return d.fund_currency;
  }
  auto lk = parse_loan_event_kind(in.kind);
  if (!lk) throw row_error(in, "kind", fmt::format("unknown event kind '{}'", in.kind));
  s.loan_kind = *lk;
  if (in.bank.empty()) throw row_error(in, "bank", "required for a loan event");
  const StoredLoan* l = d.find_loan(in.bank, in.loan);
  if (!l) throw row_error(in, "loan", fmt::format("unknown loan '{}' of bank '{}'", in.loan, in.bank));
  s.loan = static_cast<std::size_t>(l - d.loans.data());
  return l->currency;
}

std::optional<std::int64_t> Writer::Impl::event_amount(const EventInput& in, const Staged& s, Currency cur) const {
  if (!in.currency.empty()) {
    Currency c;
    try {
      c = currency_from_code(in.currency);
    } catch (Error& e) {
      e.locate(ErrorSite{in.site.file, in.site.line, "currency"});
      throw;
    }
    if (!(c == cur))
      throw row_error(in, "currency", fmt::format("currency mismatch: {} {}, this row says {}",
                                                  s.fund ? "the fund accounts in" : "the loan is in", cur.code_view(),
                                                  c.code_view()));
  }
  if (in.amount.empty()) {
    if (!amount_optional(s.fund, s.loan_kind)) throw row_error(in, "amount", "required");
    return std::nullopt;
  }
  std::int64_t amount = 0;
  try {
    amount = parse_money(in.amount, cur).minor();
  } catch (Error& e) {
    e.locate(ErrorSite{in.site.file, in.site.line, "amount"});
    throw;
  }
  if (amount <= 0) throw row_error(in, "amount", "amount must be > 0");
  return amount;
}

// True when the row is already stored or staged with the same content (it is
// then counted as unchanged); throws when its key holds other content.
bool Writer::Impl::already_recorded(const EventInput& in, const Staged& s, const std::string& k,
                                    const std::string& c) {
  const bool restructure = !s.fund && s.loan_kind == LoanEventKind::restructure;
  const auto stored = stored_keys.find(k);
  // A restructure stored before schema v3 (no terms kept) matches any terms.
  if (restructure && stored != stored_keys.end() &&
      stored->second == content(in.kind, in.loan, in.date, data.fund_currency, std::nullopt))
    return true;
  // A claim's stored amount is the fund's share (a settlement's, what it
  // paid); a row without one matches any.
  if (!s.fund && (s.loan_kind == LoanEventKind::claim || s.loan_kind == LoanEventKind::claim_settlement) &&
      !s.amount && stored != stored_keys.end() && stored->second.rfind(c, 0) == 0)
    return true;
  return seen(k, c, in);
}

void Writer::add_event(const EventInput& in) {
  Impl::Staged s;
  s.in = in;
  if (in.ref.empty()) throw row_error(in, "ref", "required: the transaction reference");
  try {
    check_text(in.ref, "ref", kReferenceBytesMax);
  } catch (Error& e) {
    e.locate(in.site);
    throw;
  }
  if (const auto& latest = impl_->options.latest_event_date; latest && *latest < in.date)
    throw row_error(in, "date", fmt::format("{} is after {}, the latest date an event may have (events may not be "
                                            "dated in the future; --allow-future records it anyway)",
                                            format_date(in.date), format_date(*latest)));
  const Currency cur = impl_->classify_event(in, s);
  s.amount = impl_->event_amount(in, s, cur);
  if (!s.fund && s.loan_kind == LoanEventKind::restructure && (!in.annual_rate || !in.term_months || !in.schedule))
    throw row_error(in, "term_months", "a restructure needs annual_rate, term_months and schedule");
  const std::string k = key(in.bank.empty() ? "FUND" : in.bank, in.ref);
  const bool restructure = !s.fund && s.loan_kind == LoanEventKind::restructure;
  const bool amount_in_key = s.fund || (s.loan_kind != LoanEventKind::write_off && !restructure);
  const std::string c = impl_->content(
      in.kind, in.loan, in.date, cur, amount_in_key ? s.amount : std::nullopt,
      restructure ? terms_text(RestructureTerms{*in.annual_rate, *in.term_months, *in.schedule}) : "");
  if (impl_->already_recorded(in, s, k, c)) {
    ++impl_->report.unchanged[in.kind];
    return;
  }
  impl_->staged_keys[k] = c;
  impl_->staged.push_back(std::move(s));
}

}  // namespace gfund::ledger
