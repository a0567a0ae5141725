// gfund calibrate explains its pooling on the demo ledger: every segment
// table shows the prior (the pooled rate it is shrunk toward) and the weight;
// a segment whose weight is under 10% is flagged "too few to move its PD";
// a table where none can move gets a plain sentence with the loan-years a
// segment would need, computed from the estimator's own weight formula.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/calibrate/shrinkage.hpp"
#include "engine/ledger/csv_import.hpp"
#include "engine/ledger/store.hpp"
#include "fixtures/generator/generate_book.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

std::string pooling_demo_ledger(const TempDir& dir) {
  const std::string db = dir.file("demo.db");
  ledger::create_ledger(db, "GF-KH-DEMO", "USD");
  std::vector<ledger::ImportFile> files;
  for (const auto& name : fixtures::generated_file_names({}))
    files.push_back({ledger::csv_kind_from_name(name), fixtures_dir() + "/demo/" + name});
  ledger::import_files(db, files, {});
  return db;
}

TEST(PoolingExplained, OnTheDemoLedgerBanksAreFullyPooledAndSaySo) {
  TempDir dir;
  const std::string db = pooling_demo_ledger(dir);
  const auto r = run_gfund({"calibrate", "--db", db, "--out", dir.file("m.toml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& banks = j["by_bank"];
  const double m = banks["prior_strength"], pooled = banks["pooled_pd"];
  // The demo's four banks differ no more than chance explains: full pooling.
  EXPECT_EQ(m, calibrate::kPriorStrengthMax);
  ASSERT_EQ(banks["groups"].size(), 4u);
  for (const auto& g : banks["groups"]) {
    EXPECT_EQ(g["prior_pd"].get<double>(), pooled) << g["key"];
    EXPECT_TRUE(g["too_few_to_move"].get<bool>()) << g["key"];
    // The weight is the estimator's n / (n + m), which loan_years_for_weight inverts.
    const double n = g["loan_years"], w = g["weight"];
    EXPECT_NEAR(w, n / (n + m), 1e-12) << g["key"];
    EXPECT_NEAR(calibrate::loan_years_for_weight(m, w), n, 1e-6 * n) << g["key"];
  }
  // At the needed loan-years a segment's weight is exactly the tenth that moves its PD.
  const double needed = banks["loan_years_to_move"];
  EXPECT_NEAR(needed / (needed + m), calibrate::kOwnWeightThatMoves, 1e-12);
  const std::string sentence = banks["explanation"];
  EXPECT_NE(sentence.find("The banks' observed rates differ no more than chance would make them at these counts "
                          "(prior strength 1,000,000 loan-years), so each bank gets the pooled 5.80%"),
            std::string::npos)
      << sentence;
  // 1,000,000 x 0.1 / 0.9 = 111,111, said to two figures.
  EXPECT_NE(sentence.find("a bank needs about 110,000 loan-years of its own history before its own rate moves its PD"),
            std::string::npos)
      << sentence;
  // Associations differ more than chance: each has weight on its own data, no sentence, no flag.
  const auto& assoc = j["by_association"];
  EXPECT_LT(assoc["prior_strength"].get<double>(), 1000);
  EXPECT_EQ(assoc["explanation"], "");
  for (const auto& g : assoc["groups"]) {
    EXPECT_GE(g["weight"].get<double>(), calibrate::kOwnWeightThatMoves) << g["key"];
    EXPECT_FALSE(g["too_few_to_move"].get<bool>()) << g["key"];
  }
}

TEST(PoolingExplained, TheTablesShowPriorWeightFlagAndSentence) {
  TempDir dir;
  const std::string db = pooling_demo_ledger(dir);
  const auto r = run_gfund({"calibrate", "--db", db, "--out", dir.file("m.toml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"prior PD", "weight on own data", "too few to move its PD",
                        "so each bank gets the pooled 5.80%", "so each sector gets the pooled 5.80%",
                        "an association needs about"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  // The bank table: every row flagged, then the sentence right under it.
  const auto table = r.out.substr(0, r.out.find("by association"));
  std::size_t flagged = 0;
  for (auto p = table.find("too few to move its PD"); p != std::string::npos;
       p = table.find("too few to move its PD", p + 1))
    ++flagged;
  EXPECT_EQ(flagged, 4u) << table;
  EXPECT_NE(table.find("The banks' observed rates"), std::string::npos) << table;
}

TEST(PoolingExplained, LoanYearsForAWeightInvertTheWeight) {
  EXPECT_NEAR(calibrate::loan_years_for_weight(1e6, 0.1), 1e6 / 9, 1e-6);
  EXPECT_DOUBLE_EQ(calibrate::loan_years_for_weight(20, 0.5), 20);
  EXPECT_EQ(calibrate::loan_years_for_weight(20, 0), 0);
  EXPECT_THROW((void)calibrate::loan_years_for_weight(20, 1.0), Error);  // weight 1 needs infinite history
}

}  // namespace
}  // namespace gfund::testing
