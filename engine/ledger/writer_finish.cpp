// Writer::finish in named steps. The order matters and is the same for
// every batch:
//  1. events whose amounts are given (disbursements, repayments, charges,
//     write-offs) are placed in each loan's documented order and the loans
//     replayed, so each row is checked against the loan's whole history;
//  2. the events the ledger computes (restructures, claims, settlements,
//     recoveries) are decided in date order, each against the loan just
//     before it and one dated sweep of the fund (fund_movements.hpp);
//  3. the fund may never go below zero on any date;
//  4. backdated rows are reported; the events and caches are written.
// Nothing is written unless every step passes.
#include <set>

#include "engine/ledger/caches.hpp"
#include "engine/ledger/chain.hpp"
#include "engine/ledger/claim_decision.hpp"
#include "engine/ledger/store.hpp"
#include "engine/ledger/writer_impl.hpp"
#include "models/schedule.hpp"

namespace gfund::ledger {

void Writer::Impl::refuse(const StoredLoan& l, const Staged& s, const std::string& field,
                          const std::string& rule) const {
  throw DataError(fmt::format("loan '{}' of bank '{}': {}", l.ref, l.bank, rule),
                  ErrorSite{s.in.site.file, s.in.site.line, field});
}

std::map<std::size_t, Writer::Impl::Before> Writer::Impl::touched_loans() const {
  std::map<std::size_t, Before> touched;
  for (const auto& s : staged) {
    if (s.fund) continue;
    auto [it, fresh] = touched.try_emplace(s.loan);
    if (fresh) {
      const auto& l = data.loans[s.loan];
      it->second.last = l.events.empty() ? Date{} : l.events.back().date;
      if (!l.events.empty()) it->second.pos = position_at(data, l, it->second.last);
      it->second.first = &s;
    }
    it->second.earliest_new = std::min(it->second.earliest_new, s.in.date);
  }
  return touched;
}

// Step 1. A loan with a computed event is replayed once that is placed.
void Writer::Impl::place_given_events(const std::map<std::size_t, Before>& touched) {
  std::set<std::size_t> has_computed;
  for (std::size_t i = 0; i < staged.size(); ++i) {
    auto& s = staged[i];
    if (s.fund) continue;
    if (is_sequential(s.loan_kind)) {
      has_computed.insert(s.loan);
      continue;
    }
    s.event = LoanEvent{.kind = s.loan_kind, .date = s.in.date, .amount_minor = s.amount.value_or(0),
                        .source = kStagedBit | i};
    insert_sorted(data.loans[s.loan], s.event, s.in.bank, s.in.ref);
  }
  std::uint64_t replayed = 0;
  for (const auto& [idx, b] : touched) {
    report_progress(WriteStage::replaying, ++replayed, touched.size());
    if (has_computed.count(idx)) continue;
    try {
      position_at(data, data.loans[idx], end_of_time());
    } catch (const LoanEventError& e) {
      replay_failed(data.loans[idx], e, b.first);
    }
  }
}

// Step 2. The batch's fund events count toward the balance a claim may use.
void Writer::Impl::decide_computed_events() {
  for (const auto& s : staged)
    if (s.fund)
      data.fund_events.push_back(
          FundEvent{0, s.fund_kind, s.in.bank.empty() ? "FUND" : s.in.bank, s.in.ref, s.in.date, *s.amount});
  std::stable_sort(data.fund_events.begin(), data.fund_events.end(),
                   [](const FundEvent& a, const FundEvent& b) { return a.date < b.date; });
  std::vector<std::size_t> computed;
  for (std::size_t i = 0; i < staged.size(); ++i)
    if (!staged[i].fund && is_sequential(staged[i].loan_kind)) computed.push_back(i);
  if (computed.empty()) return;
  std::stable_sort(computed.begin(), computed.end(),
                   [&](std::size_t a, std::size_t b) { return staged[a].in.date < staged[b].in.date; });
  // Computed events are not in the loans yet: the sweep holds what is
  // stored and given, and each decision adds its own movement.
  const std::vector<Movement> movements = fund_movements(data);
  FundSweep sweep(data.agreements.size());
  std::size_t next = 0;
  for (std::size_t i : computed) {
    next = sweep.take_until(movements, next, staged[i].in.date);
    decide_one(i, sweep);
  }
}

void Writer::Impl::decide_one(std::size_t i, FundSweep& sweep) {
  Staged& s = staged[i];
  StoredLoan& l = data.loans[s.loan];
  LoanPosition pos;
  try {
    pos = position_before(l, s.in.date, s.loan_kind);
  } catch (const LoanEventError& e) {
    replay_failed(l, e, &s);
  }
  LoanEvent ev{.kind = s.loan_kind, .date = s.in.date, .amount_minor = 0, .source = kStagedBit | i};
  switch (s.loan_kind) {
    case LoanEventKind::restructure: decide_restructure(l, pos, s, ev); break;
    case LoanEventKind::claim: decide_claim_event(l, pos, sweep, s, ev); break;
    case LoanEventKind::claim_settlement: decide_settlement(l, pos, sweep, s, ev); break;
    case LoanEventKind::recovery: decide_recovery(l, pos, s, ev); break;
    default: GFUND_ASSERT(false);
  }
  const std::size_t agreement = l.agreement.empty() ? 0 : agreement_index(l.agreement);
  if (ev.kind == LoanEventKind::claim)
    sweep.take({ev.date, MovementKind::claim, ev.fund_minor, ev.owed_minor, agreement});
  if (ev.kind == LoanEventKind::claim_settlement)
    sweep.take({ev.date, MovementKind::claim_settlement, ev.fund_minor, 0, agreement});
  if (ev.kind == LoanEventKind::recovery) sweep.take({ev.date, MovementKind::recovery, ev.fund_minor, 0, agreement});
  s.event = ev;
  insert_sorted(l, ev, s.in.bank, s.in.ref);
  try {
    position_at(data, l, end_of_time());
  } catch (const LoanEventError& e) {
    replay_failed(l, e, &s);
  }
}

void Writer::Impl::decide_restructure(const StoredLoan& l, const LoanPosition& pos, Staged& s, LoanEvent& ev) {
  if (!pos.live() || pos.outstanding_minor() <= 0) refuse(l, s, "date", "restructure of a loan with nothing outstanding");
  const ScheduleSpec spec{.principal = Money(l.currency, pos.outstanding_minor()),
                          .annual_rate = *s.in.annual_rate,
                          .term_months = *s.in.term_months,
                          .type = *s.in.schedule,
                          .first_due = add_months(s.in.date, 1)};
  std::vector<Installment> inst;
  try {
    inst = build_schedule(spec);
  } catch (Error& e) {
    e.locate(ErrorSite{s.in.site.file, s.in.site.line, "term_months"});
    throw;
  }
  for (const auto& x : inst) ev.new_schedule.push_back(Due{x.due, x.principal.minor(), x.interest.minor()});
  ev.new_terms = RestructureTerms{*s.in.annual_rate, *s.in.term_months, *s.in.schedule};
  auto& v = next_schedule_version[l.id];
  v = std::max<std::int64_t>(v, 1);
  s.schedule_version = v++;
  ev.amount_minor = pos.outstanding_minor();
}

void Writer::Impl::decide_claim_event(const StoredLoan& l, const LoanPosition& pos, const FundSweep& sweep,
                                      const Staged& s, LoanEvent& ev) {
  const Agreement* a = l.agreement.empty() ? nullptr : data.agreement(l.agreement);
  ClaimRequest req{.agreement = a, .position = pos, .date = s.in.date, .asked_minor = s.amount};
  if (a) {
    const AgreementTotals& t = sweep.agreement(agreement_index(a->id) - 1);
    req.enrolled_minor = t.enrolled_minor;
    req.owed_to_date_minor = t.claims_owed_minor;
    req.available_minor = sweep.available_minor();
  }
  ClaimDecision d;
  try {
    d = decide_claim(req);
  } catch (const DataError& e) {
    refuse(l, s, e.site().field, e.rule());
  }
  ev.amount_minor = d.loss_minor;
  ev.fund_minor = d.paid_now_minor;
  ev.owed_minor = d.owed_minor;
  const auto m = [&](std::int64_t v) { return format_money(Money(l.currency, v)); };
  report.notices.push_back(fmt::format(
      "claim {} on loan '{}' of bank '{}': loss {}, the fund pays {}{}{}", s.in.ref, l.ref, l.bank, m(d.loss_minor),
      m(d.owed_minor), d.limit == ClaimLimit::none ? "" : fmt::format(" (limited by {})", to_string(d.limit)),
      d.paid_now_minor == d.owed_minor
          ? ""
          : fmt::format("; {} paid now ({} at claim), {} due when recovery ends (gfund claim-settle)",
                        m(d.paid_now_minor), format_percent(a->terms.payout_at_claim),
                        m(d.owed_minor - d.paid_now_minor))));
}

void Writer::Impl::decide_settlement(const StoredLoan& l, const LoanPosition& pos, const FundSweep& sweep,
                                     const Staged& s, LoanEvent& ev) {
  const auto m = [&](std::int64_t v) { return format_money(Money(l.currency, v)); };
  if (!pos.claimed) refuse(l, s, "loan", "claim settlement on a loan that was not claimed");
  const std::int64_t due = pos.claim_due_minor();
  if (due <= 0) refuse(l, s, "loan", "no claim balance due: the claim was paid in full");
  const std::int64_t pay = s.amount.value_or(due);
  if (pay > due)
    refuse(l, s, "amount", fmt::format("claim settlement of {} exceeds the claim balance due ({})", m(pay), m(due)));
  const std::int64_t balance = sweep.account().balance_minor();
  if (pay > balance)
    refuse(l, s, "amount", fmt::format("claim settlement of {} exceeds the fund balance on {} ({})", m(pay),
                                       format_date(s.in.date), m(balance)));
  ev.amount_minor = pay;
  ev.fund_minor = pay;
  report.notices.push_back(fmt::format("claim settlement {} on loan '{}' of bank '{}': the fund pays {}, {} still due",
                                       s.in.ref, l.ref, l.bank, m(pay), m(due - pay)));
}

void Writer::Impl::decide_recovery(const StoredLoan& l, const LoanPosition& pos, const Staged& s, LoanEvent& ev) {
  if (!pos.claimed && !pos.written_off) refuse(l, s, "loan", "recovery on a loan that was neither claimed nor written off");
  const std::int64_t limit = pos.claimed ? pos.claim_loss_minor : pos.written_off_minor;
  if (pos.recovered_minor + *s.amount > limit)
    refuse(l, s, "amount",
           fmt::format("recovery larger than the claim: recoveries would total {}, the loss was {}",
                       format_money(Money(l.currency, pos.recovered_minor + *s.amount)),
                       format_money(Money(l.currency, limit))));
  ev.amount_minor = *s.amount;
  // Shared on the fund's full share of the claim (paid or still due).
  if (pos.claimed)
    ev.fund_minor = recovery_to_fund(data.agreement(l.agreement)->terms.structure, *s.amount, pos.recovered_minor,
                                     pos.claim_owed_minor, pos.claim_loss_minor);
}

// Step 3. Claims are already limited by the balance on their date, so only a
// capital_out (or a backdated one, under later claims) can break the rule:
// sweep every movement by day and, if the balance dips below zero, refuse
// the batch's latest capital_out on or before that day.
void Writer::Impl::check_fund_never_negative() const {
  const auto is_out = [](const Staged& s) { return s.fund && s.fund_kind == FundEventKind::capital_out; };
  if (std::none_of(staged.begin(), staged.end(), is_out)) return;
  const std::vector<Movement> movements = fund_movements(data);
  FundSweep sweep(data.agreements.size());
  for (std::size_t next = 0; next < movements.size();) {
    const Date day = movements[next].date;
    const std::int64_t before = sweep.account().balance_minor();
    next = sweep.take_until(movements, next, day);
    const std::int64_t after = sweep.account().balance_minor();
    if (after >= 0) continue;
    const Staged* culprit = nullptr;
    for (const auto& s : staged)
      if (is_out(s) && !(day < s.in.date) && (!culprit || !(s.in.date < culprit->in.date))) culprit = &s;
    if (!culprit) continue;  // an older imbalance this batch did not cause
    const auto m = [&](std::int64_t v) { return format_money(Money(data.fund_currency, v)); };
    throw DataError(fmt::format("capital_out of {} on {} would take the fund balance below zero (the fund balance may "
                                "not go negative): balance {} before {}, {} after",
                                m(*culprit->amount), format_date(culprit->in.date), m(before), format_date(day),
                                m(after)),
                    ErrorSite{culprit->in.site.file, culprit->in.site.line, "amount"});
  }
}

// Backdated events: later events were re-allocated; say what changed.
void Writer::Impl::report_backdated(const std::map<std::size_t, Before>& touched) {
  for (const auto& [idx, b] : touched) {
    const auto& l = data.loans[idx];
    if (b.last == Date{} || !(b.earliest_new < b.last)) continue;
    const LoanPosition after = position_at(data, l, b.last);
    std::size_t later = 0;
    for (const auto& e : l.events)
      if (e.date > b.earliest_new && !(e.source & kStagedBit)) ++later;
    const auto m = [&](std::int64_t v) { return format_money(Money(l.currency, v)); };
    report.notices.push_back(fmt::format(
        "loan '{}' of bank '{}': backdated event on {}; {} later stored events replayed; on {} outstanding {} -> {}, "
        "interest paid {} -> {}, days past due {} -> {}",
        l.ref, l.bank, format_date(b.earliest_new), later, format_date(b.last), m(b.pos.outstanding_minor()),
        m(after.outstanding_minor()), m(b.pos.interest_paid_minor), m(after.interest_paid_minor), b.pos.days_past_due,
        after.days_past_due));
  }
}

namespace {
template <class T>
ChainField field(const std::optional<T>& v) {
  return v ? ChainField{*v} : ChainField{};
}

// Inserts the event with its chain value: the link from `tail` over its
// fields and its loan's (chain_rows.hpp); `tail` moves to it.
void insert_event(SQLite::Statement& q, const EventRow& r, const StoredLoan* loan, ChainTail& tail) {
  std::vector<ChainField> fields = event_chain_fields(r);
  if (loan) {
    const auto lf = loan_chain_fields(*loan);
    fields.insert(fields.end(), lf.begin(), lf.end());
  } else {
    fields.resize(kEventChainFields + kLoanChainFields);
  }
  tail.value = link(tail.value, canonical(fields));
  ++tail.events;
  bind_fields(q, std::span(fields).first(kEventChainFields));
  q.bind(static_cast<int>(kEventChainFields) + 1, tail.value.data(), static_cast<int>(tail.value.size()));
  q.exec();
  q.reset();
}

void insert_schedule(SQLite::Statement& q, std::int64_t loan, std::int64_t version, const std::vector<Due>& dues) {
  int number = 0;
  for (const auto& due : dues) {
    q.bind(":loan", loan);
    q.bind(":version", version);
    q.bind(":number", ++number);
    q.bind(":due", format_date(due.due));
    q.bind(":principal_minor", due.principal_minor);
    q.bind(":interest_minor", due.interest_minor);
    q.exec();
    q.reset();
  }
}
}  // namespace

EventRow Writer::Impl::event_row(const Staged& s) const {
  EventRow r{.kind = s.in.kind, .source = s.in.bank.empty() ? std::string("FUND") : s.in.bank, .ref = s.in.ref,
             .date = format_date(s.in.date)};
  if (s.fund) {
    r.currency = std::string(data.fund_currency.code_view());
    r.amount_minor = *s.amount;
    return r;
  }
  const StoredLoan& l = data.loans[s.loan];
  r.loan = l.id;
  r.currency = std::string(l.currency.code_view());
  r.amount_minor = s.loan_kind == LoanEventKind::write_off ? position_at(data, l, s.in.date).written_off_minor
                                                           : s.event.amount_minor;
  r.fund_minor = s.event.fund_minor;
  if (s.loan_kind == LoanEventKind::claim) r.owed_minor = s.event.owed_minor;
  if (s.loan_kind == LoanEventKind::restructure) r.schedule_version = s.schedule_version;
  if (const auto& t = s.event.new_terms) {
    r.new_rate_ppm = t->annual_rate.ppm;
    r.new_term_months = t->term_months;
    r.new_schedule = std::string(to_string(t->schedule));
  }
  return r;
}

std::vector<ChainField> event_chain_fields(const EventRow& r) {
  return {r.kind,          r.source,           r.ref,           field(r.loan),
          r.date,          r.currency,         r.amount_minor,  r.fund_minor,
          field(r.schedule_version), field(r.owed_minor), field(r.new_rate_ppm), field(r.new_term_months),
          field(r.new_schedule)};
}

// Step 4: the events in date order (ids follow time; same-day events keep
// the batch's order, as the documented order's ties need), and the
// schedules of restructures.
void Writer::Impl::write_events() {
  std::vector<std::size_t> order(staged.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return staged[a].in.date < staged[b].in.date; });
  SQLite::Statement ins(*db,
                        "INSERT INTO events(kind, source, ref, loan, date, currency, amount_minor, fund_minor, "
                        "schedule_version, owed_minor, new_rate_ppm, new_term_months, new_schedule, chain) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ChainTail tail = chain_tail(*db);
  SQLite::Statement sched(*db,
                          "INSERT INTO schedules(loan, version, number, due, principal_minor, interest_minor) VALUES "
                          "(:loan, :version, :number, :due, :principal_minor, :interest_minor)");
  std::uint64_t written = 0;
  for (std::size_t i : order) {
    report_progress(WriteStage::writing, ++written, order.size());
    const Staged& s = staged[i];
    if (!s.fund && s.loan_kind == LoanEventKind::restructure)
      insert_schedule(sched, data.loans[s.loan].id, s.schedule_version, s.event.new_schedule);
    insert_event(ins, event_row(s), s.fund ? nullptr : &data.loans[s.loan], tail);
    ++report.added[s.in.kind];
  }
  store_tail(*db, tail);
}

void Writer::Impl::write_touched_caches(const std::map<std::size_t, Before>& touched) {
  std::vector<std::size_t> idx;
  for (const auto& [i, b] : touched) idx.push_back(i);
  // New loans without events still get a cache row.
  for (std::size_t i = 0; i < data.loans.size(); ++i)
    if (!touched.count(i) && data.loans[i].events.empty()) idx.push_back(i);
  write_caches(*db, data, idx);
}

WriteReport Writer::finish() {
  auto& I = *impl_;
  try {
    const auto touched = I.touched_loans();
    I.place_given_events(touched);
    I.decide_computed_events();
    I.check_fund_never_negative();
    I.report_backdated(touched);
    I.write_events();
    I.write_touched_caches(touched);
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
