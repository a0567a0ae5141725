// The Writer's rows as they come: reference data and loans are checked and
// inserted at once, loan and fund events checked and staged for finish()
// (writer_finish.cpp).
#include "engine/ledger/writer.hpp"

#include "engine/ledger/store.hpp"
#include "engine/ledger/writer_impl.hpp"
#include "models/schedule.hpp"
#include "models/text.hpp"

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
    d.agreements.push_back(a);
    ++impl_->report.added["agreements"];
  } catch (Error& e) {
    e.locate(site);
    throw;
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
  } catch (Error& e) {
    e.locate(in.site);
    throw;
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
  } catch (Error& e) {
    e.locate(in.site);
    throw;
  }
  if (const auto& latest = impl_->options.latest_event_date; latest && *latest < in.date)
    throw field_error("date", fmt::format("{} is after {}, the latest date an event may have (events may not be "
                                          "dated in the future; --allow-future records it anyway)",
                                          format_date(in.date), format_date(*latest)));
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
    } catch (Error& e) {
      e.locate(ErrorSite{in.site.file, in.site.line, "currency"});
      throw;
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
    } catch (Error& e) {
      e.locate(ErrorSite{in.site.file, in.site.line, "amount"});
      throw;
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

}  // namespace gfund::ledger
