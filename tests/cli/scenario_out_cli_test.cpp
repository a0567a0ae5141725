// `gfund simulate --scenario-out FILE.csv` end to end, on a book CSV and on
// the ledger: one row per scenario, whose columns give back the summary
// that --json prints (the same numbers, not a second computation), the same
// bytes on any thread count, and a missing folder refused before any work.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

std::vector<std::string> book_args(const std::string& capital = "3000 USD") {
  const std::string f = fixtures_dir();
  return {"simulate", "--book", f + "/books/small_book.csv", "--agreements", f + "/demo/agreements.csv",
          "--capital", capital, "--as-of", "2022-06-30", "--model", f + "/models/demo.toml",
          "--scenarios", "2000", "--seed", "42"};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The CSV as header + rows of fields (gfund's ids have no comma or quote, so
// no field is quoted here; a quoted one would fail the column counts).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream in(line);
  std::string x;
  while (std::getline(in, x, ',')) f.push_back(x);
  if (!line.empty() && line.back() == ',') f.push_back("");
  return f;
}
Csv parse_csv(const std::string& text) {
  Csv c;
  std::stringstream in(text);
  std::string line;
  std::getline(in, line);
  c.header = split(line);
  while (std::getline(in, line)) c.rows.push_back(split(line));
  return c;
}

// "1234.56" -> 123456, exactly: USD money is written with two decimals.
std::int64_t minor(const std::string& s) {
  EXPECT_TRUE(s.size() >= 4 && s[s.size() - 3] == '.') << s;
  return std::stoll(s.substr(0, s.size() - 3) + s.substr(s.size() - 2));
}

// A column's mean in minor units as summarize() forms it (risk_stats.cpp:
// a long double sum of the scenario amounts over n). The sum of integers is
// exact, so the mean is the summary's to the last bit.
double mean_minor(const Csv& c, const std::string& column) {
  const std::size_t k = c.col(column);
  std::int64_t sum = 0;
  for (const auto& r : c.rows) sum += minor(r.at(k));
  return static_cast<double>(static_cast<long double>(sum) / c.rows.size());
}

const nlohmann::json& entity(const nlohmann::json& j, const std::string& kind, const std::string& id) {
  for (const auto& e : j["entities"])
    if (e["kind"] == kind && e["id"] == id) return e;
  throw std::runtime_error("no entity " + kind + " " + id);
}

// Runs `args` with --json and --scenario-out into `dir`; returns the JSON and the CSV text.
std::pair<nlohmann::json, std::string> run_with_csv(const std::vector<std::string>& args, const TempDir& dir,
                                                    const std::string& name = "scenarios.csv") {
  const auto r = run_gfund(with(args, {"--json", "--scenario-out", dir.file(name)}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return {nlohmann::json::parse(r.out), read_file(dir.file(name))};
}

TEST(ScenarioOut, OneRowPerScenarioInEngineOrderWithTheCurrencyInTheHeader) {
  TempDir dir;
  const auto [j, text] = run_with_csv(book_args(), dir);
  const Csv c = parse_csv(text);
  EXPECT_EQ(std::vector<std::string>(c.header.begin(), c.header.begin() + 7),
            (std::vector<std::string>{"scenario", "defaults", "loss_USD", "claims_gross_USD", "recoveries_USD",
                                      "claims_USD", "exhaustion_month"}));
  for (const char* h : {"claims_bank_WING_USD", "claims_bank_BOOST_USD", "claims_bank_SMEB_USD",
                        "claims_bank_CNB_USD", "claims_assoc_CWEA_USD", "claims_assoc_YEAC_USD",
                        "claims_no_assoc_USD"})
    EXPECT_NE(std::find(c.header.begin(), c.header.end(), h), c.header.end()) << h;
  ASSERT_EQ(c.rows.size(), 2000u);
  ASSERT_EQ(j["scenarios"], 2000);
  for (std::size_t s = 0; s < c.rows.size(); ++s) {
    ASSERT_EQ(c.rows[s].size(), c.header.size()) << "row " << s;
    ASSERT_EQ(c.rows[s][0], std::to_string(s));
  }
}

TEST(ScenarioOut, ColumnMeansAreTheSummarysFiguresExactly) {
  TempDir dir;
  const auto [j, text] = run_with_csv(book_args(), dir);
  const Csv c = parse_csv(text);
  ASSERT_EQ(c.rows.size(), 2000u);
  const auto& fund = j["entities"][0];
  ASSERT_EQ(fund["kind"], "fund");
  EXPECT_EQ(mean_minor(c, "claims_USD"), fund["claims_minor"]["mean"]["value"].get<double>());
  EXPECT_EQ(mean_minor(c, "loss_USD"), fund["loss_minor"]["mean"]["value"].get<double>());
  EXPECT_EQ(mean_minor(c, "claims_gross_USD"), j["claims_gross_mean_minor"].get<double>());
  EXPECT_GT(mean_minor(c, "recoveries_USD"), 0.0);
  for (const char* bank : {"WING", "BOOST", "SMEB", "CNB"})
    EXPECT_EQ(mean_minor(c, std::string("claims_bank_") + bank + "_USD"),
              entity(j, "bank", bank)["claims_minor"]["mean"]["value"].get<double>()) << bank;
  EXPECT_EQ(mean_minor(c, "claims_assoc_CWEA_USD"),
            entity(j, "association", "CWEA")["claims_minor"]["mean"]["value"].get<double>());
  // Defaults and P(exhaustion) from their columns, as summarize() counts them.
  long double defaults = 0;
  std::size_t exhausted = 0;
  for (const auto& r : c.rows) {
    defaults += std::stoll(r[c.col("defaults")]);
    exhausted += !r[c.col("exhaustion_month")].empty();
  }
  EXPECT_EQ(static_cast<double>(defaults / c.rows.size()), j["defaults_mean"]["value"].get<double>());
  ASSERT_GT(exhausted, 0u) << "the capital should run out in some scenarios, or the column is not tested";
  EXPECT_EQ(static_cast<double>(exhausted) / static_cast<double>(c.rows.size()),
            j["exhaustion_probability"]["value"].get<double>());
}

TEST(ScenarioOut, BanksAndAssociationsEachAddUpToTheFundsClaimsInEveryRow) {
  TempDir dir;
  const auto [j, text] = run_with_csv(book_args(), dir);
  const Csv c = parse_csv(text);
  ASSERT_FALSE(c.rows.empty());
  std::vector<std::size_t> banks, assocs;
  for (std::size_t i = 0; i < c.header.size(); ++i) {
    if (c.header[i].rfind("claims_bank_", 0) == 0) banks.push_back(i);
    if (c.header[i].rfind("claims_assoc_", 0) == 0 || c.header[i] == "claims_no_assoc_USD") assocs.push_back(i);
  }
  ASSERT_EQ(banks.size(), 4u);
  ASSERT_GE(assocs.size(), 3u);
  const std::size_t claims = c.col("claims_USD"), gross = c.col("claims_gross_USD"), rec = c.col("recoveries_USD");
  std::size_t with_claims = 0;
  for (const auto& r : c.rows) {
    std::int64_t b = 0, a = 0;
    for (std::size_t i : banks) b += minor(r[i]);
    for (std::size_t i : assocs) a += minor(r[i]);
    ASSERT_EQ(b, minor(r[claims])) << "scenario " << r[0];
    ASSERT_EQ(a, minor(r[claims])) << "scenario " << r[0];
    ASSERT_EQ(minor(r[rec]), minor(r[gross]) - minor(r[claims])) << "scenario " << r[0];
    with_claims += minor(r[claims]) > 0;
  }
  EXPECT_GT(with_claims, c.rows.size() / 2);
}

TEST(ScenarioOut, SameBytesOnOneOrTwoThreadsAndTheSummaryUnchanged) {
  TempDir dir;
  const auto [j1, csv1] = run_with_csv(with(book_args(), {"--threads", "1"}), dir, "t1.csv");
  const auto [j2, csv2] = run_with_csv(with(book_args(), {"--threads", "2"}), dir, "t2.csv");
  EXPECT_EQ(csv1, csv2);
  EXPECT_EQ(j1, j2);
  auto other_seed = book_args();
  other_seed[14] = "43";
  const auto [j3, csv3] = run_with_csv(other_seed, dir, "seed43.csv");
  EXPECT_NE(csv1, csv3);
  // The option adds a file and changes nothing on standard output.
  const auto plain = run_gfund(with(book_args(), {"--threads", "2", "--json"}));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(nlohmann::json::parse(plain.out), j2);
}

TEST(ScenarioOut, WorksOnTheLedger) {
  TempDir dir;
  const auto demo = run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "200", "--seed", "7"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const auto [j, text] = run_with_csv({"simulate", "--db", dir.file("demo") + "/ledger.db", "--as-of", "2023-12-31",
                                       "--model", fixtures_dir() + "/models/demo.toml", "--scenarios", "1500",
                                       "--seed", "5"},
                                      dir);
  const Csv c = parse_csv(text);
  ASSERT_EQ(c.rows.size(), 1500u);
  EXPECT_EQ(c.header[5], "claims_USD");
  EXPECT_EQ(mean_minor(c, "claims_USD"), j["entities"][0]["claims_minor"]["mean"]["value"].get<double>());
  EXPECT_GT(mean_minor(c, "claims_USD"), 0.0);
}

TEST(ScenarioOut, AMissingFolderIsRefusedByNameBeforeAnyWork) {
  TempDir dir;
  const std::string missing = dir.file("no-such-folder/s.csv");
  // The book does not exist either: the refusal must be the output file's,
  // so it comes before the inputs are read (exit 64, not 66).
  auto args = book_args();
  args[2] = dir.file("no-book.csv");
  auto r = run_gfund(with(args, {"--scenario-out", missing}));
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("--scenario-out"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(std::filesystem::exists(missing));
  // A folder is not a file name.
  r = run_gfund(with(book_args(), {"--scenario-out", dir.path().string()}));
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("--scenario-out"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gfund::testing
