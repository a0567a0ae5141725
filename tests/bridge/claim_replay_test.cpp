// What gfund simulates is what its ledger pays. Every default the risk
// engine draws in a few thousand scenarios is claimed again through the
// ledger's own claim decision (ledger::decide_claim, the function the writer
// records claims with and `verify` re-derives them with), month by month, on
// a fund account kept as the ledger keeps it: staged payout (60% at claim,
// the rest when recovery ends), a lock-in, per-loan and cumulative caps, and
// a capital small enough to run out. The fund's claims, month by month, its
// recoveries, net claims and the month capital first cut a claim equal the
// engine's to the cent.
#include <algorithm>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "engine/ledger/claim_decision.hpp"
#include "engine/risk/claims.hpp"
#include "engine/risk/simulate.hpp"
#include "models/errors.hpp"

namespace gfund {
namespace {

constexpr int kHorizon = 24;
constexpr int kLag = 6;
const Date kAsOf = parse_date("2025-01-31");

Book replay_book() {
  Book b;
  b.as_of = kAsOf;
  for (int i = 0; i < 400; ++i) {
    BookLoan l;
    l.loan = "L" + std::to_string(i);
    l.bank = i % 2 ? "WING" : "BOOST";
    l.agreement = i % 2 ? "WING-1" : "BOOST-1";
    l.association = i % 5 == 0 ? "CWEA" : "";
    l.sector = "food";
    l.currency = usd();
    l.outstanding_minor = 80'000 + 3'717 * (i % 41);
    l.annual_rate = Ratio::percent(18);
    l.remaining_months = 6 + i % 30;
    l.schedule = static_cast<ScheduleType>(i % 4);
    l.pd_annual = 0.06 + 0.002 * (i % 20);
    l.lgd = 0.45 + 0.01 * (i % 30);
    b.loans.push_back(l);
  }
  return b;
}

std::vector<Agreement> replay_agreements() {
  GuaranteeTermsData wing;  // staged payout, lock-in, both caps
  wing.coverage = Ratio::percent(70);
  wing.per_loan_cap = Money(usd(), 60'000);
  wing.portfolio_cap_rate = Ratio::percent(8);
  wing.payout_at_claim = Ratio::percent(60);
  wing.available_from = parse_date("2024-11-30");
  wing.lock_in_months = 5;  // claims from 2025-04-30: month 3 on
  GuaranteeTermsData boost;  // first loss, paid in full at claim
  boost.coverage = Ratio::percent(40);
  boost.structure = Structure::first_loss;
  boost.claim_trigger_dpd = 60;
  return {Agreement(AgreementData{"WING-1", "WING", usd(), GuaranteeTerms(wing)}),
          Agreement(AgreementData{"BOOST-1", "BOOST", usd(), GuaranteeTerms(boost)})};
}

risk::RiskModel replay_model() {
  risk::RiskModel m;
  m.name = "replay";
  m.horizon_months = kHorizon;
  m.recovery_lag_months = kLag;
  m.lgd_kind = risk::LgdKind::fixed;
  m.factors.push_back({"economy", {}, 0.45});
  return m;
}

// The ledger's side: one scenario's claims made as the ledger makes them.
struct LedgerReplay {
  struct Open {  // a claim whose recovery (and the rest of its share) is still to come
    int due_month;
    std::size_t agreement;
    std::int64_t rest, recovered, fund_owed, loss;
  };
  const std::vector<Agreement>& agreements;
  std::map<std::string, std::int64_t> enrolled;
  std::int64_t balance = 0, due = 0;   // the fund account: cash, and claims owed not yet paid
  std::vector<std::int64_t> owed;      // per agreement: claims (full shares) so far
  std::vector<std::int64_t> net;       // per agreement: claims less the fund's recovery shares
  std::vector<std::int64_t> gross_by_month;  // fund's claims (full shares) made in each month
  std::vector<std::int64_t> cash_by_month;   // fund's cash out in each month (at claim + settlements)
  std::vector<Open> open;
  int exhaust_month = 0;

  // Month m: first what falls due (settlement of the rest, the recovery),
  // then the month's claims, as the engine orders them.
  void settle(int m) {
    for (auto it = open.begin(); it != open.end();) {
      if (it->due_month > m) { ++it; continue; }
      balance -= it->rest;
      due -= it->rest;
      if (m <= kHorizon) cash_by_month[static_cast<std::size_t>(m)] += it->rest;
      const Agreement& a = agreements[it->agreement];
      const std::int64_t back = recovery_to_fund(a.terms.structure, it->recovered, 0, it->fund_owed, it->loss);
      balance += back;
      net[it->agreement] -= back;
      it = open.erase(it);
    }
  }

  void claim(const risk::Default& d, int month) {
    if (d.agreement == risk::kNoIndex) return;
    const std::size_t g = d.agreement;
    const Agreement& a = agreements[g];
    ledger::ClaimRequest r;
    r.agreement = &a;
    r.position.disbursed_minor = d.ead_minor;
    r.position.days_past_due = a.terms.claim_trigger_dpd;
    r.date = claim_date(kAsOf, month);
    r.enrolled_minor = enrolled.at(a.id);
    r.owed_to_date_minor = owed[g];
    r.available_minor = std::max<std::int64_t>(balance - due, 0);
    ledger::ClaimDecision c;
    try {
      c = ledger::decide_claim(r);
    } catch (const DataError& e) {
      ASSERT_EQ(e.site().field, "date") << e.what();  // the lock-in: the bank bears the loss
      return;
    }
    if (c.limit == ClaimLimit::fund_balance && exhaust_month == 0) exhaust_month = month;
    owed[g] += c.owed_minor;
    net[g] += c.owed_minor;
    balance -= c.paid_now_minor;
    due += c.owed_minor - c.paid_now_minor;
    gross_by_month[static_cast<std::size_t>(month)] += c.owed_minor;
    cash_by_month[static_cast<std::size_t>(month)] += c.paid_now_minor;
    open.push_back({month + kLag, g, c.owed_minor - c.paid_now_minor, d.ead_minor - d.loss_minor, c.owed_minor,
                    d.ead_minor});
  }
};

TEST(ClaimReplay, EverySimulatedDefaultIsPaidAsTheLedgerPaysIt) {
  const Book book = replay_book();
  const auto agreements = replay_agreements();
  const risk::RiskModel model = replay_model();
  const risk::PreparedBook pb = risk::prepare_book(book, agreements, model, usd());
  constexpr std::uint32_t kScenarios = 2000;
  const risk::DefaultSet set = risk::record_defaults(pb, {.seed = 31, .scenarios = kScenarios, .threads = 2});
  risk::FundInputs fund;
  fund.currency = usd();
  fund.capital_minor = 1'500'000;  // 15,000.00 USD: bad scenarios run out
  fund.enrolled_minor = {{"WING-1", 20'000'000}, {"BOOST-1", 18'000'000}};
  const risk::ClaimsSetup setup = risk::make_claims_setup(pb, agreements, model, fund);
  const risk::OutcomeLayout lay = risk::layout_of(pb);
  std::vector<std::int64_t> row(lay.width());
  int exhausted = 0, locked_defaults = 0, staged_claims = 0;
  for (std::size_t s = 0; s < kScenarios; ++s) {
    const auto defaults = set.scenario(s);
    LedgerReplay led{agreements, fund.enrolled_minor, fund.capital_minor, 0, std::vector<std::int64_t>(2),
                     std::vector<std::int64_t>(2), std::vector<std::int64_t>(kHorizon + 1),
                     std::vector<std::int64_t>(kHorizon + 1), {}, 0};
    std::size_t next = 0;
    std::int64_t engine_before = 0;
    for (int m = 1; m <= kHorizon; ++m) {
      led.settle(m);
      for (; next < defaults.size() && defaults[next].month == m; ++next) {
        locked_defaults += defaults[next].agreement == 0 && m < setup.rules[0].first_claim_month;
        led.claim(defaults[next], m);
      }
      // The engine on the defaults to month m: its claims of month m are the ledger's.
      risk::aggregate_scenario(pb, setup, defaults.first(next), row.data());
      const std::int64_t engine_gross = row[risk::OutcomeLayout::kClaimsGross];
      ASSERT_EQ(engine_gross - engine_before, led.gross_by_month[static_cast<std::size_t>(m)])
          << "scenario " << s << " month " << m;
      engine_before = engine_gross;
      staged_claims += led.cash_by_month[static_cast<std::size_t>(m)] != led.gross_by_month[static_cast<std::size_t>(m)];
    }
    ASSERT_EQ(next, defaults.size());
    led.settle(kHorizon + kLag + 1);  // recoveries after the horizon: the engine's figures are ultimate
    ASSERT_EQ(row[risk::OutcomeLayout::kExhaustMonth], led.exhaust_month) << "scenario " << s;
    for (std::size_t g = 0; g < 2; ++g) {
      ASSERT_EQ(row[lay.agr_gross(g)], led.owed[g]) << "scenario " << s << " agreement " << g;
      ASSERT_EQ(row[lay.agr_claims(g)], led.net[g]) << "scenario " << s << " agreement " << g;
    }
    ASSERT_EQ(led.due, 0);
    exhausted += led.exhaust_month != 0;
  }
  // The test reached every rule: capital ran out, the lock-in refused, payouts were staged.
  EXPECT_GT(exhausted, 10);
  EXPECT_GT(locked_defaults, 100);
  EXPECT_GT(staged_claims, 1000);
}

}  // namespace
}  // namespace gfund
