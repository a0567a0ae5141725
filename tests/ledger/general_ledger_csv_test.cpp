// `gfund report --gl FILE` end to end: the journal and trial balance CSVs read
// back; every entry's debits equal its credits, the trial balance sums to
// zero, and the cash account equals the fund balance `status` reports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include "ledger/ledger_test_support.hpp"
#include "models/decimal.hpp"

namespace gfund::testing {
namespace {

std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::string cur;
    for (char c : line) {
      if (c == ',') f.push_back(cur), cur.clear();
      else cur += c;
    }
    f.push_back(cur);
    rows.push_back(f);
  }
  return rows;
}

// "1234.56" -> 123456 (cents); "" -> 0.
std::int64_t cents(const std::string& s) { return s.empty() ? 0 : round_to_int(parse_decimal(s) * 100); }

class GlCsv : public ::testing::Test {
 protected:
  void SetUp() override {
    db = make_mini_ledger(dir);
    // A claim on L2 (136 DPD) and a recovery: cash, expense and recoveries move.
    write_file(dir.file("events.csv"), "date,kind,ref,bank,loan,amount\n2024-05-31,claim,C2,WING,L2,\n"
                                       "2024-06-20,recovery,RC2,WING,L2,100.00\n"
                                       "2024-06-25,guarantee_fee,FEE1,WING,,4.00\n");
    auto r = run_gfund({"import", "--db", db, dir.file("events.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir dir;
  std::string db;
};

TEST_F(GlCsv, JournalBalancesAndCashEqualsTheFundBalance) {
  auto r = run_gfund({"report", "--db", db, "--as-of", "2024-06-30", "--gl", dir.file("gl.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote general ledger"), std::string::npos) << r.out;
  const auto journal = read_csv_rows(dir.file("gl.csv"));
  ASSERT_GT(journal.size(), 8u);
  EXPECT_EQ(journal[0], (std::vector<std::string>{"entry", "date", "account", "debit_USD", "credit_USD", "memo"}));
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_entry;
  std::map<std::string, std::int64_t> by_account;
  for (std::size_t i = 1; i < journal.size(); ++i) {
    ASSERT_EQ(journal[i].size(), 6u) << i;
    by_entry[journal[i][0]].first += cents(journal[i][3]);
    by_entry[journal[i][0]].second += cents(journal[i][4]);
    by_account[journal[i][2]] += cents(journal[i][3]) - cents(journal[i][4]);
  }
  // capital, claim, recovery, fee received, fee accrual
  EXPECT_EQ(by_entry.size(), 5u);
  for (const auto& [entry, dc] : by_entry) EXPECT_EQ(dc.first, dc.second) << "entry " << entry;
  std::int64_t sum = 0;
  for (const auto& [account, b] : by_account) sum += b;
  EXPECT_EQ(sum, 0);
  auto s = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  // 10,000.00 - 300.00 claim (L2: 50% of 600.00, at the per-loan cap) + 50.00 recovered to the fund + 4.00 fee.
  EXPECT_EQ(j["fund"]["balance"]["minor"], 975400);
  EXPECT_EQ(by_account["1000 Cash"], j["fund"]["balance"]["minor"].get<std::int64_t>());
  EXPECT_EQ(by_account["4100 Recoveries"], -j["fund"]["recoveries"]["minor"].get<std::int64_t>());
  EXPECT_EQ(by_account["1100 Guarantee fees receivable"], j["fund"]["fees_receivable"]["minor"].get<std::int64_t>());
  // The trial balance file says the same, and its total balance is zero.
  const auto tb = read_csv_rows(dir.file("gl-trial-balance.csv"));
  ASSERT_EQ(tb.size(), 9u);  // header, seven accounts, total
  for (std::size_t i = 1; i + 1 < tb.size(); ++i) EXPECT_EQ(cents(tb[i][3]), by_account[tb[i][0]]) << tb[i][0];
  EXPECT_EQ(tb.back()[0], "Total");
  EXPECT_EQ(tb.back()[1], tb.back()[2]);
  EXPECT_EQ(cents(tb.back()[3]), 0);
}

TEST_F(GlCsv, ReportNeedsOutOrGlAndAnUnwritableGlLeavesNoFile) {
  auto r = run_gfund({"report", "--db", db, "--as-of", "2024-06-30"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("field '--out': is required (or give --gl FILE"), std::string::npos) << r.err;
  r = run_gfund({"report", "--db", db, "--as-of", "2024-06-30", "--gl", dir.file("no/such/gl.csv")});
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("no/such/gl.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("no/such/gl-trial-balance.csv")));
  // With --out too, the dashboard and the general ledger are both written.
  r = run_gfund({"report", "--db", db, "--as-of", "2024-06-30", "--format", "html", "--out", dir.file("d.html"), "--gl",
                 dir.file("gl.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("d.html")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("gl-trial-balance.csv")));
}

}  // namespace
}  // namespace gfund::testing
