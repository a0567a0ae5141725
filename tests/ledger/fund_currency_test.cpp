// Headline figures in the fund's currency: dated rates imported into the
// ledger (fx_rates.csv), the one in effect at the as-of date, a rate given
// with --fx winning, no all-currency total without a rate, and each bad
// rate refused with its file, line and field, nothing written.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/ledger/status.hpp"
#include "ledger_test_support.hpp"

namespace gfund::testing {
namespace {

const ledger::StatusTotals& fund_row(const ledger::LedgerStatus& s, const char* code) {
  for (const auto& t : s.totals)
    if (t.level == "fund" && t.currency.code_view() == code) return t;
  throw std::runtime_error(std::string("no fund row in ") + code);
}

// The mini ledger (one 1,200,000 KHR loan beside the USD ones) with two riel rates.
struct FxLedger : ::testing::Test {
  void SetUp() override {
    db = make_mini_ledger(dir);
    write_file(dir.file("fx_rates.csv"), "date,currency,per_fund_unit\n2024-01-01,KHR,4000\n2024-03-01,KHR,\"4,100\"\n");
    auto r = run_gfund({"import", "--db", db, dir.file("fx_rates.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.out.find("2 fx_rates"), std::string::npos) << r.out;
  }
  TempDir dir;
  std::string db;
};

TEST_F(FxLedger, TheRateInEffectAtTheAsOfDateAddsRielIntoDollars) {
  for (auto [as_of, rate] : {std::pair{"2024-02-29", 4000.0}, std::pair{"2024-06-30", 4100.0}}) {
    const auto s = ledger::read_status(db, d(as_of));
    const auto& all = s.in_fund_currency;
    ASSERT_TRUE(all.total) << as_of;
    ASSERT_EQ(all.rates.size(), 1u);
    EXPECT_EQ(all.rates[0].currency, "KHR");
    EXPECT_DOUBLE_EQ(all.rates[0].per_fund_unit, rate);
    ASSERT_TRUE(all.rates[0].dated);
    const auto& usd = fund_row(s, "USD");
    const auto& khr = fund_row(s, "KHR");
    ASSERT_GT(khr.outstanding_minor, 0);
    // riel -> cents: amount x 100 / rate, to the nearest cent (no half-cent ties here).
    const auto cents = [&](std::int64_t riel) { return std::llround(double(riel) * 100.0 / rate); };
    EXPECT_EQ(all.total->outstanding_minor, usd.outstanding_minor + cents(khr.outstanding_minor)) << as_of;
    EXPECT_EQ(all.total->disbursed_minor, usd.disbursed_minor + cents(khr.disbursed_minor));
    EXPECT_EQ(all.total->loans, usd.loans + khr.loans);
    EXPECT_EQ(all.total->currency.code_view(), "USD");
  }
}

TEST_F(FxLedger, ARateGivenForTheRunWinsAndBeforeTheFirstRateThereIsNoTotal) {
  const auto given = ledger::read_status(db, d("2024-06-30"), ledger::default_provision_rates(), {{"KHR", "3000"}});
  ASSERT_TRUE(given.in_fund_currency.total);
  EXPECT_FALSE(given.in_fund_currency.rates[0].dated);
  EXPECT_EQ(given.in_fund_currency.total->disbursed_minor,
            fund_row(given, "USD").disbursed_minor + 1'200'000 * 100 / 3000);
  const auto before = ledger::read_status(db, d("2023-12-31"));  // no KHR loan yet: nothing to convert
  EXPECT_TRUE(before.in_fund_currency.total);
  write_file(dir.file("late.csv"), "date,currency,per_fund_unit\n2024-09-01,KHR,4200\n");
  TempDir other;
  const std::string db2 = make_mini_ledger(other);
  ASSERT_EQ(run_gfund({"import", "--db", db2, "--kind", "fx_rates", dir.file("late.csv")}).exit_code, 0);
  const auto early = ledger::read_status(db2, d("2024-06-30"));
  EXPECT_FALSE(early.in_fund_currency.total);
  EXPECT_EQ(early.in_fund_currency.missing, std::vector<std::string>{"KHR"});
}

TEST_F(FxLedger, TheTerminalAndJsonSayWhichRate) {
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("KHR converted at 4,100 per USD (the ledger's rate of 2024-03-01)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("all (USD)"), std::string::npos) << r.out;
  auto g = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--fx", "khr=3000", "--json"});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  EXPECT_NE(g.out.find("\"source\": \"--fx\""), std::string::npos) << g.out;
  EXPECT_NE(g.err.find("KHR converted at 3000 per USD (--fx)"), std::string::npos) << g.err;
}

TEST_F(FxLedger, ABadRateIsRefusedWithItsPlaceAndNothingIsWritten) {
  const std::string before = ledger_fingerprint(db);
  struct Case {
    const char* row;
    const char* says;
  };
  for (const Case& c : {Case{"2024-05-01,USD,1", "the fund's own currency"}, Case{"2024-05-01,KHR,0", "not above 0"},
                        Case{"2024-05-01,XYZ,10", "XYZ"}, Case{"2024-03-01,KHR,4200", "already stored as 4,100"},
                        Case{"2024-05-32,KHR,4000", "2024-05-32"}}) {
    write_file(dir.file("bad_fx_rates.csv"), std::string("date,currency,per_fund_unit\n2024-04-01,KHR,4050\n") + c.row + "\n");
    auto r = run_gfund({"import", "--db", db, dir.file("bad_fx_rates.csv")});
    EXPECT_NE(r.exit_code, 0) << c.row;
    EXPECT_NE(r.err.find("bad_fx_rates.csv"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(":3"), std::string::npos) << r.err;  // the line
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(ledger_fingerprint(db), before) << c.row;
  }
  // The same rates again change nothing.
  auto again = run_gfund({"import", "--db", db, dir.file("fx_rates.csv")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(ledger_fingerprint(db), before);
  for (const char* bad : {"KHR", "KHR=", "KHR=-5", "XYZ=10"}) {
    auto r = run_gfund({"status", "--db", db, "--fx", bad});
    EXPECT_EQ(r.exit_code, 64) << bad << r.err;
    EXPECT_NE(r.err.find("--fx"), std::string::npos) << bad << ": " << r.err;
  }
}

}  // namespace
}  // namespace gfund::testing
