// gfund simulate end to end: determinism of the JSON bytes across thread
// counts, the tables people read, and refusals of bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund {
namespace {

using gfund::testing::fixtures_dir;
using gfund::testing::run_gfund;

std::vector<std::string> base_args() {
  const std::string f = fixtures_dir();
  return {"simulate", "--book", f + "/books/small_book.csv", "--agreements", f + "/demo/agreements.csv",
          "--capital", "20000 USD", "--as-of", "2022-06-30", "--model", f + "/models/demo.toml",
          "--scenarios", "3000", "--seed", "42"};
}

TEST(SimulateCli, EverySimdPathGivesIdenticalJsonBytes) {
  // A book large enough that defaults are searched in batches; the
  // scalar, AVX2 and AVX-512 kernels must give the same bytes.
  gfund::testing::TempDir dir;
  const std::string book = (dir.path() / "book.csv").string();
  ASSERT_EQ(run_gfund({"generate-book", "--loans", "20000", "--seed", "3", "--out", book}).exit_code, 0);
  auto args = base_args();
  args[2] = book;
  args[12] = "200";
  std::string cmd = gfund::testing::gfund_exe();
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " --json";
  const auto best = gfund::testing::run_shell(cmd);
  ASSERT_EQ(best.exit_code, 0) << best.err;
  int compared = 0;
  for (const char* path : {"scalar", "avx2"}) {
    const auto other = gfund::testing::run_shell(std::string("GFUND_SIMD=") + path + " " + cmd);
    ASSERT_EQ(other.exit_code, 0) << other.err;
    EXPECT_EQ(best.out, other.out) << path;
    ++compared;
  }
  EXPECT_EQ(compared, 2);
  EXPECT_GT(nlohmann::json::parse(best.out)["defaults_mean"]["value"].get<double>(), 100.0);
}

TEST(SimulateCli, SameSeedOneOrTwoThreadsGivesIdenticalJsonBytes) {
  auto a1 = base_args(), a2 = base_args(), a3 = base_args();
  a1.insert(a1.end(), {"--threads", "1", "--json"});
  a2.insert(a2.end(), {"--threads", "2", "--json"});
  a3.insert(a3.end(), {"--threads", "2", "--json"});
  a3[14] = "43";  // another seed
  const auto r1 = run_gfund(a1), r2 = run_gfund(a2), r3 = run_gfund(a3);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(r1.out, r2.out);
  EXPECT_NE(r1.out, r3.out);
  const auto j = nlohmann::json::parse(r1.out);
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["scenarios"], 3000);
  EXPECT_EQ(j["currency"], "USD");
  EXPECT_EQ(j["capital_minor"], 2000000);
  // fund, 4 banks, associations, 4 agreements
  int banks = 0, agreements = 0;
  for (const auto& e : j["entities"]) {
    banks += e["kind"] == "bank";
    agreements += e["kind"] == "agreement";
    EXPECT_GE(e["claims_minor"]["mean"]["value"].get<double>(), 0.0);
    EXPECT_GT(e["loss_minor"]["mean"]["se"].get<double>(), 0.0) << e["id"];
  }
  EXPECT_EQ(banks, 4);
  EXPECT_EQ(agreements, 4);
}

TEST(SimulateCli, PrintsFundBankAndAssociationFiguresWithErrors) {
  const auto r = run_gfund(base_args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"Fund: simulated losses and claims", "By bank", "By association", "By agreement", "WING",
                        "BOOST", "SMEB", "CNB", "CWEA", "YEAC", "EL se", "ES99 share", "VaR 99.9%",
                        "P(exhausted within horizon)", "seed 42"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
}

TEST(SimulateCli, BadInputIsRefusedWithAClearMessageAndExitCode) {
  auto missing = base_args();
  missing[2] = "/nonexistent/book.csv";
  auto r = run_gfund(missing);
  EXPECT_EQ(r.exit_code, 66) << r.err;

  auto no_capital = base_args();
  no_capital.erase(no_capital.begin() + 5, no_capital.begin() + 7);
  r = run_gfund(no_capital);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--capital"), std::string::npos) << r.err;

  gfund::testing::TempDir dir;
  gfund::testing::write_file(dir.file("bad.toml"), "[pd]\ndefault = 0.05\n[[factors]]\nname = \"e\"\nloading = 1.5\n");
  auto bad_model = base_args();
  bad_model[10] = dir.file("bad.toml");
  r = run_gfund(bad_model);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("bad.toml: field 'factors[0].loading'"), std::string::npos) << r.err;

  gfund::testing::write_file(dir.file("book.csv"),
                             "loan,bank,association,agreement,sector,province,registration,currency,outstanding,"
                             "annual_rate,remaining_months,schedule,days_past_due\n"
                             "A1,WING,,NOPE,food,Kampot,informal,USD,100.00,0.15,6,annuity,0\n");
  auto bad_agreement = base_args();
  bad_agreement[2] = dir.file("book.csv");
  r = run_gfund(bad_agreement);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("loan 'A1'"), std::string::npos) << r.err;
}

TEST(GenerateBookCli, SameSeedSameBook) {
  const auto a = run_gfund({"generate-book", "--loans", "300", "--seed", "5"});
  const auto b = run_gfund({"generate-book", "--loans", "300", "--seed", "5"});
  const auto c = run_gfund({"generate-book", "--loans", "300", "--seed", "6"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  EXPECT_EQ(std::count(a.out.begin(), a.out.end(), '\n'), 301);
}

}  // namespace
}  // namespace gfund

namespace gfund {
namespace {

TEST(SimulateCli, LedgerOptionsAreCheckedBeforeAnyWork) {
  const std::string f = gfund::testing::fixtures_dir();
  auto r = gfund::testing::run_gfund({"simulate", "--db", "/nonexistent/ledger.db", "--as-of", "2023-12-31", "--model",
                                      f + "/models/demo.toml"});
  EXPECT_EQ(r.exit_code, 66) << r.err;
  r = gfund::testing::run_gfund({"simulate", "--db", "x.db", "--capital", "100 USD", "--model", f + "/models/demo.toml"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--capital"), std::string::npos) << r.err;
  r = gfund::testing::run_gfund({"simulate", "--db", "x.db", "--as-of", "2023-02-30", "--model", f + "/models/demo.toml"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund

namespace gfund {
namespace {

TEST(SimulateCli, ImpossibleCorrelationsAreRepairedWithAWarning) {
  gfund::testing::TempDir dir;
  gfund::testing::write_file(dir.file("m.toml"),
                             "[pd]\ndefault = 0.05\n"
                             "[[factors]]\nname = \"a\"\nloading = 0.3\n"
                             "[[factors]]\nname = \"b\"\nbank = \"WING\"\nloading = 0.3\n"
                             "[[factors]]\nname = \"c\"\nbank = \"BOOST\"\nloading = 0.3\n"
                             "[[correlations]]\na = \"a\"\nb = \"b\"\nrho = 0.9\n"
                             "[[correlations]]\na = \"a\"\nb = \"c\"\nrho = 0.9\n"
                             "[[correlations]]\na = \"b\"\nb = \"c\"\nrho = -0.9\n");
  const std::string f = gfund::testing::fixtures_dir();
  const auto r = gfund::testing::run_gfund({"simulate", "--book", f + "/books/small_book.csv", "--agreements",
                                            f + "/demo/agreements.csv", "--capital", "20000 USD", "--as-of",
                                            "2022-06-30", "--model", dir.file("m.toml"), "--scenarios", "200", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("gfund: warning: factor correlation matrix is not positive definite"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["warnings"].size(), 1u);
}

}  // namespace
}  // namespace gfund
