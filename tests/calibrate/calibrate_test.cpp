// Calibration recovers known PDs from a generated history; shrinkage pulls
// thin groups toward the pool; IRLS recovers known coefficients; the model
// file it writes reads back in the risk engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "engine/calibrate/calibrate.hpp"
#include "engine/calibrate/model_writer.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"

namespace gfund::calibrate {
namespace {

// A history: loans of `bank` disbursed over two years, each observed for a
// uniform 6..30 months, defaulting with a constant hazard that makes the
// annual PD `pd`. Fixed seed: the same history every run.
void add_history(std::vector<ledger::LoanOutcome>& out, const std::string& bank, int loans, double pd, std::mt19937_64& rng,
                 const std::string& association = "") {
  const double hazard = -std::log1p(-pd);  // per year
  std::exponential_distribution<double> time_to_default(hazard);
  std::uniform_int_distribution<int> months(6, 30);
  for (int i = 0; i < loans; ++i) {
    ledger::LoanOutcome o;
    o.loan = bank + std::to_string(i);
    o.bank = bank;
    o.association = association;
    o.sector = i % 2 ? "food" : "retail";
    o.currency = usd();
    o.principal_minor = 150'000 + 1000 * (i % 50);
    o.annual_rate = Ratio::percent(15);
    o.term_months = 12 + 6 * (i % 3);
    o.disbursed = Date{std::chrono::year{2020 + i % 2}, std::chrono::month{1 + static_cast<unsigned>(i % 12)}, std::chrono::day{1}};
    o.birth_year = 1990 + i % 10;
    o.registration = i % 4 ? Registration::informal : Registration::formal;
    const int observed = months(rng);
    const double t = time_to_default(rng) * 12;  // months
    o.defaulted = t <= observed;
    o.months_observed = o.defaulted ? std::max(1, static_cast<int>(std::ceil(t))) : observed;
    out.push_back(o);
  }
}

TEST(Shrinkage, RecoversKnownPdsFromAGeneratedHistory) {
  std::mt19937_64 rng(42);
  std::vector<ledger::LoanOutcome> h;
  add_history(h, "LOW", 4000, 0.03, rng);
  add_history(h, "MID", 4000, 0.08, rng);
  add_history(h, "HIGH", 4000, 0.15, rng);
  CalibrationOptions opt;
  auto r = calibrate(h, opt);
  std::map<std::string, double> want{{"LOW", 0.03}, {"MID", 0.08}, {"HIGH", 0.15}};
  for (const auto& g : r.by_bank.groups) {
    // ~7,000 loan-years a bank: the rate's relative standard error is
    // 1/sqrt(defaults) (6% .. 14%); allow 3 of them.
    const double rel = 3 / std::sqrt(std::max(1, g.defaults) * 1.0);
    EXPECT_NEAR(g.shrunk_pd, want[g.key], rel * want[g.key]) << g.key;
    EXPECT_GT(g.weight, 0.95) << g.key;  // big groups speak for themselves
    EXPECT_LE(g.low, g.shrunk_pd);
    EXPECT_GE(g.high, g.shrunk_pd);
  }
  // The written model carries the bank PDs as segments.
  int banks = 0;
  for (const auto& s : r.model.pd_segments)
    if (!s.filter.bank.empty()) {
      ++banks;
      EXPECT_NEAR(s.pd_annual, want[s.filter.bank], 3 / std::sqrt(200.0) * want[s.filter.bank]);
    }
  EXPECT_EQ(banks, 3);
}

TEST(Shrinkage, ThinGroupsLeanOnThePool) {
  // Groups that really differ (so the prior is not infinitely strong) and
  // one thin group with no defaults.
  std::vector<GroupCount> g{{"A", 2000, 60, 2000}, {"B", 2000, 200, 2000}, {"C", 2000, 120, 2000}, {"THIN", 5, 0, 4}};
  auto r = shrink_rates(g);
  EXPECT_LT(r.prior_strength, kPriorStrengthMax);
  const auto& thin = r.groups[3];
  EXPECT_EQ(thin.raw_pd, 0.0);
  EXPECT_GT(thin.shrunk_pd, 0.5 * r.pooled_pd);  // not the raw 0%: mostly the pool
  EXPECT_LT(thin.weight, 0.5);
  // Big groups barely move.
  EXPECT_NEAR(r.groups[1].shrunk_pd, r.groups[1].raw_pd, 0.1 * r.groups[1].raw_pd);
  // Groups that look alike: full pooling, every estimate the pooled PD.
  auto same = shrink_rates({{"A", 1000, 50, 1000}, {"B", 1000, 51, 1000}, {"C", 1000, 49, 1000}});
  EXPECT_EQ(same.prior_strength, kPriorStrengthMax);
  for (const auto& x : same.groups) EXPECT_NEAR(x.shrunk_pd, same.pooled_pd, 1e-3 * same.pooled_pd);
}

TEST(Logistic, RecoversKnownCoefficients) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z;
  const int n = 20000;
  Eigen::MatrixXd X(n, 3);
  Eigen::VectorXd y(n);
  const double b0 = -2.0, b1 = 0.8, b2 = -0.5;
  std::uniform_real_distribution<double> u;
  for (int i = 0; i < n; ++i) {
    const double x1 = z(rng), x2 = u(rng) < 0.3 ? 1.0 : 0.0;
    X.row(i) << 1.0, x1, x2;
    y(i) = u(rng) < 1 / (1 + std::exp(-(b0 + b1 * x1 + b2 * x2))) ? 1.0 : 0.0;
  }
  auto f = fit_logistic(X, y, {"intercept", "x1", "x2"});
  ASSERT_TRUE(f.converged);
  EXPECT_TRUE(f.warnings.empty());
  const double truth[] = {b0, b1, b2};
  for (int j = 0; j < 3; ++j) {
    EXPECT_GT(f.se(j), 0);
    EXPECT_NEAR(f.beta(j), truth[j], 3.5 * f.se(j)) << f.names[static_cast<std::size_t>(j)];
  }
}

TEST(Logistic, WarnsWhenDataAreTooFewOrSeparated) {
  // 40 loans, 3 defaults, 3 coefficients: too few to trust.
  Eigen::MatrixXd X(40, 3);
  Eigen::VectorXd y = Eigen::VectorXd::Zero(40);
  for (int i = 0; i < 40; ++i) X.row(i) << 1.0, (i % 7) / 7.0, (i % 3 == 0) ? 1.0 : 0.0;
  y(3) = y(17) = y(30) = 1;
  auto f = fit_logistic(X, y, {"intercept", "a", "b"});
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings.back().find("too few data"), std::string::npos) << f.warnings.back();
  // Perfect separation: x > 0 always defaults.
  Eigen::MatrixXd S(20, 2);
  Eigen::VectorXd ys(20);
  for (int i = 0; i < 20; ++i) {
    S.row(i) << 1.0, i < 10 ? -1.0 : 1.0;
    ys(i) = i < 10 ? 0.0 : 1.0;
  }
  auto g = fit_logistic(S, ys, {"intercept", "x"});
  bool flagged = false;
  for (const auto& w : g.warnings) flagged = flagged || w.find("separation") != std::string::npos || w.find("converge") != std::string::npos;
  EXPECT_TRUE(flagged);
  EXPECT_THROW(fit_logistic(Eigen::MatrixXd(0, 0), Eigen::VectorXd(0), {}), gfund::DataError);
}

TEST(ModelWriter, CalibratedModelReadsBackInTheRiskEngine) {
  std::mt19937_64 rng(1);
  std::vector<ledger::LoanOutcome> h;
  add_history(h, "WING", 100, 0.05, rng);
  add_history(h, "SMEB", 52, 0.04, rng, "CWEA");
  CalibrationOptions opt;
  opt.prior.name = "prior";
  opt.prior.factors.push_back({"economy", {}, 0.3});
  opt.prior.factors.push_back({"bank:WING", {.bank = "WING"}, 0.2});
  opt.prior.correlations.push_back({"economy", "bank:WING", 0.1});
  opt.prior.lgd_kind = risk::LgdKind::beta;
  opt.prior.lgd_mean = 0.65;
  opt.prior.lgd_sd = 0.2;
  auto r = calibrate(h, opt);
  // 152 loans: the calibration says the data are thin.
  bool thin = false;
  for (const auto& w : r.warnings) thin = thin || w.find("defaults in 152 loans") != std::string::npos;
  EXPECT_TRUE(thin);
  const std::string text = calibrated_model_file(r, "test \"ledger\"");
  auto back = risk::parse_model_toml(text, "calibrated.toml");
  EXPECT_EQ(back.name, r.model.name);
  EXPECT_DOUBLE_EQ(back.pd_annual_default, r.model.pd_annual_default);
  ASSERT_EQ(back.pd_segments.size(), r.model.pd_segments.size());
  for (std::size_t i = 0; i < back.pd_segments.size(); ++i) {
    EXPECT_DOUBLE_EQ(back.pd_segments[i].pd_annual, r.model.pd_segments[i].pd_annual);
    EXPECT_EQ(back.pd_segments[i].filter.bank, r.model.pd_segments[i].filter.bank);
    EXPECT_EQ(back.pd_segments[i].filter.association, r.model.pd_segments[i].filter.association);
  }
  EXPECT_EQ(back.pd_segments.front().filter.association, "CWEA");  // association first: more specific
  ASSERT_EQ(back.factors.size(), 2u);
  EXPECT_DOUBLE_EQ(back.factors[1].loading, 0.2);
  EXPECT_EQ(back.factors[1].applies_to.bank, "WING");
  ASSERT_EQ(back.correlations.size(), 1u);
  EXPECT_EQ(back.lgd_kind, risk::LgdKind::beta);
  EXPECT_DOUBLE_EQ(back.lgd_sd, 0.2);
}

// Loan sizes meet on one scale at the prior's FX rates (no rate written in
// the code): a rate the prior lacks is refused by name, and a riel fund
// names its own currency in the regression.
TEST(Calibrate, LoanSizesConvertAtThePriorsRates) {
  std::mt19937_64 rng(8);
  std::vector<ledger::LoanOutcome> h;
  add_history(h, "A", 400, 0.08, rng);
  for (std::size_t i = 0; i < h.size(); i += 2) {
    h[i].currency = khr();
    h[i].principal_minor *= 41;  // riel (whole units) for the same dollars at 4,100
  }
  CalibrationOptions opt;
  opt.prior.fx_per_fund_unit.clear();
  try {
    (void)calibrate(h, opt);
    ADD_FAILURE() << "a riel loan with no KHR rate in the prior was accepted";
  } catch (const gfund::DataError& e) {
    EXPECT_EQ(e.site().field, "fx.KHR");
  }
  opt.prior.fx_per_fund_unit = {{"KHR", 4100.0}};
  const auto usd_fund = calibrate(h, opt);
  const auto& names = usd_fund.fit.names;
  EXPECT_NE(std::find(names.begin(), names.end(), "loan not in USD"), names.end());
  // Another rate puts the riel loans at another size: the size coefficient moves.
  opt.prior.fx_per_fund_unit = {{"KHR", 410.0}};
  const auto other_rate = calibrate(h, opt);
  ASSERT_EQ(usd_fund.fit.beta.size(), other_rate.fit.beta.size());
  EXPECT_GT((usd_fund.fit.beta - other_rate.fit.beta).norm(), 1e-6);
}

TEST(Calibrate, EmptyHistoryIsRefused) {
  EXPECT_THROW(calibrate({}, CalibrationOptions{}), gfund::DataError);
}

}  // namespace
}  // namespace gfund::calibrate
