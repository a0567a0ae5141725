// Plan, scenario and model files: the shipped ones load; bad ones are
// refused with the file, the line, the key and the rule.
#include <gtest/gtest.h>

#include "engine/sizing/plan.hpp"
#include "engine/sizing/scenario_file.hpp"
#include "support/test_support.hpp"

namespace gfund::sizing {
namespace {

using gfund::testing::fixtures_dir;

// Expects a DataError whose message contains every part.
template <class F>
void expect_refused(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    FAIL() << "accepted";
  } catch (const DataError& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << " lacks " << p;
  }
}

TEST(PlanFile, ShippedPlanLoadsAndExpands) {
  auto plan = read_plan_file(fixtures_dir() + "/plans/demo-24m.toml", usd());
  ASSERT_EQ(plan.lines.size(), 4u);
  EXPECT_EQ(plan.lines[2].association, "CWEA");
  auto loans = expand_plan(plan, 36);
  // Each WING month lends at least 4,000.00 and less than one loan more.
  std::map<int, std::int64_t> wing;
  for (const auto& l : loans)
    if (l.line == 0) wing[l.start_month] += l.principal_minor;
  ASSERT_EQ(wing.size(), 24u);
  for (auto [m, v] : wing) {
    EXPECT_GE(v, 400'000);
    EXPECT_LT(v, 400'000 + 500'000);
  }
  // CNB: one fixed loan a month.
  int cnb = 0;
  for (const auto& l : loans)
    if (l.line == 3) {
      ++cnb;
      EXPECT_EQ(l.principal_minor, 200'000);
    }
  EXPECT_EQ(cnb, 24);
  // Same seed, same loans; a horizon cuts later months.
  EXPECT_EQ(expand_plan(plan, 36).size(), loans.size());
  EXPECT_LT(expand_plan(plan, 12).size(), loans.size());
  // Volume expansion keeps the 1x loans as a prefix (nested sets).
  auto big = expand_plan(plan, 36, 3.0);
  EXPECT_GT(big.size(), 2 * loans.size());
}

TEST(PlanFile, JsonWorksToo) {
  const char* json = R"({"lending":[{"bank":"WING","months":3,"loans_per_month":2,
      "loan_size":{"distribution":"fixed","mean":"1,000.00"},"term_months":6}]})";
  auto plan = parse_plan(parse_config_text(json, "plan.json", true), "plan.json", usd());
  EXPECT_EQ(expand_plan(plan, 24).size(), 6u);
}

Plan plan_from(const std::string& text, const Currency& fund = usd()) {
  return parse_plan(parse_config_text(text, "p.toml", false), "p.toml", fund);
}

// A line that names no currency lends in the fund's (no currency is the default in the code).
TEST(PlanFile, ALineWithoutCurrencyLendsInTheFundsCurrency) {
  const std::string line = "[[lending]]\nbank = \"W\"\nmonths = 3\nterm_months = 6\nloans_per_month = 1\n"
                           "loan_size = { mean = \"400,000\" }\n";
  const Plan riel_fund = plan_from(line, khr());
  EXPECT_EQ(riel_fund.lines[0].currency, khr());
  EXPECT_EQ(riel_fund.lines[0].size_mean_minor, 400'000);
  const Plan dollars = plan_from(line + "currency = \"USD\"\n", khr());
  EXPECT_EQ(dollars.lines[0].currency, usd());
  EXPECT_EQ(dollars.lines[0].size_mean_minor, 40'000'000);
}

TEST(PlanFile, BadPlansAreRefusedWithSiteAndRule) {
  const std::string ok_size = "loan_size = { mean = \"1,000.00\" }\n";
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonths = 3\nterm_months = 6\nloans_per_month = 1\n"); },
                 {"p.toml:1", "lending[0].loan_size", "is required"});
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonths = 0\nterm_months = 6\nloans_per_month = 1\n" + ok_size); },
                 {"p.toml:3", "lending[0].months", "within [1, 360]"});
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonths = 3\nterm_months = 6\n" + ok_size); },
                 {"lending[0].volume_per_month", "exactly one of"});
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonths = 3\nterm_months = 6\nloans_per_month = 1\npd = \"150%\"\n" + ok_size); },
                 {"p.toml:6", "lending[0].pd"});
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonth = 3\n"); }, {"p.toml:3", "lending[0].month", "unknown key"});
  expect_refused([&] { plan_from("[[lending]]\nbank = \"W\"\nmonths = 3\nterm_months = 6\nloans_per_month = 1\nschedule = \"bullet\"\n" + ok_size); },
                 {"lending[0].schedule"});
  expect_refused([&] { plan_from("seed = 1\n"); }, {"lending", "at least one"});
  expect_refused([&] { plan_from("[[lending]\nbank = 1\n"); }, {"p.toml:1", "not valid TOML"});
}

// Issue 18, item 4: a plan that would expand to billions of loans, or whose
// loans x mean overflows an int64, is refused with the limit named, before
// anything is expanded.
TEST(PlanFile, UnboundedPlansAreRefused) {
  const std::string head = "[[lending]]\nbank = \"W\"\nmonths = 12\nterm_months = 12\n";
  expect_refused([&] { plan_from(head + "volume_per_month = \"90,000,000,000.00\"\nloan_size = { mean = \"0.01\" }\n"); },
                 {"p.toml", "volume_per_month", "9000000000000 loans a month", "at most 100000"});
  expect_refused([&] { plan_from(head + "loans_per_month = 100000\nloan_size = { mean = \"100,000,000,000,000.00\" }\n"); },
                 {"p.toml", "loans_per_month", "more lending than a plan may hold"});
  expect_refused([&] { plan_from(head + "volume_per_month = \"1,000,000.00\"\nloan_size = { mean = \"1e300\" }\n"); },
                 {"p.toml"});
  // At the per-line limit a plan is fine.
  EXPECT_NO_THROW(plan_from(head + "loans_per_month = 100000\nloan_size = { mean = \"100.00\" }\n"));
}

TEST(PlanFile, ExpansionStopsAtThePlannedLoansLimit) {
  // 60 months of 100,000 loans is 6 million loans, past kPlannedLoansMax.
  const auto plan = plan_from("[[lending]]\nbank = \"W\"\nmonths = 60\nterm_months = 12\nloans_per_month = 100000\n"
                              "loan_size = { mean = \"100.00\" }\n");
  expect_refused([&] { expand_plan(plan, 120); }, {"p.toml:2", "more than 4000000 planned loans"});
  EXPECT_EQ(expand_plan(plan, 12).size(), 1'200'000u);  // a shorter horizon takes fewer months: within the bound
}

TEST(ScenarioFile, ShippedScenariosLoad) {
  auto s = read_scenarios_file(fixtures_dir() + "/scenarios/default.toml");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].name, "mild");
  EXPECT_DOUBLE_EQ(s[1].economy_factor.value(), -2.0);
  EXPECT_NEAR(s[1].lgd_shift, 0.10, 1e-12);
  EXPECT_EQ(s[2].moratorium_months, 6);
  EXPECT_DOUBLE_EQ(s[2].pd_multiplier_sector.at("food"), 1.7);
  EXPECT_NEAR(s[3].devaluation.at("KHR"), 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(s[3].pd_multiplier_currency.at("USD"), 1.6);
}

std::vector<Shocks> scen(const std::string& text) {
  return parse_scenarios(parse_config_text(text, "s.toml", false), "s.toml");
}

TEST(ScenarioFile, BadScenariosAreRefused) {
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\npd_multiplier = -2\n"); },
                 {"s.toml:3", "scenario[0].pd_multiplier", "within"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\npd_multiplyer = 2\n"); },
                 {"s.toml:3", "scenario[0].pd_multiplyer", "unknown key"});
  expect_refused([] { scen("[[scenario]]\npd_multiplier = 2\n"); }, {"scenario[0].name", "is required"});
  expect_refused([] { scen("[[scenario]]\nname = \"a\"\n[[scenario]]\nname = \"a\"\n"); }, {"s.toml:4", "duplicate"});
  expect_refused([] { scen("[[scenario]]\nname = \"base\"\n"); }, {"reserved"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\nmoratorium_start_month = 3\n"); }, {"needs moratorium_months"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\npd_multiplier_bank = { WING = \"lots\" }\n"); },
                 {"scenario[0].pd_multiplier_bank.WING", "must be a number"});
  // gfund 1's currency-named keys are refused with what to write instead.
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\nkhr_devaluation = \"25%\"\n"); },
                 {"s.toml:3", "scenario[0].khr_devaluation", "devaluation = { KHR"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\npd_multiplier_usd_loans = 1.6\n"); },
                 {"s.toml:3", "scenario[0].pd_multiplier_usd_loans", "pd_multiplier_currency = { USD"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\ndevaluation = { XYZ = 0.1 }\n"); },
                 {"scenario[0].devaluation.XYZ", "not a currency"});
  expect_refused([] { scen("[[scenario]]\nname = \"x\"\ndevaluation = { KHR = \"2000%\" }\n"); },
                 {"scenario[0].devaluation.KHR", "within"});
  expect_refused([] { parse_scenarios(parse_config_text("{\"scenario\": [{\"name\": null}]}", "s.json", true), "s.json"); },
                 {"s.json", "scenario[0].name", "null"});
}

}  // namespace
}  // namespace gfund::sizing
