#include "engine/ledger/status.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "engine/ledger/fund_account.hpp"
#include "engine/ledger/ledger_data.hpp"
#include "engine/ledger/store.hpp"

namespace gfund::ledger {
namespace {

using Key = std::tuple<int, std::string, std::string>;  // level order, key, currency code

std::int64_t guaranteed_exposure(const Agreement* a, std::int64_t outstanding) {
  if (!a || outstanding <= 0) return 0;
  std::int64_t covered = round_to_int(Decimal(outstanding) * a->terms.coverage.to_decimal());
  if (a->terms.per_loan_cap) covered = std::min(covered, a->terms.per_loan_cap->minor());
  return covered;
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

}  // namespace

LedgerStatus read_status(const std::string& db_path, const Date& as_of) {
  const LedgerData d = read_ledger_file(db_path);
  LedgerStatus s;
  s.as_of = as_of;
  std::map<Key, StatusTotals> totals;
  std::map<std::pair<std::string, std::string>, AgingRow> aging;
  std::map<std::string, std::int64_t> cap_exposure;
  // Fee base per agreement and fee rate (ppm a year): sum over month ends of
  // outstanding, in minor units (fits int64: 10^7 loans x 10^9 x 600 months).
  std::map<std::string, std::map<std::int64_t, std::int64_t>> fee_base;

  // The history grid: month ends from the first disbursement.
  std::optional<Date> first;
  for (const auto& l : d.loans)
    for (const auto& e : l.events)
      if (e.kind == LoanEventKind::disbursement) {
        if (!first || e.date < *first) first = e.date;
        break;
      }
  std::vector<Date> grid = first && !(as_of < *first) ? history_dates(*first, as_of) : std::vector<Date>{as_of};
  std::map<std::pair<std::string, std::size_t>, ParPoint> history;  // (currency, grid index)

  struct VintageLoan {
    int months_to_default;  // -1 = not defaulted
  };
  std::map<std::string, std::vector<VintageLoan>> vintages;

  for (const auto& l : d.loans) {
    auto series = replay_loan_series(l.principal_minor, l.dues, l.events, grid, replay_options(d, l));
    const LoanPosition& p = series.back();
    std::string cur(l.currency.code_view());
    for (std::size_t g = 0; g < grid.size(); ++g) {
      const auto& q = series[g];
      if (!q.live()) continue;
      auto& h = history[{cur, g}];
      h.month_end = grid[g];
      h.currency = l.currency;
      h.outstanding_minor += q.outstanding_minor();
      if (q.days_past_due > 30) h.par30_minor += q.outstanding_minor();
      if (q.days_past_due > 90) h.par90_minor += q.outstanding_minor();
    }
    if (!p.first_disbursed) continue;
    if (l.above_rate_cap) ++s.loans_above_rate_cap;
    const Borrower& b = d.borrowers.at(l.borrower);
    const Agreement* a = l.agreement.empty() ? nullptr : d.agreement(l.agreement);
    if (a && a->currency == l.currency) {
      const std::int64_t rate = a->terms.fee_rate(b.registration == Registration::informal).ppm;
      auto& base = fee_base[a->id][rate];
      for (std::size_t g = 0; g < grid.size(); ++g)
        if (is_month_end(grid[g]) && series[g].live() && !series[g].claimed) base += series[g].outstanding_minor();
    }
    const std::int64_t out = p.live() ? p.outstanding_minor() : 0;
    const std::int64_t exposure = p.live() && !p.claimed ? guaranteed_exposure(a, out) : 0;
    if (a) cap_exposure[a->id] += exposure;
    for (const Key& k : {Key{0, "", cur}, Key{1, l.bank, cur}, Key{2, b.association.empty() ? "(none)" : b.association, cur}}) {
      auto& t = totals[k];
      t.level = std::get<0>(k) == 0 ? "fund" : std::get<0>(k) == 1 ? "bank" : "association";
      t.key = std::get<1>(k);
      t.currency = l.currency;
      ++t.loans;
      if (out > 0) ++t.live_loans;
      t.disbursed_minor += p.disbursed_minor;
      t.outstanding_minor += out;
      if (out > 0 && p.days_past_due > 30) t.par30_minor += out;
      if (out > 0 && p.days_past_due > 90) t.par90_minor += out;
      t.written_off_minor += p.written_off_minor;
      t.claims_paid_minor += p.claim_fund_minor;
      t.claims_due_minor += p.claim_due_minor();
      t.recoveries_minor += p.recovered_minor;
      t.guaranteed_exposure_minor += exposure;
    }
    if (out > 0) {
      auto& ag = aging[{l.bank, cur}];
      ag.bank = l.bank;
      ag.currency = l.currency;
      auto bucket = static_cast<std::size_t>(aging_bucket(p.days_past_due));
      ag.outstanding_minor[bucket] += out;
      ++ag.loans[bucket];
    }
    const Date& fd = *p.first_disbursed;
    std::string vintage = fmt::format("{:04}-{:02}", static_cast<int>(fd.year()), static_cast<unsigned>(fd.month()));
    vintages[vintage].push_back({p.default_date ? std::max(0, months_between(fd, *p.default_date)) : -1});
    for (std::size_t i = 0; i < l.events.size(); ++i) {
      const auto& e = l.events[i];
      if (e.date > as_of) break;
      if (e.kind == LoanEventKind::claim)
        s.claims.push_back(ClaimRow{l.ref, l.bank, l.agreement, l.event_refs[i], e.date, l.currency, e.amount_minor,
                                    p.claim_fund_minor, p.recovered_minor, p.recovered_fund_minor,
                                    p.claim_due_minor()});
      if (e.kind == LoanEventKind::recovery)
        s.recoveries.push_back(RecoveryRow{l.ref, l.bank, l.agreement, l.event_refs[i], e.date, l.currency,
                                           e.amount_minor, e.fund_minor});
    }
  }
  for (auto& [k, t] : totals) s.totals.push_back(std::move(t));
  for (auto& [k, a] : aging) s.aging.push_back(std::move(a));
  for (auto& [k, h] : history) s.par_history.push_back(std::move(h));
  std::stable_sort(s.par_history.begin(), s.par_history.end(),
                   [](const ParPoint& a, const ParPoint& b) { return a.month_end < b.month_end; });
  for (auto& [name, loans] : vintages) {
    VintageCurve c;
    c.vintage = name;
    c.loans = static_cast<std::int64_t>(loans.size());
    int y = std::stoi(name.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(name.substr(5, 2)));
    Date start{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{1}};
    int horizon = std::max(0, months_between(start, as_of));
    c.cumulative_default_rate.assign(static_cast<std::size_t>(horizon) + 1, 0.0);
    for (int mth = 0; mth <= horizon; ++mth) {
      std::int64_t n = 0;
      for (const auto& v : loans)
        if (v.months_to_default >= 0 && v.months_to_default <= mth) ++n;
      c.cumulative_default_rate[static_cast<std::size_t>(mth)] = double(n) / double(c.loans);
    }
    s.vintages.push_back(std::move(c));
  }
  std::stable_sort(s.claims.begin(), s.claims.end(), [](const ClaimRow& a, const ClaimRow& b) { return a.date < b.date; });
  std::stable_sort(s.recoveries.begin(), s.recoveries.end(),
                   [](const RecoveryRow& a, const RecoveryRow& b) { return a.date < b.date; });

  FundAccount f = fund_account(d, as_of);
  FundView& v = s.fund;
  v.currency = d.fund_currency;
  v.capital_in_minor = f.capital_in_minor;
  v.capital_out_minor = f.capital_out_minor;
  v.fees_in_minor = f.fees_in_minor;
  v.claims_paid_minor = f.claims_paid_minor;
  v.claims_due_minor = f.claims_due_minor;
  v.recoveries_minor = f.recoveries_minor;
  v.balance_minor = f.balance_minor();
  std::int64_t guaranteed_outstanding = 0;
  for (const auto& l : d.loans) {
    if (l.agreement.empty()) continue;
    LoanPosition p = position_at(d, l, as_of);
    if (p.live() && !p.claimed) guaranteed_outstanding += p.outstanding_minor();
  }
  for (const auto& [id, e] : cap_exposure) v.guaranteed_exposure_minor += e;
  std::int64_t capital = f.capital_in_minor - f.capital_out_minor;
  v.leverage = capital > 0 ? double(guaranteed_outstanding) / double(capital) : 0.0;
  for (const auto& [id, t] : agreement_totals(d, as_of)) {
    const Agreement* a = d.agreement(id);
    CapUse c;
    c.agreement = id;
    c.enrolled_minor = t.enrolled_minor;
    c.claims_paid_minor = t.claims_paid_minor;
    c.claims_due_minor = t.claims_due_minor();
    if (auto cap = a->terms.effective_portfolio_cap(Money(a->currency, t.enrolled_minor))) {
      c.cap_minor = cap->minor();
      c.utilisation = cap->minor() > 0 ? double(t.claims_paid_minor) / double(cap->minor()) : 0.0;
    }
    c.guaranteed_exposure_minor = cap_exposure[id];
    Decimal fee = 0;
    for (const auto& [ppm, base] : fee_base[id]) fee += Decimal(base) * ppm / (12 * Ratio::kOne);
    c.fees_accrued_minor = round_to_int(fee);
    v.fees_accrued_minor += c.fees_accrued_minor;
    v.caps.push_back(c);
  }
  return s;
}

}  // namespace gfund::ledger
