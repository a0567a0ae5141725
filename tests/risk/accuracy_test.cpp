// The simulated figures against known answers: the analytic expected loss,
// the exact loss distribution of independent loans (convolution), and the
// Vasicek large-portfolio quantiles. Fixed seeds; tolerances are several
// Monte Carlo standard errors (or the order-statistic confidence band), so a
// correct engine passes and a biased one fails.
#include <cmath>
#include <cstdio>
#include <map>

#include <gtest/gtest.h>

#include "engine/risk/normal.hpp"
#include "engine/risk/simulate.hpp"
#include "risk_test_books.hpp"

namespace gfund::risk {
namespace {

using namespace gfund::risk::testing;

Book mixed_book() {
  Book b;
  b.as_of = date(2022, 6, 30);
  const ScheduleType types[] = {ScheduleType::annuity, ScheduleType::flat, ScheduleType::equal_principal,
                                ScheduleType::balloon};
  const char* banks[] = {"WING", "BOOST", "SMEB"};
  for (int i = 0; i < 240; ++i) {
    BookLoan l = loan("L" + std::to_string(i), banks[i % 3], 50'000 + 1'337 * (i % 97), 2 + (i * 7) % 30,
                      types[i % 4], i % 3 == 2 ? "" : std::string(banks[i % 3]) + "-A");
    l.sector = i % 5 == 0 ? "street vending" : "food";
    if (i % 4 == 1) {
      l.currency = khr();
      l.outstanding_minor = 4100 * (100 + i) * 10;
    }
    if (i % 11 == 0) l.days_past_due = 45;
    if (i % 13 == 0) l.pd_annual = 0.2;
    b.loans.push_back(l);
  }
  return b;
}

RiskModel mixed_model() {
  RiskModel m;
  m.name = "mixed";
  m.horizon_months = 12;
  m.pd_annual_default = 0.06;
  m.pd_segments.push_back({{.bank = "BOOST"}, 0.09});
  m.lgd_kind = LgdKind::beta;
  m.lgd_mean = 0.6;
  m.lgd_sd = 0.25;
  m.lgd_segments.push_back({{.currency = "KHR"}, 0.7});
  m.factors.push_back({"economy", {}, 0.4});
  m.factors.push_back({"bank:WING", {.bank = "WING"}, 0.3});
  m.factors.push_back({"sector:sv", {.sector = "street vending"}, 0.3});
  m.correlations.push_back({"economy", "bank:WING", 0.3});
  return m;
}

// sum over loans and months of P(default recognised in month m) x EAD(m) x E[LGD].
double analytic_expected_loss(const PreparedBook& pb) {
  double el = 0;
  for (const Run& run : pb.runs) {
    for (std::uint32_t i = run.begin; i < run.end; ++i) {
      const LoanRecord& l = pb.loans[i];
      const double pd = l.pd_annual;
      for (int a = 1; a <= run.age_end; ++a) {
        const double p = pd >= 1.0 ? (a == 1 ? 1.0 : 0.0) : cumulative_pd(pd, a) - cumulative_pd(pd, a - 1);
        el += p * static_cast<double>(exposure_at_default(pb, l, run.start_month + a)) * l.lgd_mean();
      }
    }
  }
  return el;
}

void expect_el_matches(const RiskModel& model, std::uint32_t scenarios) {
  const Book book = mixed_book();
  std::vector<Agreement> agreements{agreement("WING-A", "WING", 50, std::nullopt, std::nullopt),
                                    agreement("BOOST-A", "BOOST", 80, std::nullopt, std::nullopt)};
  const PreparedBook pb = prepare_book(book, agreements, model, usd());
  const FundInputs fund{usd(), 1'000'000'00, {}, {}};
  const ClaimsSetup setup = make_claims_setup(pb, agreements, model, fund);
  const auto out = run_scenarios(pb, setup, {.seed = 11, .scenarios = scenarios, .threads = 2});
  const SimulationResult r = summarize(pb, setup, out, 11);
  const double analytic = analytic_expected_loss(pb);
  const Estimate sim = r.entities.front().loss.mean;
  ASSERT_GT(sim.se, 0.0);
  std::printf("EL simulated %.1f ± %.1f analytic %.1f\n", sim.value, sim.se, analytic);
  EXPECT_LT(std::abs(sim.value - analytic), 4 * sim.se) << "simulated " << sim.value << " analytic " << analytic;
  // Not trivially satisfied: the standard error is small against the figure.
  EXPECT_LT(sim.se, 0.03 * analytic);
}

TEST(Accuracy, ExpectedLossEqualsAnalyticSumGaussian) { expect_el_matches(mixed_model(), 20000); }

TEST(Accuracy, ExpectedLossEqualsAnalyticSumStudentT) {
  RiskModel m = mixed_model();
  m.copula = Copula::student_t;
  m.t_dof = 5;
  expect_el_matches(m, 20000);
}

TEST(Accuracy, IndependentDefaultsMatchTheExactConvolution) {
  // 8 balloon loans (EAD constant), LGD 1, no factors: loss = sum of
  // independent Bernoulli(p_i) x EAD_i, whose distribution is exact by convolution.
  Book book;
  book.as_of = date(2022, 6, 30);
  const std::int64_t ead[] = {100, 200, 300, 500, 700, 1100, 1300, 1700};  // cents
  const double pd[] = {0.05, 0.10, 0.20, 0.30, 0.08, 0.15, 0.25, 0.40};
  for (int i = 0; i < 8; ++i) {
    BookLoan l = loan("L" + std::to_string(i), "WING", ead[i], 24);
    l.pd_annual = pd[i];
    book.loans.push_back(l);
  }
  RiskModel m = one_factor_model(0.05, 0.0, 1.0);
  std::map<std::int64_t, double> exact{{0, 1.0}};
  for (int i = 0; i < 8; ++i) {
    const double p = cumulative_pd(pd[i], 12);
    std::map<std::int64_t, double> next;
    for (auto [v, q] : exact) {
      next[v] += q * (1 - p);
      next[v + ead[i]] += q * p;
    }
    exact = next;
  }
  const PreparedBook pb = prepare_book(book, {}, m, usd());
  const ClaimsSetup setup = make_claims_setup(pb, {}, m, FundInputs{usd(), 0, {}, {}});
  const std::uint32_t n = 40000;
  const auto out = run_scenarios(pb, setup, {.seed = 5, .scenarios = n, .threads = 2});
  std::map<std::int64_t, double> freq;
  for (std::size_t s = 0; s < n; ++s) freq[out.at(s, OutcomeLayout::kLoss)] += 1.0 / n;
  for (auto [v, q] : freq) ASSERT_TRUE(exact.count(v)) << "impossible loss " << v;
  // Each atom within 4.5 binomial standard errors, and the CDFs within the
  // DKW band at 1e-6 (sup |F_n - F| <= sqrt(ln(2e6) / 2n)).
  double cdf_exact = 0, cdf_sim = 0, worst = 0;
  for (auto [v, q] : exact) {
    const double f = freq.count(v) ? freq[v] : 0.0;
    EXPECT_LE(std::abs(f - q), 4.5 * std::sqrt(q * (1 - q) / n) + 1e-12) << "loss " << v;
    cdf_exact += q;
    cdf_sim += f;
    worst = std::max(worst, std::abs(cdf_exact - cdf_sim));
  }
  EXPECT_LT(worst, std::sqrt(std::log(2e6) / (2.0 * n)));
}

TEST(Accuracy, LargeHomogeneousBookFollowsVasicekQuantiles) {
  // One factor, loading sqrt(rho): as the book grows, the loss fraction's
  // q-quantile tends to Phi((Phi^-1(p) + sqrt(rho) Phi^-1(q)) / sqrt(1 - rho)).
  const double pd = 0.05, rho = 0.12;
  const std::size_t loans = 20000;
  Book book;
  book.as_of = date(2022, 6, 30);
  for (std::size_t i = 0; i < loans; ++i) book.loans.push_back(loan("L" + std::to_string(i), "WING", 10000, 24));
  const RiskModel m = one_factor_model(pd, rho, 1.0);
  const PreparedBook pb = prepare_book(book, {}, m, usd());
  ASSERT_EQ(pb.runs.size(), 1u);
  const ClaimsSetup setup = make_claims_setup(pb, {}, m, FundInputs{usd(), 0, {}, {}});
  const std::uint32_t n = 4000;
  const auto out = run_scenarios(pb, setup, {.seed = 9, .scenarios = n, .threads = 2});
  std::vector<double> frac(n);
  for (std::size_t s = 0; s < n; ++s) frac[s] = out.at(s, OutcomeLayout::kLoss) / (10000.0 * loans);
  std::sort(frac.begin(), frac.end());
  auto vasicek = [&](double q) {
    return norm_cdf((norm_quantile(pd) + std::sqrt(rho) * norm_quantile(q)) / std::sqrt(1 - rho));
  };
  for (double q : {0.1, 0.5, 0.9, 0.99}) {
    // Order-statistic band: quantile levels q +- 3.5 sd of the empirical CDF,
    // widened by the finite book's binomial noise (3.5 sd at that level).
    const double dq = 3.5 * std::sqrt(q * (1 - q) / n);
    const double lo = vasicek(std::max(1e-6, q - dq)), hi = vasicek(std::min(1 - 1e-6, q + dq));
    const double gran = 3.5 * std::sqrt(hi * (1 - hi) / loans);
    const double sim = frac[static_cast<std::size_t>(std::ceil(q * n)) - 1];
    EXPECT_GE(sim, lo - gran) << "q " << q;
    EXPECT_LE(sim, hi + gran) << "q " << q;
  }
  // The band is tight enough to tell correlation apart: rho 0.2 gives a 99% quantile outside it.
  const double q99_other = norm_cdf((norm_quantile(pd) + std::sqrt(0.2) * norm_quantile(0.99)) / std::sqrt(0.8));
  EXPECT_GT(q99_other, frac[static_cast<std::size_t>(0.99 * n) - 1] * 1.15);
}

}  // namespace
}  // namespace gfund::risk

namespace gfund::risk {
namespace {

TEST(Accuracy, StudentTCopulaHasFatterTailsThanGaussianWithTheSameMean) {
  using namespace gfund::risk::testing;
  Book book;
  book.as_of = date(2022, 6, 30);
  for (int i = 0; i < 5000; ++i) book.loans.push_back(loan("L" + std::to_string(i), "WING", 10000, 24));
  RiskModel g = one_factor_model(0.04, 0.1, 1.0), t = g;
  t.copula = Copula::student_t;
  t.t_dof = 4;
  const SimulationOptions opt{.seed = 12, .scenarios = 4000, .threads = 2};
  const auto rg = simulate(book, {}, g, {usd(), 0, {}, {}}, opt), rt = simulate(book, {}, t, {usd(), 0, {}, {}}, opt);
  const auto& lg = rg.entities.front().loss;
  const auto& lt = rt.entities.front().loss;
  // Same marginal PDs, so the same expected loss ...
  EXPECT_LT(std::abs(lg.mean.value - lt.mean.value), 4 * std::hypot(lg.mean.se, lt.mean.se));
  // ... but tail dependence: a much larger 99.9% ES.
  EXPECT_GT(lt.tails[3].es.value - lg.tails[3].es.value, 4 * std::hypot(lg.tails[3].es.se, lt.tails[3].es.se));
}

}  // namespace
}  // namespace gfund::risk
