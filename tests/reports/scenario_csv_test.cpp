// The per-scenario CSV on a hand-built outcome matrix: the columns name the
// layout's cells and the currency, money is exact, "never exhausted" is an
// empty cell, and a failed write leaves nothing behind. The figures below
// are chosen by hand; the expected bytes follow from them alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "models/errors.hpp"
#include "reports/scenario_csv.hpp"
#include "support/test_support.hpp"

namespace gfund::reports {
namespace {

using risk::OutcomeLayout;

// Two banks, associations "" (none) and CWEA, one agreement; two scenarios.
risk::SimulationRun sample_run(Currency c = usd()) {
  risk::SimulationRun run;
  run.result.currency = c;
  auto& s = run.scenarios;
  s.bank_ids = {"BOOST", "WING"};
  s.association_ids = {"", "CWEA"};
  s.matrix.layout = {.banks = 2, .associations = 2, .agreements = 1};
  s.matrix.scenarios = 2;
  s.matrix.cells.assign(2 * s.matrix.layout.width(), 0);
  const OutcomeLayout& lay = s.matrix.layout;
  // Scenario 0: three defaults, capital cut a claim in month 7.
  std::int64_t* r = s.matrix.row(0);
  r[OutcomeLayout::kDefaults] = 3;
  r[OutcomeLayout::kLoss] = 250'001;
  r[OutcomeLayout::kClaimsGross] = 150'000;
  r[OutcomeLayout::kClaimsNet] = 123'456;
  r[OutcomeLayout::kExhaustMonth] = 7;
  r[lay.bank_claims(0)] = 23'456;
  r[lay.bank_claims(1)] = 100'000;
  r[lay.assoc_claims(0)] = 120'000;
  r[lay.assoc_claims(1)] = 3'456;
  // Scenario 1: no default at all (every cell 0, the month empty).
  return run;
}

std::vector<std::string> names(const ScenarioTable& t) {
  std::vector<std::string> v;
  for (const auto& c : t.columns()) v.push_back(c.unit.empty() ? c.name : c.name + "_" + c.unit);
  return v;
}

TEST(ScenarioCsv, ColumnsNameTheFundFiguresEachBankAndAssociationAndTheCurrency) {
  const auto run = sample_run();
  const ScenarioTable t(run);
  EXPECT_EQ(names(t), (std::vector<std::string>{"scenario", "defaults", "loss_USD", "claims_gross_USD",
                                                "recoveries_USD", "claims_USD", "exhaustion_month",
                                                "claims_bank_BOOST_USD", "claims_bank_WING_USD",
                                                "claims_no_assoc_USD", "claims_assoc_CWEA_USD"}));
  EXPECT_EQ(t.rows(), 2u);
}

TEST(ScenarioCsv, CellsAreTheMatrixCellsAsExactMoney) {
  const auto run = sample_run();
  const ScenarioTable t(run);
  const auto r = t.row(0);
  EXPECT_EQ(std::get<std::int64_t>(r[0]), 0);
  EXPECT_EQ(std::get<std::int64_t>(r[1]), 3);
  EXPECT_EQ(std::get<Money>(r[2]), Money(usd(), 250'001));
  EXPECT_EQ(std::get<Money>(r[4]), Money(usd(), 150'000 - 123'456));  // recoveries = gross - net
  EXPECT_EQ(std::get<Money>(r[5]), Money(usd(), 123'456));
  EXPECT_EQ(std::get<std::int64_t>(r[6]), 7);
  EXPECT_EQ(std::get<Money>(r[8]), Money(usd(), 100'000));
  EXPECT_EQ(std::get<Money>(r[9]), Money(usd(), 120'000));
  EXPECT_EQ(std::get<std::int64_t>(t.row(1)[0]), 1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.row(1)[6]));  // never exhausted: empty, not 0
  EXPECT_THROW(t.row(2), Error);
}

TEST(ScenarioCsv, RendersDecimalMajorUnitsAndAnEmptyMonth) {
  const auto run = sample_run();
  std::ostringstream out;
  ScenarioTable(run).render_csv(out);
  EXPECT_EQ(out.str(),
            "scenario,defaults,loss_USD,claims_gross_USD,recoveries_USD,claims_USD,exhaustion_month,"
            "claims_bank_BOOST_USD,claims_bank_WING_USD,claims_no_assoc_USD,claims_assoc_CWEA_USD\n"
            "0,3,2500.01,1500.00,265.44,1234.56,7,234.56,1000.00,1200.00,34.56\n"
            "1,0,0.00,0.00,0.00,0.00,,0.00,0.00,0.00,0.00\n");
}

TEST(ScenarioCsv, ACurrencyWithoutMinorDigitsHasNoDecimalPoint) {
  const auto run = sample_run(khr());
  std::ostringstream out;
  ScenarioTable(run).render_csv(out);
  const std::string csv = out.str();
  EXPECT_NE(csv.find(",claims_KHR,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n0,3,250001,150000,26544,123456,7,"), std::string::npos) << csv;
}

TEST(ScenarioCsv, IdsThatDoNotMatchTheLayoutAreRefused) {
  auto run = sample_run();
  run.scenarios.bank_ids.pop_back();  // a bank's claims would go under another's name
  EXPECT_THROW(ScenarioTable{run}, Error);
}

TEST(ScenarioCsv, WritesTheFileWholeAndRefusesAMissingFolder) {
  testing::TempDir dir;
  const auto run = sample_run();
  const std::string path = dir.file("s.csv");
  testing::write_file(path, "old\n");
  write_scenario_csv(path, ScenarioTable(run));
  std::ostringstream expected;
  ScenarioTable(run).render_csv(expected);
  EXPECT_EQ(testing::read_file(path), expected.str());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);  // no temporary file left beside it

  const std::string missing = dir.file("no-such-folder/s.csv");
  EXPECT_THROW(write_scenario_csv(missing, ScenarioTable(run)), IoError);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace gfund::reports
