// --json on init, generate and snapshot: one JSON document on stdout saying
// what was written, with the figures the text line gives.
#include <algorithm>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace gfund::testing {
namespace {

TEST(JsonVerbs, InitGenerateAndSnapshotSayWhatTheyWrote) {
  TempDir dir;
  const auto init = run_gfund({"init", "--db", dir.file("f.db"), "--fund", "YWF", "--currency", "USD", "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const auto i = nlohmann::json::parse(init.out);
  EXPECT_EQ(i["fund"], "YWF");
  EXPECT_EQ(i["currency"], "USD");
  EXPECT_GE(i["schema_version"].get<int>(), 4);

  const auto gen = run_gfund({"generate", "--loans", "50", "--seed", "3", "--out", dir.file("gen"), "--json"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  const auto g = nlohmann::json::parse(gen.out);
  EXPECT_EQ(g["loans"], 50);
  EXPECT_EQ(g["seed"], 3);
  EXPECT_GE(g["disbursements"].get<long>(), 50);  // a loan may come in tranches
  EXPECT_GT(g["repayments"].get<long>(), 0);
  EXPECT_GT(g["usd_volume_minor"].get<long>(), 0);

  // The demo with --json: one JSON document instead of the walk-through.
  const auto demo = run_gfund({"demo", "--out", dir.file("demo"), "--scenarios", "100", "--json"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const auto dj = nlohmann::json::parse(demo.out);  // nothing else on stdout
  EXPECT_EQ(dj["format"], "demo");
  EXPECT_EQ(dj["as_of"], "2023-12-31");
  ASSERT_EQ(dj["files"].size(), 4u);
  EXPECT_EQ(dj["status"]["fund"]["claims_outstanding"]["minor"], 41430);
  const std::string db = dir.file("demo") + "/ledger.db";
  EXPECT_EQ(dj["files"][0], db);

  const auto book = run_gfund({"generate-book", "--loans", "40", "--seed", "5", "--out", dir.file("b.csv"), "--json"});
  ASSERT_EQ(book.exit_code, 0) << book.err;
  EXPECT_EQ(nlohmann::json::parse(book.out)["loans"], 40);
  const auto no_out = run_gfund({"generate-book", "--loans", "40", "--json"});
  EXPECT_EQ(no_out.exit_code, 64);
  EXPECT_NE(no_out.err.find("--json"), std::string::npos) << no_out.err;
  const auto snap = run_gfund({"snapshot", "--db", db, "--as-of", "2023-12-31", "--out", dir.file("book.csv"), "--json"});
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  const auto s = nlohmann::json::parse(snap.out);
  EXPECT_EQ(s["as_of"], "2023-12-31");
  // One CSV line a live loan, after the header.
  const std::string csv = read_file(dir.file("book.csv"));
  EXPECT_EQ(s["loans"].get<long>() + 1, std::count(csv.begin(), csv.end(), '\n'));
  const auto bad = run_gfund({"snapshot", "--db", db, "--json"});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--json"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace gfund::testing
