#include "engine/ledger/status.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "engine/ledger/claim_decision.hpp"
#include "engine/ledger/fees_received.hpp"
#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"
#include "models/claim_rules.hpp"

namespace gfund::ledger {
namespace {

using Key = std::tuple<int, std::string, std::string>;  // level order, key, currency code

// What the fund would pay if the loan defaulted now with nothing recovered:
// the claim rule's covered share of the outstanding, under the per-loan cap
// (the cumulative cap is the agreement's, shown beside it in CapUse).
std::int64_t guaranteed_exposure(const Agreement* a, std::int64_t outstanding) {
  if (!a || outstanding <= 0) return 0;
  const std::int64_t per_loan = a->terms.per_loan_cap ? a->terms.per_loan_cap->minor() : claim_rules::kNoLimit;
  return claim_rules::capped_claim(claim_rules::apply_ppm<claim_rules::Exact>(outstanding, a->terms.coverage.ppm), per_loan,
                                   claim_rules::kNoLimit);
}

Date month_end(int y, unsigned m) {
  using namespace std::chrono;
  return Date{year_month_day_last{year{y}, month_day_last{month{m}}}};
}

// Month ends from the month of `first` up to as_of, then as_of itself if it
// is not a month end.
std::vector<Date> history_dates(const Date& first, const Date& as_of) {
  std::vector<Date> out;
  int y = static_cast<int>(first.year());
  unsigned m = static_cast<unsigned>(first.month());
  for (int guard = 0; guard < 12 * 200; ++guard) {
    Date e = month_end(y, m);
    if (e > as_of) break;
    out.push_back(e);
    if (++m > 12) m = 1, ++y;
  }
  if (out.empty() || out.back() != as_of) out.push_back(as_of);
  return out;
}

bool is_month_end(const Date& d) {
  return d == month_end(static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
}


// The history grid: month ends from the first disbursement to as_of.
std::vector<Date> history_grid(const LedgerData& d, const Date& as_of) {
  std::optional<Date> first;
  for (const auto& l : d.loans)
    for (const auto& e : l.events)
      if (e.kind == LoanEventKind::disbursement) {
        if (!first || e.date < *first) first = e.date;
        break;
      }
  return first && !(as_of < *first) ? history_dates(*first, as_of) : std::vector<Date>{as_of};
}

// Everything read_status sums over loans, keyed so the output is ordered.
struct StatusSums {
  std::map<Key, StatusTotals> totals;
  std::map<std::pair<std::string, std::string>, AgingRow> aging;  // (bank, currency)
  std::map<std::string, std::int64_t> cap_exposure;                // by agreement
  // Fee base per agreement and fee rate (ppm a year): sum over month ends of
  // outstanding, in minor units (fits int64: 10^7 loans x 10^9 x 600 months).
  std::map<std::string, std::map<std::int64_t, std::int64_t>> fee_base;
  std::map<std::pair<std::string, std::size_t>, ParPoint> history;  // (currency, grid index)
  std::map<std::string, std::vector<int>> vintages;  // months to default, -1 = not defaulted
  std::vector<std::pair<const StoredLoan*, LoanPosition>> unclaimed;  // guaranteed, not claimed at as_of
  std::array<std::int64_t, kAgingBuckets> exposure_by_bucket{};       // guaranteed exposure (fund currency)
};

void add_history(StatusSums& sums, const StoredLoan& l, const std::vector<LoanPosition>& series,
                 const std::vector<Date>& grid) {
  const std::string cur(l.currency.code_view());
  for (std::size_t g = 0; g < grid.size(); ++g) {
    const auto& q = series[g];
    if (!q.live()) continue;
    auto& h = sums.history[{cur, g}];
    h.month_end = grid[g];
    h.currency = l.currency;
    h.outstanding_minor += q.outstanding_minor();
    h.par30_minor += at_risk_minor(q, kPar30Dpd);
    h.par90_minor += at_risk_minor(q, kPar90Dpd);
  }
}

void add_fee_base(StatusSums& sums, const Agreement& a, bool informal, const std::vector<LoanPosition>& series,
                  const std::vector<Date>& grid) {
  auto& base = sums.fee_base[a.id][a.terms.fee_rate(informal).ppm];
  for (std::size_t g = 0; g < grid.size(); ++g)
    if (is_month_end(grid[g]) && series[g].live() && !series[g].claimed) base += series[g].outstanding_minor();
}

// The loan's position into the fund, bank and association totals.
void add_totals(StatusSums& sums, const StoredLoan& l, const Borrower& b, const LoanPosition& p,
                std::int64_t exposure) {
  const std::string cur(l.currency.code_view());
  const std::int64_t out = p.live() ? p.outstanding_minor() : 0;
  for (const Key& k : {Key{0, "", cur}, Key{1, l.bank, cur}, Key{2, b.association.empty() ? "(none)" : b.association, cur}}) {
    auto& t = sums.totals[k];
    t.level = std::get<0>(k) == 0 ? "fund" : std::get<0>(k) == 1 ? "bank" : "association";
    t.key = std::get<1>(k);
    t.currency = l.currency;
    ++t.loans;
    if (out > 0) ++t.live_loans;
    t.disbursed_minor += p.disbursed_minor;
    t.outstanding_minor += out;
    t.par30_minor += at_risk_minor(p, kPar30Dpd);
    t.par90_minor += at_risk_minor(p, kPar90Dpd);
    t.written_off_minor += p.written_off_minor;
    t.claims_paid_minor += p.claim_fund_minor;
    t.claims_due_minor += p.claim_due_minor();
    t.recoveries_minor += p.recovered_minor;
    t.guaranteed_exposure_minor += exposure;
  }
  if (out > 0) {
    auto& ag = sums.aging[{l.bank, cur}];
    ag.bank = l.bank;
    ag.currency = l.currency;
    auto bucket = static_cast<std::size_t>(aging_bucket(p.days_past_due));
    ag.outstanding_minor[bucket] += out;
    ++ag.loans[bucket];
  }
}

// The loan's claims and recoveries up to as_of, as rows.
void add_claim_rows(LedgerStatus& s, const StoredLoan& l, const LoanPosition& p, const Date& as_of) {
  for (std::size_t i = 0; i < l.events.size(); ++i) {
    const auto& e = l.events[i];
    if (e.date > as_of) break;
    if (e.kind == LoanEventKind::claim)
      s.claims.push_back(ClaimRow{l.ref, l.bank, l.agreement, l.event_refs[i], e.date, l.currency, e.amount_minor,
                                  p.claim_fund_minor, p.recovered_minor, p.recovered_fund_minor, p.claim_due_minor()});
    if (e.kind == LoanEventKind::recovery)
      s.recoveries.push_back(RecoveryRow{l.ref, l.bank, l.agreement, l.event_refs[i], e.date, l.currency,
                                         e.amount_minor, e.fund_minor});
  }
}

void add_loan(LedgerStatus& s, StatusSums& sums, StaffListsBuilder& staff, const LedgerData& d, const StoredLoan& l,
              const std::vector<Date>& grid) {
  const auto series = replay_loan_series(l.principal_minor, l.dues, l.events, grid, replay_options(d, l));
  const LoanPosition& p = series.back();
  add_history(sums, l, series, grid);
  staff.add_loan(d, l, series);
  if (!p.first_disbursed) return;
  if (l.above_rate_cap) ++s.loans_above_rate_cap;
  const Borrower& b = d.borrowers.at(l.borrower);
  const Agreement* a = l.agreement.empty() ? nullptr : d.agreement(l.agreement);
  if (a && a->currency == l.currency) add_fee_base(sums, *a, b.registration == Registration::informal, series, grid);
  const std::int64_t exposure = p.live() && !p.claimed ? guaranteed_exposure(a, p.outstanding_minor()) : 0;
  if (a) sums.cap_exposure[a->id] += exposure;
  if (a && !p.claimed) sums.unclaimed.emplace_back(&l, p);
  if (exposure > 0) sums.exposure_by_bucket[static_cast<std::size_t>(aging_bucket(p.days_past_due))] += exposure;
  add_totals(sums, l, b, p, exposure);
  const Date& fd = *p.first_disbursed;
  const std::string vintage = fmt::format("{:04}-{:02}", static_cast<int>(fd.year()), static_cast<unsigned>(fd.month()));
  sums.vintages[vintage].push_back(p.default_date ? std::max(0, months_between(fd, *p.default_date)) : -1);
  add_claim_rows(s, l, p, grid.back());
}

// Cumulative default rate by months since first disbursement, per vintage
// (the month of first disbursement), up to as_of.
VintageCurve vintage_curve(const std::string& name, const std::vector<int>& months_to_default, const Date& as_of) {
  VintageCurve c;
  c.vintage = name;
  c.loans = static_cast<std::int64_t>(months_to_default.size());
  const int y = std::stoi(name.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(name.substr(5, 2)));
  const Date start{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{1}};
  const int horizon = std::max(0, months_between(start, as_of));
  c.cumulative_default_rate.assign(static_cast<std::size_t>(horizon) + 1, 0.0);
  for (int mth = 0; mth <= horizon; ++mth) {
    const auto n = std::count_if(months_to_default.begin(), months_to_default.end(),
                                 [&](int v) { return v >= 0 && v <= mth; });
    c.cumulative_default_rate[static_cast<std::size_t>(mth)] = double(n) / double(c.loans);
  }
  return c;
}

// One agreement's use of its cumulative cap, exposure and accrued fees.
CapUse cap_use(const Agreement& a, const AgreementTotals& t, StatusSums& sums) {
  CapUse c;
  c.agreement = a.id;
  c.enrolled_minor = t.enrolled_minor;
  c.claims_paid_minor = t.claims_paid_minor;
  c.claims_due_minor = t.claims_due_minor();
  if (auto cap = a.terms.effective_portfolio_cap(Money(a.currency, t.enrolled_minor))) {
    c.cap_minor = cap->minor();
    c.utilisation = cap->minor() > 0 ? double(t.claims_paid_minor) / double(cap->minor()) : 0.0;
  }
  c.guaranteed_exposure_minor = sums.cap_exposure[a.id];
  Decimal fee = 0;
  for (const auto& [ppm, base] : sums.fee_base[a.id]) fee += Decimal(base) * ppm / (12 * Ratio::kOne);
  c.fees_accrued_minor = round_to_int(fee);
  c.remaining_cap_minor = portfolio_room_minor(a, t.enrolled_minor, t.claims_owed_minor);
  c.max_liability_minor = c.remaining_cap_minor ? std::min(c.guaranteed_exposure_minor, *c.remaining_cap_minor)
                                                : c.guaranteed_exposure_minor;
  return c;
}

FundView fund_view(const LedgerData& d, StatusSums& sums, const Date& as_of) {
  const FundAccount f = fund_account(d, as_of);
  FundView v;
  v.currency = d.fund_currency;
  v.capital_in_minor = f.capital_in_minor;
  v.capital_out_minor = f.capital_out_minor;
  v.fees_in_minor = f.fees_in_minor;
  v.claims_paid_minor = f.claims_paid_minor;
  v.claims_due_minor = f.claims_due_minor;
  v.recoveries_minor = f.recoveries_minor;
  v.balance_minor = f.balance_minor();
  v.available_capital_minor = f.available_minor();
  std::int64_t guaranteed_outstanding = 0;
  for (const auto& l : d.loans) {
    if (l.agreement.empty()) continue;
    const LoanPosition p = position_at(d, l, as_of);
    if (p.live() && !p.claimed) guaranteed_outstanding += p.outstanding_minor();
  }
  for (const auto& [id, e] : sums.cap_exposure) v.guaranteed_exposure_minor += e;
  const std::int64_t capital = f.capital_in_minor - f.capital_out_minor;
  v.leverage = capital > 0 ? double(guaranteed_outstanding) / double(capital) : 0.0;
  std::map<std::string, std::int64_t> earned;
  for (const auto& [id, t] : agreement_totals(d, as_of)) {
    v.caps.push_back(cap_use(*d.agreement(id), t, sums));
    v.fees_accrued_minor += v.caps.back().fees_accrued_minor;
    v.max_liability_minor += v.caps.back().max_liability_minor;
    earned[id] = v.caps.back().fees_accrued_minor;
  }
  const auto received = fees_received_by_agreement(d, as_of, earned);
  for (auto& c : v.caps) c.fees_received_minor = received.at(c.agreement);
  return v;
}

}  // namespace

LedgerStatus read_status(const std::string& db_path, const Date& as_of, const ProvisionRates& rates, const GivenFx& fx) {
  const LedgerData d = read_ledger_file(db_path);
  LedgerStatus s;
  s.as_of = as_of;
  s.seal = current_seal(*open_ledger(db_path, Access::read_only));
  const std::vector<Date> grid = history_grid(d, as_of);
  StatusSums sums;
  StaffListsBuilder staff(grid);
  for (const auto& l : d.loans) add_loan(s, sums, staff, d, l, grid);
  s.staff = staff.finish(d);
  for (auto& [k, t] : sums.totals) s.totals.push_back(std::move(t));
  for (auto& [k, a] : sums.aging) s.aging.push_back(std::move(a));
  for (auto& [k, h] : sums.history) s.par_history.push_back(std::move(h));
  std::stable_sort(s.par_history.begin(), s.par_history.end(),
                   [](const ParPoint& a, const ParPoint& b) { return a.month_end < b.month_end; });
  for (const auto& [name, months] : sums.vintages) s.vintages.push_back(vintage_curve(name, months, as_of));
  std::stable_sort(s.claims.begin(), s.claims.end(), [](const ClaimRow& a, const ClaimRow& b) { return a.date < b.date; });
  std::stable_sort(s.recoveries.begin(), s.recoveries.end(),
                   [](const RecoveryRow& a, const RecoveryRow& b) { return a.date < b.date; });
  s.fund = fund_view(d, sums, as_of);
  s.pipeline = claims_pipeline(d, as_of, sums.unclaimed);
  s.provisioning = provisioning(sums.exposure_by_bucket, s.fund.claims_due_minor, rates);
  s.general_ledger = general_ledger(d, as_of, s.fund.fees_accrued_minor);
  std::vector<StatusTotals> fund_rows;
  for (const auto& t : s.totals)
    if (t.level == "fund") fund_rows.push_back(t);
  s.in_fund_currency = fund_currency_totals(d, fund_rows, as_of, fx);
  return s;
}

}  // namespace gfund::ledger
