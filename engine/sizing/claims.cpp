#include "engine/sizing/claims.hpp"

#include "engine/risk/mpi_ranks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace gfund::sizing {

Candidate base_candidate(const Portfolio& p) {
  Candidate c;
  for (const auto& a : p.agreements) c.terms.push_back(a.terms);
  c.bank_volume.assign(p.banks.size(), 1.0);
  c.association_volume.assign(p.associations.size(), 1.0);
  return c;
}

std::vector<char> included_exposures(const Portfolio& p, const Candidate& c) {
  std::vector<char> inc(p.exposures.size(), 1);
  for (std::size_t i = 0; i < p.exposures.size(); ++i) {
    const auto& e = p.exposures[i];
    if (!e.planned) continue;
    double m = c.bank_volume.empty() ? 1.0 : c.bank_volume[static_cast<std::size_t>(e.bank)];
    if (e.association >= 0 && !c.association_volume.empty()) m *= c.association_volume[static_cast<std::size_t>(e.association)];
    GFUND_ASSERT(m <= p.volume_multiplier_max + 1e-9);
    inc[i] = static_cast<double>(e.volume_before_minor) < m * static_cast<double>(e.cell_volume_minor) ? 1 : 0;
  }
  return inc;
}

namespace {
// An agreement's amount (caps are stated in its currency) in the fund's.
std::int64_t fund_minor(const Portfolio& p, const Money& m) { return convert(m, p.currency, p.fx).minor(); }
}  // namespace

namespace {

// The claim limits of a candidate's terms, per agreement, in fund minor units.
struct Limits {
  std::vector<std::int64_t> cap, per_loan;  // -1 = none
  std::vector<int> first_claim_month;       // lock-in on the rule's own month grid, as the risk engine's
};

ClaimsRun empty_run(int scenarios, int agreements) {
  ClaimsRun r;
  const auto S = static_cast<std::size_t>(scenarios), na = static_cast<std::size_t>(agreements);
  r.scenarios = scenarios;
  r.agreements = agreements;
  r.net.assign(S, 0);
  r.peak.assign(S, 0);
  r.gross.assign(S, 0);
  r.loss.assign(S, 0);
  r.agreement_net.assign(S * na, 0);
  r.agreement_loss.assign(S * na, 0);
  r.guaranteed_years_minor.assign(na, 0.0);
  r.enrolled_minor.assign(na, 0);
  return r;
}

// Enrolled volume and the fee base (expected guaranteed outstanding x
// months / 12, surviving loans only), deterministic per candidate.
void fee_base(const Portfolio& p, const Candidate& c, const std::vector<char>& inc, int horizon, ClaimsRun& r) {
  for (std::size_t a = 0; a < p.agreements.size(); ++a)
    r.enrolled_minor[a] = std::max<std::int64_t>(0, p.enrolled_to_date_minor[a]);
  for (std::size_t i = 0; i < p.exposures.size(); ++i) {
    if (!inc[i]) continue;
    const auto& e = p.exposures[i];
    const auto a = static_cast<std::size_t>(e.agreement);
    // Book loans count by their outstanding only when the ledger's enrolled
    // volume is unknown (a book file); planned loans always add.
    if (e.planned || p.enrolled_to_date_minor[a] < 0) r.enrolled_minor[a] += e.principal_minor;
    const double cov = c.terms[a].coverage.to_double();
    const double ls = std::log1p(-std::min(e.pd_annual, 0.9999));
    double years = 0;
    for (int t = 1; t <= e.term_months && e.start_month + t <= horizon; ++t)
      years += balance_fraction(e.schedule, e.annual_rate, e.term_months, t) * std::exp(ls * (t - 1) / 12.0);
    r.guaranteed_years_minor[a] += cov * static_cast<double>(e.principal_minor) * years / 12.0;
  }
}

Limits claim_limits(const Portfolio& p, const Candidate& c, const ClaimsRun& r) {
  const std::size_t na = p.agreements.size();
  Limits l{std::vector<std::int64_t>(na, -1), std::vector<std::int64_t>(na, -1), std::vector<int>(na, 1)};
  for (std::size_t a = 0; a < na; ++a) {
    const auto& t = c.terms[a];
    l.first_claim_month[a] = t.first_claim_month(p.as_of);
    // The rate cap is a share of the enrolled volume, stated in the
    // agreement's currency: convert the fund-currency sum back.
    const Money enrolled = convert(Money(p.currency, r.enrolled_minor[a]), p.agreements[a].currency, p.fx);
    if (auto cp = t.effective_portfolio_cap(enrolled)) l.cap[a] = fund_minor(p, *cp);
    if (t.per_loan_cap) l.per_loan[a] = fund_minor(p, *t.per_loan_cap);
  }
  return l;
}

// Scenario s's claims into r, its monthly net flows in `flows` (H + 2 cells).
void scenario_claims(const Portfolio& p, const DefaultDraws& d, const Candidate& c, const std::vector<char>& inc,
                     const Limits& lim, int s, std::vector<std::int64_t>& flows, ClaimsRun& r) {
  const int H = d.horizon_months, lag = d.recovery_lag_months;
  std::fill(flows.begin(), flows.end(), 0);
  const auto so = static_cast<std::size_t>(s) * static_cast<std::size_t>(r.agreements);
  std::int64_t gross = 0, loss = 0, claimed = 0;
  int current = -1;
  const auto held = static_cast<std::size_t>(s - d.first);
  for (auto k = d.offsets[held]; k < d.offsets[held + 1]; ++k) {
    const auto& ev = d.events[static_cast<std::size_t>(k)];
    if (!inc[static_cast<std::size_t>(ev.exposure)]) continue;
    const auto& e = p.exposures[static_cast<std::size_t>(ev.exposure)];
    const auto a = static_cast<std::size_t>(e.agreement);
    if (e.agreement != current) {  // events come grouped by agreement
      current = e.agreement;
      claimed = p.claimed_to_date_minor[a];
    }
    const std::int64_t l = ev.ead_minor - ev.recovery_minor;
    loss += l;
    r.agreement_loss[so + a] += l;
    const int month = ev.claim_month;
    if (month > H || month < lim.first_claim_month[a]) continue;  // after the horizon / in lock-in
    const auto& t = c.terms[a];
    const std::int64_t room = lim.cap[a] < 0 ? -1 : std::max<std::int64_t>(0, lim.cap[a] - claimed);
    const std::int64_t paid = split_claim(ev.ead_minor, t.coverage, lim.per_loan[a], room, -1).fund_minor;
    if (paid == 0) continue;
    claimed += paid;
    gross += paid;
    const std::int64_t back = recovery_to_fund(t.structure, ev.recovery_minor, 0, paid, ev.ead_minor);
    r.agreement_net[so + a] += paid - back;
    // The whole share is owed at the claim (staged payout defers cash, not
    // what the fund owes: see claims.hpp); the recovery share comes back later.
    flows[static_cast<std::size_t>(month)] += paid;
    if (month + lag <= H) flows[static_cast<std::size_t>(month + lag)] -= back;
  }
  std::int64_t cum = 0, peak = 0, net = 0;
  for (int m = 1; m <= H; ++m) {
    cum += flows[static_cast<std::size_t>(m)];
    peak = std::max(peak, cum);
  }
  for (int a = 0; a < r.agreements; ++a) net += r.agreement_net[so + static_cast<std::size_t>(a)];
  r.net[static_cast<std::size_t>(s)] = net;
  r.peak[static_cast<std::size_t>(s)] = peak;
  r.gross[static_cast<std::size_t>(s)] = gross;
  r.loss[static_cast<std::size_t>(s)] = loss;
}

// An MPI job: each rank aggregated the scenarios it holds; every rank then
// holds every scenario's figures, for the same measures and solver steps.
void share_scenarios(ClaimsRun& r) {
  const auto n = static_cast<std::uint64_t>(r.scenarios);
  for (auto* v : {&r.net, &r.peak, &r.gross, &r.loss}) risk::ranks::share_rows(*v, 1, n);
  for (auto* v : {&r.agreement_net, &r.agreement_loss})
    risk::ranks::share_rows(*v, static_cast<std::size_t>(r.agreements), n);
}

}  // namespace

ClaimsRun aggregate_claims(const Portfolio& p, const DefaultDraws& d, const Candidate& c) {
  GFUND_ASSERT(c.terms.size() == p.agreements.size());
  const auto inc = included_exposures(p, c);
  ClaimsRun r = empty_run(d.scenarios, static_cast<int>(p.agreements.size()));
  r.weights = d.weights;
  fee_base(p, c, inc, d.horizon_months, r);
  const Limits lim = claim_limits(p, c, r);
#pragma omp parallel
  {
    std::vector<std::int64_t> flows(static_cast<std::size_t>(d.horizon_months) + 2);
#pragma omp for schedule(dynamic, 64)
    for (int s = d.first; s < d.first + d.held; ++s) scenario_claims(p, d, c, inc, lim, s, flows, r);
  }
  share_scenarios(r);
  return r;
}

}  // namespace gfund::sizing
