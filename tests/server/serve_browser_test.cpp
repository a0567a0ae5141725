// gfund serve's page in real headless Chromium: it loads with the token,
// answers, and after the coverage slider moves shows a new answer equal to
// the API's and to `gfund termsheet`'s for those terms; no console error,
// and no request leaves 127.0.0.1.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "reports/headless_chromium.hpp"
#include "serve_process.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// Waits for the first answer, moves the coverage slider to 60% as a user
// drags it (input events), waits for the answer to those terms.
constexpr const char* kMoveCoverage = R"JS((async () => {
  const answers = () => Number(document.getElementById('status').dataset.answers);
  const until = async (ok) => { for (let i = 0; i < 400 && !ok(); i++) await new Promise(r => setTimeout(r, 50)); return ok(); };
  await until(() => answers() >= 1);
  const before = window.gfund.lastQuote, n = answers();
  const slider = document.getElementById('coverage');
  for (const v of ['0.55', '0.6']) { slider.value = v; slider.dispatchEvent(new Event('input', { bubbles: true })); }
  const t0 = performance.now();
  await until(() => answers() > n && window.gfund.lastQuote.proposed.terms.coverage === 0.6);
  return { before: before, after: window.gfund.lastQuote, ms: performance.now() - t0,
           table: document.getElementById('answer').innerText, chart: document.getElementById('chart').innerHTML.length };
})())JS";

TEST(ServeBrowser, MovingTheCoverageSliderShowsTheAnswerForThoseTerms) {
  TempDir dir;
  ASSERT_EQ(run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "100"}).exit_code, 0);
  const std::vector<std::string> args{"--db", dir.file("demo") + "/ledger.db", "--plan",
                                      fixtures_dir() + "/plans/demo-24m.toml", "--scenarios", "20000"};
  ServeProcess s(args);
  std::filesystem::create_directories(dir.path() / "profile");
  HeadlessChromium chrome(dir.file("profile"), dir.file("chromium.log"));
  const PageVisit v = chrome.visit(s.url(), 1366, 900, kMoveCoverage);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  EXPECT_TRUE(v.blocked.empty()) << ::testing::PrintToString(v.blocked);
  const std::string origin = "http://127.0.0.1:" + std::to_string(s.port()) + "/";
  ASSERT_FALSE(v.requests.empty());
  for (const auto& u : v.requests)  // data: URLs (the date field's icon) never leave the browser
    if (u.rfind("data:", 0) != 0) {
      EXPECT_EQ(u.rfind(origin, 0), 0u) << u;
    }
  ASSERT_TRUE(v.script_result.is_object()) << v.script_result.dump();
  const auto& before = v.script_result["before"];
  const auto& after = v.script_result["after"];
  ASSERT_TRUE(after.is_object()) << v.script_result.dump();
  EXPECT_EQ(after["proposed"]["terms"]["coverage"], 0.6);
  EXPECT_NE(after["proposed"]["agreement_expected_claims_minor"]["value"],
            before["proposed"]["agreement_expected_claims_minor"]["value"]);
  std::cout << "slider -> answer: " << v.script_result["ms"].get<double>() << " ms in the page\n";
  EXPECT_NE(v.script_result["table"].get<std::string>().find("Break-even fee a year"), std::string::npos);
  EXPECT_GT(v.script_result["chart"].get<int>(), 100);

  // The page's answer is the API's for those terms (the other terms as the agreement has them now)...
  const std::string bank = after["bank"];
  httplib::Client c("127.0.0.1", s.port());
  auto api = c.Get(("/api/quote?token=" + s.token() + "&bank=" + bank + "&coverage=0.6").c_str());
  ASSERT_EQ(api->status, 200) << api->body;
  const auto q = nlohmann::json::parse(api->body);
  for (const char* figure : {"agreement_expected_claims_minor", "agreement_claims_99_minor", "fund_claims_99_minor",
                             "exhaustion_probability", "break_even_fee", "bank_loss_rate_with_guarantee"})
    EXPECT_EQ(after["proposed"][figure], q["proposed"][figure]) << figure;
  // ... and gfund termsheet's, to the cent.
  std::vector<std::string> ts_args{"termsheet", "--bank", bank, "--terms", "coverage=0.6", "--json"};
  ts_args.insert(ts_args.end(), args.begin(), args.end());
  const auto ts = run_gfund(ts_args);
  ASSERT_EQ(ts.exit_code, 0) << ts.err;
  const auto t = nlohmann::json::parse(ts.out)["rows"][1];
  EXPECT_EQ(std::llround(after["proposed"]["agreement_expected_claims_minor"]["value"].get<double>()),
            t["fund expected claims"]["minor"]);
  EXPECT_EQ(std::llround(after["proposed"]["agreement_claims_99_minor"]["value"].get<double>()), t["fund 99% claims"]["minor"]);
  const auto art = std::filesystem::path(gfund_exe()).parent_path() / "test-artifacts";
  std::filesystem::create_directories(art);
  std::ofstream((art / "serve-page.png").string(), std::ios::binary) << v.png;
}

}  // namespace
}  // namespace gfund::testing
