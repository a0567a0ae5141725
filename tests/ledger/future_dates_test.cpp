// Events dated in the future are refused (issue 18, item 2): a repayment
// dated 2099-01-01, a claim dated 2199-12-31 on a performing loan (the fund
// paid 247.99 for it) and a write-off in 2150 were all accepted silently.
#include <gtest/gtest.h>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

class FutureDates : public ::testing::Test {
 protected:
  void SetUp() override { db = make_mini_ledger(dir); }
  void expect_refused(const RunResult& r, const std::string& message, const std::string& before) {
    EXPECT_EQ(r.exit_code, 65) << r.out << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(ledger_fingerprint(db), before);  // nothing written
  }
  TempDir dir;
  std::string db;
};

TEST_F(FutureDates, ImportedRepaymentIn2099Refused) {
  const auto before = ledger_fingerprint(db);
  write_file(dir.file("repayments.csv"), "bank,loan,ref,date,amount\nWING,L1,R-2099,2099-01-01,10.00\n");
  auto r = run_gfund({"import", "--db", db, dir.file("repayments.csv")});
  expect_refused(r, "repayments.csv:2: field 'date': 2099-01-01 is after", before);
  EXPECT_NE(r.err.find("may not be dated in the future"), std::string::npos) << r.err;
}

TEST_F(FutureDates, ClaimAndWriteOffVerbsRefuseFutureDates) {
  const auto before = ledger_fingerprint(db);
  expect_refused(run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "CL-F", "--date",
                            "2199-12-31"}),
                 "field 'date': 2199-12-31 is after", before);
  expect_refused(run_gfund({"write-off", "--db", db, "--bank", "WING", "--loan", "L2", "--ref", "WO-F", "--date",
                            "2150-01-01"}),
                 "2150-01-01 is after", before);
}

TEST_F(FutureDates, AllowFutureRecordsAPlannedEvent) {
  write_file(dir.file("repayments.csv"), "bank,loan,ref,date,amount\nWING,L1,R-2099,2099-01-01,10.00\n");
  auto r = run_gfund({"import", "--db", db, "--allow-future", dir.file("repayments.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

TEST_F(FutureDates, TodayIsAccepted) {
  // The limit is today where the calendar is furthest ahead, so today's date
  // (UTC) is always allowed.
  const auto today = run_shell("date -u +%F").out.substr(0, 10);
  auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "R-TODAY", "--date", today,
                      "--amount", "10.00"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace gfund::testing
