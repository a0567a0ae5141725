#include <gtest/gtest.h>

#include "engine/risk/correlation.hpp"
#include "engine/risk/model_file.hpp"
#include "models/errors.hpp"
#include "support/test_support.hpp"

namespace gfund::risk {
namespace {

TEST(Correlation, PositiveDefiniteMatrixIsUsedAsGiven) {
  Eigen::MatrixXd c(2, 2);
  c << 1, 0.5, 0.5, 1;
  auto f = factor_cholesky(c);
  EXPECT_TRUE(f.warning.empty());
  EXPECT_EQ(f.repair_distance, 0.0);
  EXPECT_LT((f.lower * f.lower.transpose() - c).norm(), 1e-14);
}

TEST(Correlation, NotPositiveDefiniteIsRepairedWithAWarningSayingByHowMuch) {
  // Pairwise plausible, jointly impossible: a~b, b~c strongly, a~c strongly negative.
  Eigen::MatrixXd c(3, 3);
  c << 1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1;
  auto f = factor_cholesky(c);
  ASSERT_FALSE(f.warning.empty());
  EXPECT_NE(f.warning.find("not positive definite"), std::string::npos);
  EXPECT_GT(f.repair_distance, 0.1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(f.correlation);
  EXPECT_GT(es.eigenvalues().minCoeff(), 0.0);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(f.correlation(i, i), 1.0, 1e-12);
  EXPECT_LT((f.lower * f.lower.transpose() - f.correlation).norm(), 1e-12);
  // The nearest matrix keeps the sign pattern and is no farther than the identity.
  EXPECT_LT(f.repair_distance, (Eigen::MatrixXd::Identity(3, 3) - c).norm());
}

TEST(ModelFile, DemoTomlAndJsonReadTheSame) {
  const auto dir = gfund::testing::fixtures_dir() + "/models/";
  RiskModel t = read_model_file(dir + "demo.toml");
  RiskModel j = read_model_file(dir + "demo.json");
  EXPECT_EQ(t.name, "demo");
  EXPECT_EQ(t.horizon_months, j.horizon_months);
  ASSERT_EQ(t.factors.size(), j.factors.size());
  EXPECT_EQ(t.factors.size(), 8u);
  EXPECT_EQ(t.factors[1].applies_to.bank, "WING");
  EXPECT_DOUBLE_EQ(t.factors[1].loading, j.factors[1].loading);
  EXPECT_EQ(t.pd_segments.size(), 4u);
  EXPECT_EQ(t.lgd_kind, LgdKind::beta);
  EXPECT_DOUBLE_EQ(t.fx_per_fund_unit.at("KHR"), 4100.0);
  EXPECT_EQ(t.correlations.size(), j.correlations.size());
}

std::string error_of(const std::string& toml) {
  try {
    parse_model_toml(toml, "m.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ModelFile, BadFilesAreRefusedNamingFileFieldAndRule) {
  EXPECT_EQ(error_of("[pd]\ndefault = 1.5\n"), "m.toml: field 'pd.default': must be in (0, 1), got 1.5");
  EXPECT_EQ(error_of("[pd]\ndefault = 0.05\n[stress]\npd_multiplyer = 2.0\n"),
            "m.toml: field 'stress.pd_multiplyer': unknown key");
  EXPECT_NE(error_of("[pd]\ndefault = 0.05\n[[factors]]\nname = \"a\"\nloading = 1.2\n").find("factors[0].loading"),
            std::string::npos);
  EXPECT_NE(error_of("horizon_months = 12\n").find("field 'pd'"), std::string::npos);
  EXPECT_NE(error_of("[pd]\ndefault = 0.05\n[[correlations]]\na = \"x\"\nb = \"y\"\nrho = 0.2\n")
                .find("correlations[0]"),
            std::string::npos);
  const auto syntax = error_of("[pd]\ndefault = 0.05\nhorizon_months = = 3\n");
  EXPECT_NE(syntax.find("m.toml:3:"), std::string::npos) << syntax;
  EXPECT_NE(error_of("[pd]\ndefault = 0.05\n[copula]\ntype = \"clayton\"\n").find("copula.type"), std::string::npos);
  EXPECT_NE(error_of("horizon_months = 12.5\n[pd]\ndefault = 0.05\n").find("must be an integer"), std::string::npos);
}

TEST(ModelFile, MissingFileIsNoInput) {
  try {
    read_model_file("/nonexistent/model.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::no_input);
  }
}

}  // namespace
}  // namespace gfund::risk
