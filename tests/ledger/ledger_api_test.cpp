// The ledger's library API (book, outcomes, status) and the CLI round trips
// (snapshot, status as of a past date, migration, demo).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "engine/ledger/ledger_book.hpp"
#include "engine/ledger/loan_outcomes.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "engine/portfolio/book.hpp"
#include "ledger/ledger_test_support.hpp"
#include "models/schedule.hpp"

namespace gfund::testing {
namespace {

class MiniApi : public ::testing::Test {
 protected:
  void SetUp() override {
    db = make_mini_ledger(dir);
    // L1 pays its first two installments on time; L2 pays nothing and defaults.
    write_file(dir.file("repayments.csv"), "bank,loan,ref,date,amount\nWING,L1,R1,2024-02-10,106.62\n"
                                           "WING,L1,R2,2024-03-11,106.62\n");
    auto r = run_gfund({"import", "--db", db, dir.file("repayments.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir dir;
  std::string db;
};

TEST_F(MiniApi, BookHasLiveLoansWithOutstandingFromTheSchedule) {
  auto lb = ledger::read_ledger_book(db, d("2024-03-31"));
  EXPECT_EQ(lb.book.as_of, d("2024-03-31"));
  ASSERT_EQ(lb.book.loans.size(), 3u);
  Loan l1(LoanData{.ref = "L1", .bank = "WING", .borrower = "B1", .principal = Money(usd(), 120000),
                   .annual_rate = Ratio::percent(12), .term_months = 12, .disbursed = d("2024-01-10")});
  auto sched = build_schedule(schedule_spec(l1));
  ASSERT_EQ(sched[0].total().minor(), 10662);  // the annuity the test pays
  const BookLoan& b1 = lb.book.loans[0];
  EXPECT_EQ(b1.loan, "L1");
  EXPECT_EQ(b1.agreement, "WING-A");
  EXPECT_EQ(b1.association, "CWEA");
  EXPECT_EQ(b1.outstanding_minor, sched[1].balance_after.minor());
  EXPECT_EQ(b1.days_past_due, 0);
  EXPECT_EQ(b1.remaining_months, 10);
  const BookLoan& b2 = lb.book.loans[1];  // first due 2024-02-15, nothing paid: 45 DPD
  EXPECT_EQ(b2.days_past_due, 45);
  EXPECT_EQ(b2.outstanding_minor, 60000);
  EXPECT_EQ(lb.book.loans[2].currency, khr());
  EXPECT_EQ(lb.book.loans[2].agreement, "");
  EXPECT_EQ(lb.fund_capital_minor, 1'000'000);
  EXPECT_EQ(lb.fund_balance_minor, 1'000'000);
  EXPECT_EQ(lb.enrolled_minor.at("WING-A"), 180000);
  EXPECT_EQ(lb.claims_paid_minor.at("WING-A"), 0);
  // Before any disbursement the book is empty: the ledger answers for any date.
  EXPECT_TRUE(ledger::read_ledger_book(db, d("2024-01-09")).book.loans.empty());
}

TEST_F(MiniApi, OutcomesMarkTheNinetyDayDefault) {
  auto out = ledger::read_loan_outcomes(db, d("2024-12-31"));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].loan, "L2");
  EXPECT_TRUE(out[1].defaulted);
  EXPECT_EQ(out[1].default_date, d("2024-05-15"));  // 90 days after the 2024-02-15 installment
  EXPECT_EQ(out[1].months_observed, 4);
  EXPECT_EQ(out[1].registration, Registration::formal);
  // L1 stopped paying after 2024-03-11: its 2024-04-10 installment is 90 days late on 2024-07-09.
  EXPECT_TRUE(out[0].defaulted);
  EXPECT_EQ(out[0].default_date, d("2024-07-09"));
  auto early = ledger::read_loan_outcomes(db, d("2024-05-14"));
  EXPECT_FALSE(early[1].defaulted);
  EXPECT_EQ(early[1].months_observed, 3);
}

TEST_F(MiniApi, StatusForLastMarchShowsLastMarch) {
  auto march = ledger::read_status(db, d("2024-03-31"));
  auto later = ledger::read_status(db, d("2024-06-30"));
  const auto& fm = march.totals[1];  // fund, USD (KHR sorts first)
  ASSERT_EQ(fm.level, "fund");
  ASSERT_EQ(fm.currency, usd());
  EXPECT_EQ(fm.loans, 2);
  EXPECT_EQ(fm.par30_minor, 60000);  // L2, 45 DPD
  EXPECT_EQ(fm.par90_minor, 0);
  const auto& fl = later.totals[1];
  EXPECT_EQ(fl.par90_minor, 60000);  // L2 now 136 DPD
  EXPECT_GT(fl.par30_minor, fl.par90_minor);  // L1 is 81 DPD
  // Aging: on 2024-03-31 WING has L1 current, L2 in 31-60.
  for (const auto& a : march.aging)
    if (a.bank == "WING") {
      EXPECT_EQ(a.outstanding_minor[1], 0);
      EXPECT_EQ(a.outstanding_minor[2], 60000);
      EXPECT_EQ(a.loans[0], 1);
    }
  // The PAR history ends with as_of and repeats the March figure at 2024-03-31.
  bool found = false;
  for (const auto& p : later.par_history)
    if (p.month_end == d("2024-03-31") && p.currency == usd()) {
      found = true;
      EXPECT_EQ(p.par30_minor, 60000);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(later.par_history.back().month_end, d("2024-06-30"));
  ASSERT_EQ(later.vintages.size(), 1u);
  EXPECT_EQ(later.vintages[0].vintage, "2024-01");
  EXPECT_EQ(later.vintages[0].loans, 3);
  EXPECT_DOUBLE_EQ(later.vintages[0].cumulative_default_rate.back(), 2.0 / 3.0);  // L2 and L3 (KHR)
  // Guaranteed exposure: 50% of outstanding, per-loan cap 300.00.
  EXPECT_EQ(later.fund.guaranteed_exposure_minor, 30000 + 30000);
  EXPECT_DOUBLE_EQ(later.fund.leverage, double(fl.outstanding_minor) / 1'000'000.0);  // L1 + L2 guaranteed
}

TEST_F(MiniApi, GuaranteeFeesAccrueMonthlyOnGuaranteedOutstanding) {
  // WING-A: 1% a year, no informal surcharge; L1 and L2 are guaranteed, L3 (KHR) is not.
  std::int64_t base = 0;
  for (const char* m : {"2024-01-31", "2024-02-29", "2024-03-31"})
    for (const auto& l : ledger::read_ledger_book(db, d(m)).book.loans)
      if (l.agreement == "WING-A") base += l.outstanding_minor;
  EXPECT_EQ(base, 120000 + (120000 - 9462) + (120000 - 9462 - 9557) + 3 * 60000);
  auto s = ledger::read_status(db, d("2024-03-31"));
  // 5,115.19 USD-months x 1% / 12 = 4.262658 USD -> 4.26 (rounded once).
  EXPECT_EQ(s.fund.fees_accrued_minor, 426);
  ASSERT_EQ(s.fund.caps.size(), 1u);
  EXPECT_EQ(s.fund.caps[0].fees_accrued_minor, 426);
  EXPECT_EQ(s.fund.fees_in_minor, 0);  // none received yet
}

TEST_F(MiniApi, SnapshotRoundTripsThroughTheBookCsv) {
  auto r = run_gfund({"snapshot", "--db", db, "--as-of", "2024-03-31", "--out", dir.file("book.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Book b = read_book_csv(dir.file("book.csv"));
  auto lb = ledger::read_ledger_book(db, d("2024-03-31"));
  ASSERT_EQ(b.loans.size(), lb.book.loans.size());
  for (std::size_t i = 0; i < b.loans.size(); ++i) {
    EXPECT_EQ(b.loans[i].loan, lb.book.loans[i].loan);
    EXPECT_EQ(b.loans[i].outstanding_minor, lb.book.loans[i].outstanding_minor);
    EXPECT_EQ(b.loans[i].days_past_due, lb.book.loans[i].days_past_due);
  }
}

TEST(LedgerMigration, OlderFileMovesForwardOnFirstWrite) {
  TempDir dir;
  write_mini_csvs(dir.path().string());
  std::string db = dir.file("v1.db");
  ledger::create_ledger(db, "GF", "USD", 1);
  // A version-1 file is read through the migration in memory (the file stays
  // at version 1), and moved forward by a write.
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-03-01"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 1);
  }
  r = run_gfund({"import", "--db", db, dir.file("banks.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), ledger::kSchemaVersion);
  EXPECT_EQ(raw.execAndGet("SELECT balance_minor FROM fund_state").getInt64(), 0);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  EXPECT_EQ(run_gfund({"init", "--db", db}).exit_code, 64);  // init never overwrites
}

TEST(LedgerDemo, BuildsTheLedgerFromTheFixturesAndVerifies) {
  TempDir dir;
  for (int run = 0; run < 2; ++run) {  // a second run replaces the first demo ledger
    auto r = run_gfund({"demo", "--out", dir.file("demo")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("verify: ok (152 loans"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Portfolio at 2023-12-31"), std::string::npos);
    EXPECT_NE(r.out.find("Fund account at 2023-12-31"), std::string::npos);
  }
  // Importing the fixtures again adds nothing (claims included: their stored amounts match).
  std::vector<std::string> args{"import", "--db", dir.file("demo") + "/ledger.db"};
  for (const char* k : {"banks", "associations", "borrowers", "agreements", "loans", "disbursements", "repayments",
                        "events"})
    args.push_back(fixtures_dir() + "/demo/synthetic_" + k + ".csv");
  auto again = run_gfund(args);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("added: nothing"), std::string::npos) << again.out;
  auto v = run_gfund({"verify", "--db", dir.file("demo") + "/ledger.db"});
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

}  // namespace
}  // namespace gfund::testing
