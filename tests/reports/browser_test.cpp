// The HTML dashboard opened in real headless Chromium: it renders without
// errors, shows its headings and numbers, makes no network request, and a
// screenshot is produced (kept in <build>/test-artifacts/ for people to look at).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <regex>

#include "headless_chromium.hpp"
#include "reports/html_report.hpp"
#include "sample_document.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {
namespace fs = std::filesystem;

// One browser for the suite: starting Chromium costs a second or two.
class Browser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    fs::create_directories(dir_->path() / "profile");
    chrome_ = std::make_unique<HeadlessChromium>(dir_->file("profile"), dir_->file("chromium.log"));
  }
  static void TearDownTestSuite() {
    chrome_.reset();
    dir_.reset();
  }
  static std::string page(const std::string& name, const std::string& html) {
    std::string path = dir_->file(name);
    write_file(path, html);
    return path;
  }
  static std::string artifacts_dir() {
    fs::path d = fs::path(gfund_exe()).parent_path() / "test-artifacts";
    fs::create_directories(d);
    return d.string();
  }
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<HeadlessChromium> chrome_;
};

std::vector<std::string> non_file_requests(const PageVisit& v) {
  std::vector<std::string> out;
  for (const auto& u : v.requests)
    if (u.rfind("file://", 0) != 0 && u.rfind("data:", 0) != 0) out.push_back(u);
  return out;
}

TEST_F(Browser, DashboardRendersItsHeadingsAndNumbersWithoutErrors) {
  std::string path = page("dashboard.html", reports::render_html(sample_document()));
  PageVisit v = chrome_->visit("file://" + path);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  EXPECT_EQ(v.headings, (std::vector<std::string>{"Guarantee fund dashboard", "Fund summary", "Arrears and aging",
                                                  "Simulated claims"}));
  for (const char* s : {"12,345,678.90 USD", "98,765.43 USD", "41,000,000 KHR", "33.3333%", "1,234", "Exposure by bank",
                        "Portfolio at risk by month", "Claims distribution", "VaR 99% 71", "Nothing to show"})
    EXPECT_NE(v.text.find(s), std::string::npos) << "not on the page: " << s;
  // Laid out for a laptop: nothing wider than the viewport.
  EXPECT_LE(v.page_width, 1366);
  ASSERT_GT(v.png.size(), 10'000u);
  EXPECT_EQ(v.png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  write_file(artifacts_dir() + "/sample-dashboard.png", v.png);
}

TEST_F(Browser, DashboardMakesNoNetworkRequest) {
  std::string path = page("dashboard-net.html", reports::render_html(sample_document()));
  PageVisit v = chrome_->visit("file://" + path);
  EXPECT_TRUE(non_file_requests(v).empty()) << ::testing::PrintToString(non_file_requests(v));
  // The only request is the page itself.
  EXPECT_EQ(v.requests, std::vector<std::string>{"file://" + path});
  EXPECT_TRUE(v.blocked.empty()) << ::testing::PrintToString(v.blocked);
}

TEST_F(Browser, HarnessSeesRequestsAndErrorsOfAPageThatMakesThem) {
  // Control: a page that does fetch and does log must be caught, or the two
  // tests above would prove nothing.
  std::string path = page("leaky.html",
                          "<!DOCTYPE html><html><body><h1>Leaky</h1><img src=\"http://127.0.0.1:9/pixel.png\">"
                          "<script>console.error('boom')</script></body></html>");
  PageVisit v = chrome_->visit("file://" + path);
  EXPECT_EQ(non_file_requests(v), std::vector<std::string>{"http://127.0.0.1:9/pixel.png"});
  EXPECT_TRUE(v.blocked.empty()) << ::testing::PrintToString(v.blocked);  // no policy: it really went out
  EXPECT_TRUE(std::any_of(v.console_errors.begin(), v.console_errors.end(),
                          [](const std::string& e) { return e.find("boom") != std::string::npos; }))
      << ::testing::PrintToString(v.console_errors);
}

TEST_F(Browser, ContentSecurityPolicyBlocksAnInjectedRequest) {
  // Were a future view to slip a remote image into the page, the report's
  // own policy stops the request (and the console says so).
  std::string html = reports::render_html(sample_document());
  auto at = html.find("<h1>");
  html.insert(at, "<img src=\"http://127.0.0.1:9/tracker.png\" alt=\"\">");
  std::string path = page("injected.html", html);
  PageVisit v = chrome_->visit("file://" + path);
  // Chromium reports the attempt, then refuses it before it leaves the browser.
  EXPECT_EQ(v.blocked, std::vector<std::string>{"http://127.0.0.1:9/tracker.png csp"});
  EXPECT_TRUE(std::any_of(v.console_errors.begin(), v.console_errors.end(),
                          [](const std::string& e) { return e.find("Content Security Policy") != std::string::npos; }))
      << ::testing::PrintToString(v.console_errors);
}

TEST_F(Browser, PrintsOnLandscapePagesOneSectionAPage) {
  std::string path = page("print.html", reports::render_html(sample_document()));
  std::string pdf = chrome_->print_pdf("file://" + path);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  // Page objects ("/Type /Page", not "/Pages"): each of the three sections starts a page.
  std::size_t pages = 0;
  for (auto p = pdf.find("/Type /Page"); p != std::string::npos; p = pdf.find("/Type /Page", p + 1))
    if (pdf.compare(p, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_GE(pages, 3u);
  EXPECT_LE(pages, 6u);
  // A4 landscape: 842 x 595 points.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\])")));
  EXPECT_NEAR(std::stod(m[1]), 842, 2) << m[0];
  EXPECT_NEAR(std::stod(m[2]), 595, 2) << m[0];
}

TEST_F(Browser, DemoDonorSummaryPrintsOnOneA4PortraitPage) {
  // The demo book (every outreach group, two currencies) through `gfund report --format donor`.
  const std::string db = dir_->file("donor-demo.db");
  ASSERT_EQ(run_gfund({"init", "--db", db, "--fund", "DEMO", "--currency", "USD"}).exit_code, 0);
  std::vector<std::string> import{"import", "--db", db, "--quiet"};
  for (const char* k : {"banks", "associations", "borrowers", "agreements", "loans", "disbursements", "repayments", "events"})
    import.push_back(fixtures_dir() + "/demo/synthetic_" + k + ".csv");
  ASSERT_EQ(run_gfund(import).exit_code, 0);
  const std::string out = dir_->file("donor-summary.html");
  auto r = run_gfund({"report", "--db", db, "--format", "donor", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  PageVisit v = chrome_->visit("file://" + out, 1366, 900);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  for (const char* s : {"1.64", "Loans to women", "93.4%", "Association member", "69,400,000"})
    EXPECT_NE(v.text.find(s), std::string::npos) << s;
  std::string pdf = chrome_->print_pdf("file://" + out);
  std::size_t pages = 0;
  for (auto p = pdf.find("/Type /Page"); p != std::string::npos; p = pdf.find("/Type /Page", p + 1))
    if (pdf.compare(p, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_EQ(pages, 1u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\])")));
  EXPECT_NEAR(std::stod(m[1]), 595, 2) << m[0];
  EXPECT_NEAR(std::stod(m[2]), 842, 2) << m[0];
}

// The demo's dashboard as a board member opens and prints it: named (fund,
// date prepared, gfund's version, seed), every table inside its card on a
// 1366-px laptop screen, long tables in the appendix, at most 12 A4 pages.
TEST_F(Browser, DemoDashboardFitsTheScreenAndPrintsOnAtMostTwelvePages) {
  const std::string out = dir_->file("demo-dash");
  auto r = run_gfund({"demo", "--out", out, "--scenarios", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string url = "file://" + out + "/dashboard.html";
  // Each table's card (.table-wrap) must end inside its section, and the
  // page must not scroll sideways; tables wider than their card scroll inside it.
  const std::string script = R"JS((() => {
    const bad = [];
    for (const w of document.querySelectorAll('.table-wrap')) {
      const s = w.closest('section').getBoundingClientRect(), b = w.getBoundingClientRect();
      const cap = (w.querySelector('caption') || w).textContent.slice(0, 60);
      if (b.right > s.right + 1 || b.left < s.left - 1) bad.push('card outside its section: ' + cap);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) bad.push('page scrolls sideways');
    return bad;
  })())JS";
  PageVisit v = chrome_->visit(url, 1366, 900, script);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  EXPECT_EQ(v.script_result, nlohmann::json::array()) << v.script_result.dump();
  EXPECT_LE(v.page_width, 1366);
  for (const char* s : {"Synthetic demo fund", "Prepared", "gfund", "Seed", "Appendix: long tables", "PAR by month end",
                        "Donor pack", "PAR30 and PAR90 by bank, last 12 month ends", "PAR by province",
                        "Arrears list: loans past due, by bank", "Written-off loans", "Flows per quarter, USD"})
    EXPECT_NE(v.text.find(s), std::string::npos) << s;
  std::string pdf = chrome_->print_pdf(url);
  std::size_t pages = 0;
  for (auto p = pdf.find("/Type /Page"); p != std::string::npos; p = pdf.find("/Type /Page", p + 1))
    if (pdf.compare(p, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_GE(pages, 2u);
  EXPECT_LE(pages, 12u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(pdf, m, std::regex(R"(/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\])")));
  EXPECT_NEAR(std::stod(m[1]), 595, 2) << m[0];  // A4 portrait
}


// The bank-facing term sheet of the demo as a bank's officer opens and
// prints it: every column on a 1366-px screen, at most two A4 pages.
TEST_F(Browser, DemoTermSheetFitsTheScreenAndTwoA4Pages) {
  const std::string out = dir_->file("ts-demo");
  ASSERT_EQ(run_gfund({"demo", "--out", out, "--scenarios", "200", "--quiet"}).exit_code, 0);
  const std::string html = dir_->file("termsheet.html");
  auto r = run_gfund({"termsheet", "--db", out + "/ledger.db", "--bank", "CNB", "--scenarios", "500", "--quiet", "--html",
                      html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string script = R"JS((() => {
    const bad = [];
    for (const w of document.querySelectorAll('.table-wrap')) {
      if (w.scrollWidth > w.clientWidth + 1) bad.push('table scrolls inside its card: ' + w.textContent.slice(0, 40));
      const s = w.closest('section').getBoundingClientRect(), b = w.getBoundingClientRect();
      if (b.right > s.right + 1) bad.push('card outside its section');
    }
    if (document.documentElement.scrollWidth > window.innerWidth) bad.push('page scrolls sideways');
    return bad;
  })())JS";
  PageVisit v = chrome_->visit("file://" + html, 1366, 900, script);
  EXPECT_TRUE(v.console_errors.empty()) << ::testing::PrintToString(v.console_errors);
  EXPECT_EQ(v.script_result, nlohmann::json::array()) << v.script_result.dump();
  for (const char* s : {"current terms", "Claim allowed", "Lock-in", "Claim paid", "Recoveries", "Eligible loans",
                        "Availability", "Guarantee fee", "Fee that covers expected claims", "On the current terms"})
    EXPECT_NE(v.text.find(s), std::string::npos) << s;
  for (const char* s : {"pari_passu", "ledger.db", ".toml"}) EXPECT_EQ(v.text.find(s), std::string::npos) << s;
  std::string pdf = chrome_->print_pdf("file://" + html);
  std::size_t pages = 0;
  for (auto p = pdf.find("/Type /Page"); p != std::string::npos; p = pdf.find("/Type /Page", p + 1))
    if (pdf.compare(p, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_GE(pages, 1u);
  EXPECT_LE(pages, 2u);
}

}  // namespace
}  // namespace gfund::testing
