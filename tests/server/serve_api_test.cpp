// gfund serve over real HTTP on the demo ledger: the token guards every
// request, writes and oversized requests are refused, bad terms get a 400
// naming the field, a quote equals `gfund termsheet` for the same terms to
// the cent, the downloaded term sheet is the bytes termsheet writes, the
// ledger is unchanged, and Ctrl-C stops the server cleanly.
#include <cmath>
#include <memory>

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "serve_process.hpp"
#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

// The demo ledger and one server on it for the suite (20,000 scenarios, the plan).
class ServeApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const auto demo = run_gfund({"demo", "--out", dir_->file("demo"), "--scenarios", "200", "--seed", "7"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServeProcess>(common_args());
  }
  static void TearDownTestSuite() {
    server_.reset();
    dir_.reset();
  }
  static std::string db() { return dir_->file("demo") + "/ledger.db"; }
  static std::vector<std::string> common_args() {
    return {"--db", db(), "--plan", fixtures_dir() + "/plans/demo-24m.toml", "--scenarios", "20000", "--seed", "5"};
  }
  static httplib::Result get(const std::string& path_and_query) {
    httplib::Client c("127.0.0.1", server_->port());
    return c.Get(path_and_query.c_str());
  }
  static std::string with_token(const std::string& path) {
    return path + (path.find('?') == std::string::npos ? "?" : "&") + "token=" + server_->token();
  }
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<ServeProcess> server_;
};

nlohmann::json error_of(const httplib::Result& r) { return nlohmann::json::parse(r->body)["error"]; }

TEST_F(ServeApi, EveryRequestWithoutTheTokenIsRefused) {
  EXPECT_EQ(server_->url().rfind("http://127.0.0.1:", 0), 0u) << server_->url();
  EXPECT_EQ(server_->token().size(), 32u);
  for (const char* path : {"/", "/app.js", "/api/quote?bank=WING", "/api/agreements", "/dashboard", "/nothing"}) {
    auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_EQ(error_of(r)["field"], "token");
  }
  auto wrong = get("/api/agreements?token=" + std::string(32, '0'));
  EXPECT_EQ(wrong->status, 403);
  httplib::Client c("127.0.0.1", server_->port());
  auto bearer = c.Get("/api/agreements", {{"Authorization", "Bearer " + server_->token()}});
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->status, 200);
  auto page = get(with_token("/"));
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'none'; script-src 'self'"),
            std::string::npos);
}

TEST_F(ServeApi, WritesAndOversizedRequestsAreRefused) {
  httplib::Client c("127.0.0.1", server_->port());
  auto post = c.Post(with_token("/api/quote").c_str(), "bank=WING", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto del = c.Delete(with_token("/api/quote").c_str());
  EXPECT_EQ(del->status, 405);
  auto big = c.Post(with_token("/api/quote").c_str(), std::string(2 << 20, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  auto long_uri = get(with_token("/api/quote?bank=WING&association=" + std::string(10'000, 'A')));
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
}

TEST_F(ServeApi, BadTermsGet400NamingTheFieldAndTheRule) {
  const std::pair<const char*, const char*> cases[] = {
      {"/api/quote?bank=WING&coverage=1.7", "coverage"},
      {"/api/quote?bank=WING&coverage=much", "coverage"},
      {"/api/quote?bank=WING&fee=0.5", "fee"},
      {"/api/quote?bank=WING&lock_in_months=-1", "lock_in_months"},
      {"/api/quote?bank=WING&volume=9", "volume"},
      {"/api/quote?bank=WING&structure=senior", "structure"},
      {"/api/quote?bank=WING&colour=red", "colour"},
      {"/api/quote?bank=WING&coverage=0.5&coverage=0.6", "coverage"},
      {"/api/quote?coverage=0.5", "bank"},
      {"/api/quote?bank=NOPE", "bank"},
      {"/api/quote?bank=WING&as_of=2023-02-30", "as_of"},
      {"/api/termsheet?bank=WING&format=pdf", "format"},
  };
  for (const auto& [path, field] : cases) {
    auto r = get(with_token(path));
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 400) << path << " " << r->body;
    EXPECT_EQ(error_of(r)["field"], field) << path << " " << r->body;
    EXPECT_FALSE(error_of(r)["rule"].get<std::string>().empty()) << path;
  }
  EXPECT_EQ(error_of(get(with_token("/api/quote?bank=WING&coverage=1.7")))["message"], "coverage: must be in (0, 100%]");
}

// The same terms through `gfund termsheet --json` on the same draws.
nlohmann::json termsheet_json_for(const std::vector<std::string>& args, const std::string& terms) {
  std::vector<std::string> a{"termsheet", "--bank", "WING", "--json", "--terms", terms};
  a.insert(a.end(), args.begin(), args.end());
  const auto r = run_gfund(a);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST_F(ServeApi, AQuoteEqualsTheTermsheetsFiguresToTheCent) {
  auto r = get(with_token("/api/quote?bank=WING&coverage=0.6&structure=first_loss&portfolio_cap_rate=0.15&fee=0.012"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto q = nlohmann::json::parse(r->body);
  EXPECT_EQ(q["scenarios"], 20000);
  EXPECT_EQ(q["seed"], 5);
  EXPECT_EQ(q["as_of"], "2023-12-31");
  const auto ts = termsheet_json_for(common_args(), "coverage=0.6,structure=first_loss,portfolio_cap_rate=0.15,fee=0.012");
  ASSERT_EQ(ts["rows"].size(), 2u);
  int row = 0;
  for (const char* side : {"current", "proposed"}) {
    const auto& a = q[side];
    const auto& t = ts["rows"][row++];
    EXPECT_EQ(std::llround(a["agreement_expected_claims_minor"]["value"].get<double>()), t["fund expected claims"]["minor"]) << side;
    EXPECT_EQ(std::llround(a["agreement_claims_99_minor"]["value"].get<double>()), t["fund 99% claims"]["minor"]) << side;
    EXPECT_DOUBLE_EQ(a["exhaustion_probability"]["value"].get<double>(), t["P(fund exhausted)"].get<double>()) << side;
    EXPECT_DOUBLE_EQ(a["break_even_fee"]["value"].get<double>(), t["break-even fee"].get<double>()) << side;
    EXPECT_DOUBLE_EQ(a["bank_loss_rate_with_guarantee"]["value"].get<double>(), t["bank loss rate, guaranteed"].get<double>());
    ASSERT_FALSE(a["most_lending"].is_null());
    EXPECT_EQ(a["most_lending"]["most_monthly_minor"], t["most lending / month"]["minor"]) << side;
    const auto& e = a["agreement_expected_claims_minor"];
    EXPECT_LE(e["lo"].get<double>(), e["value"].get<double>());
    EXPECT_GE(e["hi"].get<double>(), e["value"].get<double>());
  }
  EXPECT_NE(q["proposed"]["agreement_expected_claims_minor"]["value"], q["current"]["agreement_expected_claims_minor"]["value"]);
  EXPECT_EQ(q["proposed"]["terms"]["coverage"], 0.6);
  EXPECT_EQ(q["current"]["terms"]["coverage"], 0.5);
  EXPECT_NE(q["proposed"]["chart_svg"].get<std::string>().rfind("<svg", 0), std::string::npos);
}

TEST_F(ServeApi, TheDownloadedTermSheetIsTheBytesTermsheetWrites) {
  TempDir out;
  std::vector<std::string> a{"termsheet", "--bank", "WING", "--terms", "coverage=0.6,fee=0.012",
                             "--markdown", out.file("t.md"), "--html", out.file("t.html")};
  const auto args = common_args();
  a.insert(a.end(), args.begin(), args.end());
  ASSERT_EQ(run_gfund(a).exit_code, 0);
  auto md = get(with_token("/api/termsheet?bank=WING&coverage=0.6&fee=0.012&format=md"));
  auto html = get(with_token("/api/termsheet?bank=WING&coverage=0.6&fee=0.012&format=html"));
  ASSERT_EQ(md->status, 200);
  EXPECT_EQ(md->body, read_file(out.file("t.md")));
  EXPECT_EQ(html->body, read_file(out.file("t.html")));
  EXPECT_NE(md->get_header_value("Content-Disposition").find("termsheet-WING.md"), std::string::npos);
}

TEST_F(ServeApi, ServesTheDashboardAndQuotesAtAnotherDate) {
  auto d = get(with_token("/dashboard?as_of=2023-06-30"));
  ASSERT_EQ(d->status, 200) << d->body;
  EXPECT_NE(d->body.find("2023-06-30"), std::string::npos);
  EXPECT_NE(d->body.find("<h1>"), std::string::npos);
  auto q = get(with_token("/api/quote?bank=WING&as_of=2023-06-30"));
  ASSERT_EQ(q->status, 200) << q->body;
  const auto j = nlohmann::json::parse(q->body);
  EXPECT_EQ(j["as_of"], "2023-06-30");
  auto again = nlohmann::json::parse(get(with_token("/api/quote?bank=WING&as_of=2023-06-30"))->body);
  EXPECT_TRUE(again["draws_cached"]);
  EXPECT_EQ(again["current"]["agreement_expected_claims_minor"], j["current"]["agreement_expected_claims_minor"]);
}

TEST(ServeLifecycle, LedgerUnchangedRateBoundedAndCtrlCStopsCleanly) {
  TempDir dir;
  ASSERT_EQ(run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "100"}).exit_code, 0);
  const std::string db = dir.file("demo") + "/ledger.db";
  const std::string before = read_file(db);
  ServeProcess s({"--db", db, "--scenarios", "2000"});
  httplib::Client c("127.0.0.1", s.port());
  const std::string q = "/api/quote?bank=WING&coverage=0.7&token=" + s.token();
  ASSERT_EQ(c.Get(q.c_str())->status, 200);
  int refused = 0;
  for (int i = 0; i < 200; ++i) {
    auto r = c.Get(("/app.css?token=" + s.token()).c_str());
    ASSERT_TRUE(r);
    refused += r->status == 429;
  }
  EXPECT_GT(refused, 0) << "200 requests in a burst: the rate bound refuses some";
  EXPECT_EQ(s.interrupt(10), 0);
  EXPECT_EQ(read_file(db), before) << "serving wrote to the ledger";
  EXPECT_FALSE(c.Get(q.c_str())) << "still answering after Ctrl-C";
}

TEST(ServeLifecycle, BadStartOptionsExitWithAMessage) {
  auto r = run_gfund({"serve", "--db", "/nonexistent/ledger.db"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/ledger.db"), std::string::npos) << r.err;
  auto port = run_gfund({"serve", "--book", fixtures_dir() + "/books/small_book.csv", "--port", "70000"});
  EXPECT_EQ(port.exit_code, 64);
  EXPECT_NE(port.err.find("--port"), std::string::npos) << port.err;
}

}  // namespace
}  // namespace gfund::testing
