// Every bad input and fault the ledger issue names: the message (file, line,
// field, rule), the exit code, and that the ledger file is exactly as before.
#include <sys/stat.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

constexpr const char* kRepayHeader = "bank,loan,ref,date,amount\n";

class Mini : public ::testing::Test {
 protected:
  void SetUp() override { db = make_mini_ledger(dir); }
  RunResult import(const std::string& name, const std::string& text, std::vector<std::string> extra = {}) {
    write_file(dir.file(name), text);
    std::vector<std::string> args{"import", "--db", db, dir.file(name)};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_gfund(args);
  }
  // The command failed with `code`, said `message`, and wrote nothing.
  void expect_refused(const RunResult& r, int code, const std::string& message, const std::string& before) {
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(ledger_fingerprint(db), before);
  }
  TempDir dir;
  std::string db;
};

TEST_F(Mini, UnknownLoanNamesFileLineAndField) {
  auto before = ledger_fingerprint(db);
  auto r = import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.62\nWING,L9,R2,2024-02-10,10.00\n");
  expect_refused(r, 65, "repayments.csv:3: field 'loan': unknown loan 'L9' of bank 'WING'", before);
}

TEST_F(Mini, UnknownBank) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "ACME,L1,R1,2024-02-10,10.00\n"), 65,
                 "repayments.csv:2: field 'bank': unknown bank 'ACME'", before);
}

TEST_F(Mini, RepaymentBeforeDisbursement) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-01-05,10.00\n"), 65,
                 "repayment before disbursement", before);
}

TEST_F(Mini, RepaymentAfterClosure) {
  auto before = ledger_fingerprint(db);
  // 600.00 on 2024-01-20 repays L2 in full (no interest due yet); the next row comes after closure.
  auto r = import("repayments.csv",
                  std::string(kRepayHeader) + "WING,L2,R1,2024-01-20,600.00\nWING,L2,R2,2024-02-15,10.00\n");
  expect_refused(r, 65, "repayments.csv:3: field 'date': loan 'L2' of bank 'WING': repayment after the loan was closed on 2024-01-20",
                 before);
}

TEST_F(Mini, OverpaymentRefused) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L2,R1,2024-01-20,600.01\n"), 65,
                 "field 'amount': loan 'L2' of bank 'WING': repayment of 600.01 USD exceeds what is owed (600.00 USD",
                 before);
}

TEST_F(Mini, NegativeAndZeroAmounts) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,-5.00\n"), 65,
                 "repayments.csv:2: field 'amount': amount must be > 0", before);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,0.00\n"), 65,
                 "field 'amount': amount must be > 0", before);
}

TEST_F(Mini, TooManyDecimals) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,10.125\n"), 65,
                 "field 'amount': '10.125' has more decimals than USD allows", before);
  // KHR has no decimals at all.
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "BOOST,L3,R1,2024-02-20,10.5\n"), 65,
                 "more decimals than KHR allows", before);
}

TEST_F(Mini, CurrencyMismatch) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", "bank,loan,ref,date,amount,currency\nWING,L1,R1,2024-02-10,10.00,KHR\n"), 65,
                 "field 'currency': currency mismatch: the loan is in USD, this row says KHR", before);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,40000 KHR\n"), 65,
                 "is in KHR, expected USD", before);
}

TEST_F(Mini, DateThatDoesNotExist) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2025-02-30,10.00\n"), 65,
                 "repayments.csv:2: field 'date'", before);
  auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "X", "--date", "2025-02-30",
                      "--amount", "1.00"});
  expect_refused(r, 65, "2025-02-30", before);
}

TEST_F(Mini, DuplicateReferenceWithOtherContentRefusedSameContentSkipped) {
  ASSERT_EQ(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.62\n").exit_code, 0);
  auto before = ledger_fingerprint(db);
  auto same = import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.62\n");
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("added: nothing; already stored (unchanged): 1 repayment"), std::string::npos) << same.out;
  EXPECT_EQ(ledger_fingerprint(db), before);
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.63\n"), 65,
                 "field 'ref': duplicate transaction reference 'R1' of 'WING' with different content", before);
  // The two contents are told in major units of the loan's currency.
  expect_refused(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.63\n"), 65,
                 "(stored: repayment on 2024-02-10 for loan L1 amount 106.62 USD; this row: repayment on 2024-02-10 "
                 "for loan L1 amount 106.63 USD)",
                 before);
  // Within one file too.
  expect_refused(import("repayments.csv",
                        std::string(kRepayHeader) + "WING,L1,R7,2024-03-10,5.00\nWING,L1,R7,2024-03-11,5.00\n"),
                 65, "repayments.csv:3: field 'ref': duplicate transaction reference 'R7'", before);
}

TEST_F(Mini, ReimportingEveryFileAddsNothing) {
  auto before = ledger_fingerprint(db);
  std::vector<std::string> args{"import", "--db", db};
  for (const char* f : {"banks", "associations", "borrowers", "agreements", "loans", "disbursements", "events"})
    args.push_back(dir.file(std::string(f) + ".csv"));
  auto r = run_gfund(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("added: nothing"), std::string::npos) << r.out;
  EXPECT_EQ(ledger_fingerprint(db), before);
}

TEST_F(Mini, MissingExtraColumnEmptyAndBinaryFiles) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("repayments.csv", "bank,loan,ref,date\nWING,L1,R1,2024-02-10\n"), 65,
                 "repayments.csv:1: field 'amount': required column is missing", before);
  expect_refused(import("repayments.csv", "bank,loan,ref,date,amount,colour\nWING,L1,R1,2024-02-10,1.00,red\n"), 65,
                 "repayments.csv:1: field 'colour': unknown column", before);
  expect_refused(import("repayments.csv", ""), 65, "repayments.csv: is empty", before);
  expect_refused(import("repayments.csv", std::string("PK\x03\x04\x00\x00binary", 12)), 65,
                 "is not a CSV text file", before);
}

TEST_F(Mini, DryRunWritesNothing) {
  auto before = ledger_fingerprint(db);
  auto r = import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.62\n", {"--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run, nothing written; would add: 1 repayment"), std::string::npos) << r.out;
  EXPECT_EQ(ledger_fingerprint(db), before);
}

TEST_F(Mini, ClaimBeforeTriggerAboveCapThenPaidAndRecoveryShared) {
  auto before = ledger_fingerprint(db);
  // First due 2024-02-10, nothing paid: 20 days past due on 2024-03-01.
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-03-01"});
  expect_refused(r, 65, "claim before the trigger: 20 days past due on 2024-03-01, agreement 'WING-A' needs 90", before);
  // 112 days past due on 2024-06-01: loss 1,200.00 x 50% = 600.00, capped at 300.00 per loan.
  r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-06-01",
                 "--amount", "500.00"});
  expect_refused(r, 65, "claim above a cap: 500.00 USD claimed, agreement 'WING-A' allows 300.00 USD on a loss of "
                        "1,200.00 USD (limited by per-loan cap)", before);
  r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("loss 1,200.00 USD, the fund pays 300.00 USD (limited by per-loan cap)"), std::string::npos) << r.out;
  before = ledger_fingerprint(db);
  r = run_gfund({"recover", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "RC1", "--date", "2024-08-01",
                 "--amount", "1,300.00"});
  expect_refused(r, 65, "recovery larger than the claim: recoveries would total 1,300.00 USD, the loss was 1,200.00 USD",
                 before);
  r = run_gfund({"recover", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "RC1", "--date", "2024-08-01",
                 "--amount", "100.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Pari passu: the fund paid 300 of a 1,200 loss, so a quarter of the recovery is the fund's.
  r = run_gfund({"status", "--db", db, "--as-of", "2024-12-31", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["fund"]["claims_paid"]["minor"], 30000);
  EXPECT_EQ(j["fund"]["recoveries"]["minor"], 2500);
  EXPECT_EQ(j["fund"]["balance"]["minor"], 1'000'000 - 30000 + 2500);  // capital - claim + fund's share of recovery
  EXPECT_EQ(j["claims"][0]["loss"]["minor"], 120000);
  EXPECT_EQ(j["claims"][0]["recovered"]["minor"], 10000);
  // Per-bank totals: WING's claims paid and recoveries (all parties).
  bool seen = false;
  for (const auto& t : j["totals"])
    if (t["level"] == "bank" && t["key"] == "WING") {
      seen = true;
      EXPECT_EQ(t["claims_paid"]["minor"], 30000);
      EXPECT_EQ(t["recoveries"]["minor"], 10000);
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

TEST_F(Mini, RecoveryWithoutClaimOrWriteOffRefused) {
  auto before = ledger_fingerprint(db);
  auto r = run_gfund({"recover", "--db", db, "--bank", "WING", "--loan", "L2", "--ref", "RC", "--date", "2024-08-01",
                      "--amount", "10.00"});
  expect_refused(r, 65, "recovery on a loan that was neither claimed nor written off", before);
}

TEST_F(Mini, NewerDatabaseRefused) {
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 99");
  }
  auto before = ledger_fingerprint(db);
  auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "R1", "--date", "2024-02-10",
                      "--amount", "10.00"});
  expect_refused(r, 74, "written by a newer gfund (schema version 99", before);
  expect_refused(run_gfund({"status", "--db", db, "--as-of", "2024-03-01"}), 74, "newer gfund", before);
}

TEST(LedgerFiles, NotAGfundDatabase) {
  TempDir dir;
  write_file(dir.file("notes.db"), "these are my notes, not a ledger\n");
  auto r = run_gfund({"status", "--db", dir.file("notes.db"), "--as-of", "2024-01-01"});
  EXPECT_EQ(r.exit_code, 74);
  EXPECT_NE(r.err.find("not a gfund database"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir.file("notes.db")), "these are my notes, not a ledger\n");
  {
    SQLite::Database other(dir.file("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t(x)");
  }
  r = run_gfund({"import", "--db", dir.file("other.db"), dir.file("notes.db"), "--kind", "banks"});
  EXPECT_EQ(r.exit_code, 65) << r.err;  // the CSV is checked first: "notes" has no id,name header
  write_file(dir.file("banks.csv"), "id,name\nWING,Wing\n");
  r = run_gfund({"import", "--db", dir.file("other.db"), dir.file("banks.csv")});
  EXPECT_EQ(r.exit_code, 74);
  EXPECT_NE(r.err.find("not a gfund database"), std::string::npos) << r.err;
  r = run_gfund({"verify", "--db", dir.file("missing.db")});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_NE(r.err.find("no such ledger"), std::string::npos) << r.err;
}

TEST_F(Mini, ReadOnlyDatabase) {
  auto before = ledger_fingerprint(db);
  ASSERT_EQ(::chmod(db.c_str(), 0444), 0);
  auto r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "R1", "--date", "2024-02-10",
                      "--amount", "10.00"});
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("the ledger is read-only"), std::string::npos) << r.err;
  // Reading an archived ledger still works.
  EXPECT_EQ(run_gfund({"status", "--db", db, "--as-of", "2024-03-01"}).exit_code, 0);
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  EXPECT_EQ(ledger_fingerprint(db), before);
}

TEST_F(Mini, RateAboveCapFlaggedOrRefused) {
  write_file(dir.file("b4.csv"), "id,sector,province,registration,birth_year\nB4,food,Kampot,informal,2000\n");
  ASSERT_EQ(run_gfund({"import", "--db", db, "--kind", "borrowers", dir.file("b4.csv")}).exit_code, 0);
  auto before = ledger_fingerprint(db);
  std::string loans = "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed\n"
                      "WING,L4,B4,USD,500.00,24%,12,2024-02-01\n";
  expect_refused(import("loans.csv", loans, {"--refuse-above-cap"}), 65,
                 "loans.csv:2: field 'annual_rate': rate 24% is above the 18% a year cap", before);
  auto r = import("loans.csv", loans);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("loan 'L4' of bank 'WING': rate 24% is above the 18% a year cap (flagged)"), std::string::npos)
      << r.out;
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("SELECT above_rate_cap FROM loans WHERE ref = 'L4'").getInt(), 1);
}

TEST_F(Mini, BackdatedRepaymentReplaysLaterEventsAndSaysWhatChanged) {
  ASSERT_EQ(import("repayments.csv",
                   std::string(kRepayHeader) + "WING,L2,R1,2024-02-15,107.50\nWING,L2,R2,2024-03-15,107.50\n")
                .exit_code,
            0);
  // A payment of 50.00 on 2024-03-01 arrives late: the 2024-03-15 payment is re-allocated.
  auto r = import("late.csv", std::string(kRepayHeader) + "WING,L2,R9,2024-03-01,50.00\n", {"--kind", "repayments"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("loan 'L2' of bank 'WING': backdated event on 2024-03-01; 1 later stored events replayed; on "
                       "2024-03-15 outstanding 400.00 USD -> 350.00 USD"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

TEST_F(Mini, VerifyFindsATamperedBalanceAndEventsAreAppendOnly) {
  ASSERT_EQ(import("repayments.csv", std::string(kRepayHeader) + "WING,L1,R1,2024-02-10,106.62\n").exit_code, 0);
  auto ok = run_gfund({"verify", "--db", db});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("ok: 3 loans, 4 events"), std::string::npos) << ok.out;
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    EXPECT_THROW(raw.exec("UPDATE events SET amount_minor = 1"), SQLite::Exception);
    EXPECT_THROW(raw.exec("DELETE FROM events"), SQLite::Exception);
    raw.exec("UPDATE loan_state SET outstanding_minor = outstanding_minor + 1 WHERE loan = 1");
    raw.exec("UPDATE fund_state SET balance_minor = balance_minor - 1");
  }
  auto bad = run_gfund({"verify", "--db", db});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("DIFFERENCE: loan 'L1' of bank 'WING': outstanding stored"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("DIFFERENCE: fund balance stored 999999 but events give 1000000"), std::string::npos) << bad.out;
}

TEST_F(Mini, LoanOutsideItsAgreementRefused) {
  auto before = ledger_fingerprint(db);
  expect_refused(import("loans.csv", "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,agreement\n"
                                     "WING,L6,B3,USD,500.00,15%,12,2026-01-05,WING-A\n"),
                 65, "loans.csv:2: field 'agreement': agreement 'WING-A' enrols loans disbursed 2020-01-01 to 2025-12-31",
                 before);
  expect_refused(import("loans.csv", "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,agreement\n"
                                     "BOOST,L6,B3,USD,500.00,15%,12,2024-01-05,WING-A\n"),
                 65, "agreement 'WING-A' belongs to bank 'WING', not 'BOOST'", before);
}

TEST_F(Mini, TranchesWriteOffAndTheVerbsShareTheImportChecks) {
  ASSERT_EQ(import("loans.csv", "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed\n"
                                "WING,L5,B3,USD,500.00,15%,12,2024-02-01\n")
                .exit_code,
            0);
  auto r = run_gfund({"disburse", "--db", db, "--bank", "WING", "--loan", "L5", "--ref", "T1", "--date", "2024-02-01",
                      "--amount", "300.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto before = ledger_fingerprint(db);
  r = run_gfund({"disburse", "--db", db, "--bank", "WING", "--loan", "L5", "--ref", "T2", "--date", "2024-02-15",
                 "--amount", "250.00"});
  expect_refused(r, 65, "tranches total 550.00 USD exceeds the contracted principal 500.00 USD", before);
  r = run_gfund({"write-off", "--db", db, "--bank", "WING", "--loan", "L2", "--ref", "WO1", "--date", "2024-09-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  before = ledger_fingerprint(db);
  r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L2", "--ref", "R1", "--date", "2024-09-02",
                 "--amount", "10.00"});
  expect_refused(r, 65, "repayment after the loan was closed on 2024-09-01", before);
  auto j = nlohmann::json::parse(run_gfund({"status", "--db", db, "--as-of", "2024-09-30", "--json"}).out);
  for (const auto& t : j["totals"])
    if (t["level"] == "fund" && t["currency"] == "USD") {
      EXPECT_EQ(t["written_off"]["minor"], 60000);
      EXPECT_EQ(t["disbursed"]["minor"], 120000 + 60000 + 30000);
    }
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

}  // namespace
}  // namespace gfund::testing
