// simulate --method is end to end: against plain Monte Carlo on a small
// book, the same bytes on any thread count, the weight column, refusals.
#include <cmath>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund {
namespace {

using gfund::testing::fixtures_dir;
using gfund::testing::run_gfund;

std::vector<std::string> args(const std::string& scenarios, std::vector<std::string> more) {
  const std::string f = fixtures_dir();
  std::vector<std::string> a = {"simulate", "--book", f + "/books/small_book.csv", "--agreements",
                                f + "/demo/agreements.csv", "--capital", "20000 USD", "--as-of", "2022-06-30",
                                "--model", f + "/models/demo.toml", "--scenarios", scenarios, "--seed", "7", "--json"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

nlohmann::json run_json(const std::vector<std::string>& a) {
  const auto r = run_gfund(a);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(ImportanceCli, AgreesWithPlainMonteCarloWithinTheirErrors) {
  const auto plain = run_json(args("40000", {}));
  const auto is = run_json(args("8000", {"--method", "is"}));
  EXPECT_EQ(plain["method"], "plain");
  EXPECT_EQ(is["method"], "importance");
  EXPECT_EQ(is["tail_level"], 0.999);
  const auto& pf = plain["entities"][0], &sf = is["entities"][0];
  for (const char* measure : {"loss_minor", "claims_minor"}) {
    const auto& p = pf[measure], &s = sf[measure];
    auto near = [&](const nlohmann::json& a, const nlohmann::json& b, const std::string& what) {
      const double d = a["value"].get<double>() - b["value"].get<double>();
      const double se = std::hypot(a["se"].get<double>(), b["se"].get<double>());
      EXPECT_LE(std::abs(d), 4 * se + 1.0) << measure << " " << what << ": " << a << " vs " << b;
    };
    near(p["mean"], s["mean"], "mean");
    for (std::size_t t = 0; t < 4; ++t) near(p["tails"][t]["es"], s["tails"][t]["es"], "es");
  }
  // Tail figures are tighter with a fifth of the scenarios.
  EXPECT_LT(sf["claims_minor"]["tails"][3]["es"]["se"].get<double>(),
            pf["claims_minor"]["tails"][3]["es"]["se"].get<double>());
}

TEST(ImportanceCli, SameBytesOnOneAndTwoThreadsAndAWeightColumn) {
  gfund::testing::TempDir dir;
  const std::string f1 = dir.file("one.csv"), f2 = dir.file("two.csv");
  const auto r1 = run_gfund(args("2000", {"--method", "is", "--threads", "1", "--scenario-out", f1}));
  const auto r2 = run_gfund(args("2000", {"--method", "is", "--threads", "2", "--scenario-out", f2}));
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(r1.out, r2.out);
  const std::string c1 = gfund::testing::read_file(f1), c2 = gfund::testing::read_file(f2);
  EXPECT_EQ(c1, c2);
  EXPECT_EQ(c1.rfind("scenario,weight,defaults,", 0), 0u) << c1.substr(0, 80);
  // The text names the method where the figures are.
  const auto text = run_gfund({"simulate", "--book", fixtures_dir() + "/books/small_book.csv", "--agreements",
                               fixtures_dir() + "/demo/agreements.csv", "--capital", "20000 USD", "--as-of",
                               "2022-06-30", "--model", fixtures_dir() + "/models/demo.toml", "--scenarios", "500",
                               "--method", "is"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("importance sampling toward the 99.9% tail"), std::string::npos) << text.out;
}

TEST(ImportanceCli, EverySimdPathGivesIdenticalBytes) {
  // Shifted scenarios default often, so even a small generated book is
  // searched in batches: the scalar and AVX2 kernels must give the same bits.
  gfund::testing::TempDir dir;
  const std::string book = dir.file("book.csv");
  ASSERT_EQ(run_gfund({"generate-book", "--loans", "5000", "--seed", "3", "--out", book}).exit_code, 0);
  auto a = args("300", {"--method", "is"});
  a[2] = book;
  std::string cmd = gfund::testing::gfund_exe();
  for (const auto& x : a) cmd += " '" + x + "'";
  const auto best = gfund::testing::run_shell(cmd);
  ASSERT_EQ(best.exit_code, 0) << best.err;
  for (const char* path : {"scalar", "avx2"}) {
    const auto other = gfund::testing::run_shell(std::string("GFUND_SIMD=") + path + " " + cmd);
    ASSERT_EQ(other.exit_code, 0) << other.err;
    EXPECT_EQ(best.out, other.out) << path;
  }
  EXPECT_EQ(nlohmann::json::parse(best.out)["method"], "importance");
}

TEST(ImportanceCli, BadMethodOrLevelIsRefused) {
  auto r = run_gfund(args("100", {"--method", "quasi"}));
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--method"), std::string::npos) << r.err;
  r = run_gfund(args("100", {"--method", "is", "--is-level", "1.5"}));
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--is-level"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("within [0.5, 1)"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund
