// The staff lists, loan by loan, from the positions read_status replays: no
// second replay, no rule of their own (PAR, aging and claimability are the
// status's and the claim decision's).
#include "engine/ledger/staff_lists.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/ledger/claim_decision.hpp"
#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {
namespace {

std::string code(const Currency& c) { return std::string(c.code_view()); }

Date last_of_month(const Date& d) { return Date{std::chrono::year_month_day_last{d.year(), std::chrono::month_day_last{d.month()}}}; }

std::string month_key(const Date& d) {
  return fmt::format("{:04}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
}

// Calendar quarter of a date: "2023-Q4" and its first day.
std::pair<std::string, Date> quarter_of(const Date& d) {
  const unsigned q = (static_cast<unsigned>(d.month()) - 1) / 3;
  return {fmt::format("{:04}-Q{}", static_cast<int>(d.year()), q + 1),
          Date{d.year(), std::chrono::month{3 * q + 1}, std::chrono::day{1}}};
}

ClaimStatus claim_status(const Agreement* a, const LoanPosition& p, const Date& as_of) {
  if (!a) return ClaimStatus::not_guaranteed;
  if (p.claimed) return ClaimStatus::claimed;
  return claim_refusal(*a, p, as_of) ? ClaimStatus::before_trigger : ClaimStatus::claimable;
}

// Every restructure of the loan to as_of, each with the loan just before it.
void add_restructures(std::vector<RestructuredLoan>& out, const LedgerData& d, const StoredLoan& l,
                      const LoanPosition& now, const Date& as_of) {
  for (std::size_t i = 0; i < l.events.size(); ++i) {
    const LoanEvent& e = l.events[i];
    if (e.date > as_of) break;
    if (e.kind != LoanEventKind::restructure) continue;
    std::int64_t rescheduled = 0;
    for (const Due& due : e.new_schedule) rescheduled += due.principal_minor;
    out.push_back(RestructuredLoan{.bank = l.bank,
                                   .loan = l.ref,
                                   .borrower = l.borrower,
                                   .agreement = l.agreement,
                                   .currency = l.currency,
                                   .date = e.date,
                                   .days_past_due_before = position_before(d, l, i, e.date).days_past_due,
                                   .rescheduled_minor = rescheduled,
                                   .terms = e.new_terms,
                                   .outstanding_minor = now.live() ? now.outstanding_minor() : 0,
                                   .days_past_due = now.days_past_due});
  }
}

std::optional<Date> write_off_date(const StoredLoan& l, const Date& as_of) {
  for (const LoanEvent& e : l.events)
    if (e.date > as_of) break;
    else if (e.kind == LoanEventKind::write_off) return e.date;
  return std::nullopt;
}

// The cumulative flows of a position (what FlowRow's loan fields difference).
FlowRow cumulative(const LoanPosition& p) {
  FlowRow f;
  f.disbursed_minor = p.disbursed_minor;
  f.principal_repaid_minor = p.principal_paid_minor;
  f.interest_received_minor = p.interest_paid_minor;
  f.charges_received_minor = p.charges_paid_minor;
  f.written_off_minor = p.written_off_minor;
  f.claims_paid_minor = p.claim_fund_minor;
  f.recoveries_minor = p.recovered_minor;
  f.recoveries_to_fund_minor = p.recovered_fund_minor;
  return f;
}

// row += (to - from), field by field.
void add_difference(FlowRow& row, const FlowRow& to, const FlowRow& from) {
  row.disbursed_minor += to.disbursed_minor - from.disbursed_minor;
  row.principal_repaid_minor += to.principal_repaid_minor - from.principal_repaid_minor;
  row.interest_received_minor += to.interest_received_minor - from.interest_received_minor;
  row.charges_received_minor += to.charges_received_minor - from.charges_received_minor;
  row.written_off_minor += to.written_off_minor - from.written_off_minor;
  row.claims_paid_minor += to.claims_paid_minor - from.claims_paid_minor;
  row.recoveries_minor += to.recoveries_minor - from.recoveries_minor;
  row.recoveries_to_fund_minor += to.recoveries_to_fund_minor - from.recoveries_to_fund_minor;
  row.guarantee_fees_minor += to.guarantee_fees_minor - from.guarantee_fees_minor;
}

// Quarters from months: the same currency, the months of a calendar quarter.
std::vector<FlowRow> by_quarter(const std::vector<FlowRow>& months) {
  std::vector<FlowRow> out;
  const FlowRow zero;
  for (const FlowRow& m : months) {
    auto [key, first] = quarter_of(m.first_day);
    if (out.empty() || out.back().period != key || !(out.back().currency == m.currency)) {
      out.push_back(FlowRow{.period = key, .first_day = first, .last_day = m.last_day, .currency = m.currency});
    }
    out.back().last_day = m.last_day;
    add_difference(out.back(), m, zero);
  }
  return out;
}

bool quiet(const FlowRow& r) {
  return r.disbursed_minor == 0 && r.principal_repaid_minor == 0 && r.interest_received_minor == 0 &&
         r.charges_received_minor == 0 && r.written_off_minor == 0 && r.claims_paid_minor == 0 &&
         r.recoveries_minor == 0 && r.recoveries_to_fund_minor == 0 && r.guarantee_fees_minor == 0;
}

// A currency's months start at its first flow (the history grid starts at
// the ledger's first loan, in whichever currency it was).
void drop_leading_quiet_months(std::vector<FlowRow>& rows) {
  std::vector<FlowRow> kept;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool first_of_currency = kept.empty() || !(kept.back().currency == rows[i].currency);
    if (first_of_currency && quiet(rows[i])) continue;
    kept.push_back(std::move(rows[i]));
  }
  rows = std::move(kept);
}

}  // namespace

std::string_view to_string(Segment s) { return s == Segment::province ? "province" : "sector"; }

std::string_view to_string(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::not_guaranteed: return "not guaranteed";
    case ClaimStatus::before_trigger: return "before trigger";
    case ClaimStatus::claimable: return "claimable";
    case ClaimStatus::claimed: return "claimed";
  }
  return "?";
}

void ParFigures::add(const LoanPosition& p) {
  if (!p.live()) return;
  ++live_loans;
  outstanding_minor += p.outstanding_minor();
  par30_minor += at_risk_minor(p, kPar30Dpd);
  par90_minor += at_risk_minor(p, kPar90Dpd);
}

StaffListsBuilder::StaffListsBuilder(std::vector<Date> grid) : grid_(std::move(grid)) { GFUND_ASSERT(!grid_.empty()); }

void StaffListsBuilder::add_loan(const LedgerData& d, const StoredLoan& l, std::span<const LoanPosition> series) {
  GFUND_ASSERT(series.size() == grid_.size());
  const Date& as_of = grid_.back();
  const LoanPosition& p = series.back();
  const std::string cur = code(l.currency);
  for (std::size_t g = 0; g < grid_.size(); ++g) {
    if (!series[g].live()) continue;
    BankParPoint& pt = par_trend_[{l.bank, cur, g}];
    pt.bank = l.bank;
    pt.currency = l.currency;
    pt.month_end = grid_[g];
    pt.par.add(series[g]);
  }
  if (!p.first_disbursed) return;
  add_flows(l, series);
  const Borrower& b = d.borrowers.at(l.borrower);
  if (p.live())
    for (const auto& [seg, key] : {std::pair{Segment::province, b.province}, std::pair{Segment::sector, b.sector}}) {
      SegmentPar& s = segments_[{seg, key, cur}];
      s.segment = seg;
      s.key = key;
      s.currency = l.currency;
      s.par.add(p);
    }
  const Agreement* a = l.agreement.empty() ? nullptr : d.agreement(l.agreement);
  if (p.live() && p.days_past_due > 0)
    lists_.arrears.push_back(ArrearsLoan{.bank = l.bank,
                                         .loan = l.ref,
                                         .borrower = l.borrower,
                                         .association = b.association,
                                         .agreement = l.agreement,
                                         .currency = l.currency,
                                         .outstanding_minor = p.outstanding_minor(),
                                         .overdue_minor = p.overdue_minor,
                                         .days_past_due = p.days_past_due,
                                         .bucket = aging_bucket(p.days_past_due),
                                         .claim = claim_status(a, p, as_of),
                                         .claim_trigger_dpd = a ? std::optional<int>(a->terms.claim_trigger_dpd) : std::nullopt});
  add_restructures(lists_.restructured, d, l, p, as_of);
  if (const auto wo = p.written_off ? write_off_date(l, as_of) : std::nullopt)
    lists_.written_off.push_back(WrittenOffLoan{.bank = l.bank,
                                                .loan = l.ref,
                                                .borrower = l.borrower,
                                                .agreement = l.agreement,
                                                .currency = l.currency,
                                                .date = *wo,
                                                .written_off_minor = p.written_off_minor,
                                                .claimed = p.claimed,
                                                .claim_fund_minor = p.claim_fund_minor,
                                                .recovered_minor = p.recovered_minor});
}

// Each grid date closes one month (the last may be as_of, part of a month):
// the month's flows are the position there less the position at the grid
// date before.
void StaffListsBuilder::add_flows(const StoredLoan& l, std::span<const LoanPosition> series) {
  const std::string cur = code(l.currency);
  FlowRow before;
  for (std::size_t g = 0; g < grid_.size(); ++g) {
    const FlowRow now = cumulative(series[g]);
    FlowRow& row = monthly_[{cur, month_key(grid_[g])}];
    row.currency = l.currency;
    add_difference(row, now, before);
    before = now;
  }
}

StaffLists StaffListsBuilder::finish(const LedgerData& d) {
  const Date& as_of = grid_.back();
  for (const FundEvent& e : d.fund_events)
    if (e.kind == FundEventKind::guarantee_fee && !(as_of < e.date)) {
      FlowRow& row = monthly_[{code(d.fund_currency), month_key(e.date)}];
      row.currency = d.fund_currency;
      row.guarantee_fees_minor += e.amount_minor;
    }
  StaffLists out = std::move(lists_);
  for (const auto& [id, bank] : d.banks) out.banks.push_back(id);
  for (auto& [k, pt] : par_trend_) out.par_trend.push_back(std::move(pt));
  for (auto& [k, s] : segments_) out.par_by_segment.push_back(std::move(s));
  std::stable_sort(out.arrears.begin(), out.arrears.end(), [](const ArrearsLoan& a, const ArrearsLoan& b) {
    return std::tie(a.bank, b.days_past_due, a.loan) < std::tie(b.bank, a.days_past_due, b.loan);
  });
  const auto by_date = [](const auto& a, const auto& b) { return std::tie(a.date, a.bank, a.loan) < std::tie(b.date, b.bank, b.loan); };
  std::stable_sort(out.restructured.begin(), out.restructured.end(), by_date);
  std::stable_sort(out.written_off.begin(), out.written_off.end(), by_date);
  for (auto& [k, row] : monthly_) {
    const auto& [cur, period] = k;
    row.period = period;
    row.first_day = parse_date(period + "-01");
    row.last_day = std::min(last_of_month(row.first_day), as_of);
    out.flows_monthly.push_back(std::move(row));
  }
  // The fund's currency first, then by code; periods ascending within each.
  std::stable_sort(out.flows_monthly.begin(), out.flows_monthly.end(), [&](const FlowRow& a, const FlowRow& b) {
    return !(a.currency == b.currency) && a.currency == d.fund_currency && !(b.currency == d.fund_currency);
  });
  drop_leading_quiet_months(out.flows_monthly);
  out.flows_quarterly = by_quarter(out.flows_monthly);
  return out;
}

}  // namespace gfund::ledger
