// End to end: gfund size / stress / termsheet on the shipped plan, and bad
// plan, scenario and model files refused with exit 65 and a message naming
// file, line, key and rule.
#include <sys/resource.h>

#include <cmath>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

std::vector<std::string> base_args(const std::string& verb) {
  const std::string f = fixtures_dir();
  return {verb, "--agreements", f + "/demo/agreements.csv", "--plan", f + "/plans/demo-24m.toml", "--model",
          f + "/models/demo.toml", "--capital", "20000 USD", "--horizon", "36", "--scenarios", "1000", "--seed", "11"};
}

std::vector<std::string> with(std::vector<std::string> a, std::initializer_list<std::string> more) {
  a.insert(a.end(), more);
  return a;
}

TEST(SizeCli, AnswersEveryQuestionInJsonAndIsReproducible) {
  auto r = run_gfund(with(base_args("size"), {"--json", "--per-bank", "--threads", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const double cap = j["capital"]["required_minor"];
  EXPECT_GT(cap, 0);
  EXPECT_LE(j["capital"]["low_minor"].get<double>(), cap);
  EXPECT_GE(j["capital"]["high_minor"].get<double>(), cap);
  EXPECT_EQ(j["coverage"].size(), 5u);  // common + 4 banks
  EXPECT_EQ(j["volume"].size(), 6u);    // 4 banks + 2 associations
  EXPECT_EQ(j["fees"].size(), 4u);
  double share = 0;
  for (const auto& a : j["allocation"])
    if (a["kind"] == "agreement") share += a["capital_share"].get<double>();
  EXPECT_NEAR(share, 1.0, 1e-9);
  // Same seed, another thread count: the same bytes.
  auto again = run_gfund(with(base_args("size"), {"--json", "--per-bank", "--threads", "2"}));
  EXPECT_EQ(again.out, r.out);
}

TEST(SizeCli, MoreCapitalNeverLowersCoverageOrVolume) {
  auto small = nlohmann::json::parse(run_gfund(with(base_args("size"), {"--json", "--question", "coverage,volume"})).out);
  auto args = base_args("size");
  args[8] = "40000 USD";
  auto big = nlohmann::json::parse(run_gfund(with(args, {"--json", "--question", "coverage,volume"})).out);
  EXPECT_GE(big["coverage"][0]["coverage"].get<double>(), small["coverage"][0]["coverage"].get<double>());
  for (std::size_t i = 0; i < small["volume"].size(); ++i)
    EXPECT_GE(big["volume"][i]["multiplier"].get<double>(), small["volume"][i]["multiplier"].get<double>());
}

TEST(StressCli, ScenariosBesideTheBaseAndReverseStress) {
  auto r = run_gfund(with(base_args("stress"), {"--json", "--reverse"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 5u);
  EXPECT_EQ(j["rows"][0]["scenario"], "base");
  const double base = j["rows"][0]["required_capital_minor"];
  for (std::size_t i = 1; i < 5; ++i)
    EXPECT_GT(j["rows"][i]["expected_net_minor"].get<double>(), j["rows"][0]["expected_net_minor"].get<double>())
        << j["rows"][i]["scenario"];
  EXPECT_GT(j["rows"][2]["required_capital_minor"].get<double>(), base);  // severe
  EXPECT_GT(j["reverse"]["pd_multiplier"].get<double>(), 0.05);
  EXPECT_LE(j["reverse"]["pd_multiplier_low"].get<double>(), j["reverse"]["pd_multiplier"].get<double>());
  EXPECT_GE(j["reverse"]["pd_multiplier_high"].get<double>(), j["reverse"]["pd_multiplier"].get<double>());
  EXPECT_LT(j["reverse"]["economy_factor"].get<double>(), 3.0);
}

TEST(SizeCli, ImportanceSamplingSizesForTheFarTailAsPlainMonteCarloDoes) {
  // ES 99.9% of net claims: 20,000 plain scenarios beside 4,000 weighted
  // ones aimed at that tail. The two answers agree within their combined
  // errors (the 95% interval's half width / 1.96 each), and the weighted
  // one has the narrower interval.
  auto plain_args = base_args("size");
  plain_args[12] = "20000";
  const auto plain = run_gfund(with(plain_args, {"--json", "--question", "capital", "--target", "es:99.9%"}));
  auto is_args = base_args("size");
  is_args[12] = "4000";
  const auto is = run_gfund(with(is_args, {"--json", "--question", "capital", "--target", "es:99.9%", "--method", "is"}));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(is.exit_code, 0) << is.err;
  const auto p = nlohmann::json::parse(plain.out), w = nlohmann::json::parse(is.out);
  EXPECT_EQ(p["method"], "plain");
  EXPECT_EQ(w["method"], "importance");
  EXPECT_EQ(w["tail_level"], 0.999);  // the target's own tail
  auto se = [](const nlohmann::json& c) { return (c["high_minor"].get<double>() - c["low_minor"].get<double>()) / 3.92; };
  const double pc = p["capital"]["required_minor"], wc = w["capital"]["required_minor"];
  EXPECT_LE(std::abs(pc - wc), 4 * std::hypot(se(p["capital"]), se(w["capital"]))) << pc << " vs " << wc;
  EXPECT_LT(se(w["capital"]), se(p["capital"]));
  // Same bytes on another thread count.
  const auto again =
      run_gfund(with(is_args, {"--json", "--question", "capital", "--target", "es:99.9%", "--method", "is", "--threads", "1"}));
  EXPECT_EQ(again.out, is.out);
}

TEST(StressCli, ImportanceSamplingRunsTheStressTableAndRefusesABadLevel) {
  const auto r = run_gfund(with(base_args("stress"), {"--json", "--method", "is", "--target", "exhaustion:0.1%"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 5u);
  EXPECT_GT(j["rows"][2]["required_capital_minor"].get<double>(), j["rows"][0]["required_capital_minor"].get<double>());
  const auto bad = run_gfund(with(base_args("stress"), {"--method", "is", "--is-level", "0.2"}));
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--is-level"), std::string::npos) << bad.err;
}

TEST(TermsheetCli, WritesMarkdownAndHtml) {
  TempDir dir;
  auto r = run_gfund(with(base_args("termsheet"), {"--bank", "SMEB", "--association", "CWEA", "--markdown",
                                                   dir.file("ts.md"), "--html", dir.file("ts.html")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("30% pari passu"), std::string::npos);
  EXPECT_NE(r.out.find("first loss, cap 10%"), std::string::npos);
  const auto md = read_file(dir.file("ts.md"));
  EXPECT_NE(md.find("| 70% pari passu |"), std::string::npos);
  const auto html = read_file(dir.file("ts.html"));
  EXPECT_NE(html.find("<table"), std::string::npos);
  EXPECT_NE(html.find("70% pari passu"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  auto bad = run_gfund(with(base_args("termsheet"), {"--bank", "NOPE"}));
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("no agreement for bank 'NOPE'"), std::string::npos);
}

TEST(TermsheetCli, ProposedTermsSitBesideTheCurrentOnes) {
  auto r = run_gfund(with(base_args("termsheet"), {"--bank", "SMEB", "--json", "--terms",
                                                   "coverage=0.6,fee=0.012,structure=first_loss,portfolio_cap_rate=0.15"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["option"], "current terms");
  EXPECT_EQ(j["rows"][1]["option"], "proposed");
  EXPECT_EQ(j["rows"][1]["fee"], 0.012);
  EXPECT_NE(j["rows"][1]["caps"].get<std::string>().find("portfolio 15%"), std::string::npos);
  // First loss at 60% of each loss takes more of the bank's loss than the current terms.
  EXPECT_LT(j["rows"][1]["bank loss rate, guaranteed"].get<double>(), j["rows"][0]["bank loss rate, guaranteed"].get<double>());
  auto bad = run_gfund(with(base_args("termsheet"), {"--bank", "SMEB", "--terms", "coverage=1.7"}));
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("field '--terms': coverage: must be in (0, 100%]"), std::string::npos) << bad.err;
  auto unknown = run_gfund(with(base_args("termsheet"), {"--bank", "SMEB", "--terms", "trigger=30"}));
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.err.find("trigger: unknown term"), std::string::npos) << unknown.err;
}

TEST(TermsheetCli, ImportanceSamplingFiguresAgreeWithPlainOnes) {
  // Each option's fund 99% claims and P(exhaustion): 8,000 weighted
  // scenarios aimed at the 99% tail beside 8,000 plain ones. The plain 99%
  // quantile rests on 80 scenarios (about 10% error), so 25% apart would be a fault.
  auto args = base_args("termsheet");
  args[12] = "8000";
  const auto plain = run_gfund(with(args, {"--bank", "SMEB", "--json"}));
  const auto is = run_gfund(with(args, {"--bank", "SMEB", "--json", "--method", "is", "--is-level", "0.99"}));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(is.exit_code, 0) << is.err;
  const auto p = nlohmann::json::parse(plain.out), w = nlohmann::json::parse(is.out);
  EXPECT_EQ(p["method"], "plain");
  EXPECT_EQ(w["method"], "importance");
  EXPECT_EQ(w["tail_level"], 0.99);
  ASSERT_EQ(p["rows"].size(), w["rows"].size());
  ASSERT_GT(p["rows"].size(), 3u);
  for (std::size_t i = 0; i < p["rows"].size(); ++i) {
    const double pq = p["rows"][i]["fund 99% claims"]["minor"], wq = w["rows"][i]["fund 99% claims"]["minor"];
    EXPECT_NEAR(wq, pq, 0.25 * pq) << p["rows"][i]["option"];
    const double pe = p["rows"][i]["P(fund exhausted)"], we = w["rows"][i]["P(fund exhausted)"];
    EXPECT_NEAR(we, pe, 0.35 * pe + 0.002) << p["rows"][i]["option"];
  }
}

TEST(SizingCli, BadPlanScenarioAndModelFilesExit65WithSite) {
  TempDir dir;
  write_file(dir.file("plan.toml"), "[[lending]]\nbank = \"WING\"\nmonths = 0\nterm_months = 12\nloans_per_month = 1\n"
                                    "loan_size = { mean = \"1,000.00\" }\n");
  auto args = base_args("size");
  args[4] = dir.file("plan.toml");
  auto r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find(dir.file("plan.toml") + ":3: field 'lending[0].months': must be within [1, 360]"), std::string::npos)
      << r.err;

  write_file(dir.file("plan2.toml"), "[[lending]]\nbank = \"NOBANK\"\nmonths = 3\nterm_months = 12\nloans_per_month = 1\n"
                                     "loan_size = { mean = \"1,000.00\" }\n");
  args[4] = dir.file("plan2.toml");
  r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find(":2: field 'bank': no agreement covers bank 'NOBANK'"), std::string::npos) << r.err;

  write_file(dir.file("s.toml"), "[[scenario]]\nname = \"x\"\npd_multiplier = 0\n");
  r = run_gfund(with(base_args("stress"), {"--scenario-file", dir.file("s.toml")}));
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find(dir.file("s.toml") + ":3: field 'scenario[0].pd_multiplier': must be within"), std::string::npos)
      << r.err;

  write_file(dir.file("m.toml"), "horizon_months = 12\n[pd]\ndefault = 1.5\n");
  args = base_args("size");
  args[6] = dir.file("m.toml");
  r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("m.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pd.default"), std::string::npos) << r.err;

  r = run_gfund(with(base_args("size"), {"--target", "exhaustion:80%"}));
  EXPECT_EQ(r.exit_code, 64);
  r = run_gfund(with(base_args("stress"), {"--scenario-file", dir.file("absent.toml")}));
  EXPECT_EQ(r.exit_code, 66);
}

// Issue 18, item 4: this plan made `gfund size` grow to 6.7 GB in 30 s and
// die of memory; now it is refused at once, in bounded memory, exit 65.
TEST(SizeCli, AHugePlanIsRefusedQuicklyInBoundedMemory) {
  TempDir dir;
  write_file(dir.file("huge.toml"), "[[lending]]\nbank = \"WING\"\nmonths = 24\nterm_months = 12\n"
                                    "volume_per_month = \"90,000,000,000.00\"\nloan_size = { mean = \"0.01\" }\n");
  auto args = base_args("size");
  args[4] = dir.file("huge.toml");
  std::string cmd = "timeout 60 '" + gfund_exe() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  auto r = run_shell(cmd);
  EXPECT_EQ(r.exit_code, 65) << r.out << r.err;
  EXPECT_NE(r.err.find("huge.toml:5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("volume_per_month"), std::string::npos) << r.err;
  // Bounded memory, measured: the peak resident size of the largest child
  // this process has waited for (KiB), every earlier gfund run included. Not
  // a cap by `ulimit -v`: AddressSanitizer reserves terabytes of address
  // space for its shadow, so a VM cap fails any sanitized run at start.
  rusage children{};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &children), 0);
  EXPECT_LT(children.ru_maxrss, 2'000'000) << "a gfund run peaked at " << children.ru_maxrss / 1024 << " MiB";
}

}  // namespace
}  // namespace gfund::testing
