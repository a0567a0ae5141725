// The ledger's follow-up rules (issue 3 follow-up): the fund balance never
// goes negative, recoveries reduce a claimed loan's outstanding, staged claim
// payouts (payout_at_claim, claim-settle), the restructure verb and its terms
// in the Book, and read-only verbs on an older-schema file.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/ledger/ledger_book.hpp"
#include "engine/ledger/status.hpp"
#include "engine/ledger/store.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

class Gaps : public ::testing::Test {
 protected:
  void SetUp() override { db = make_mini_ledger(dir); }
  RunResult import(const std::string& name, const std::string& text) {
    write_file(dir.file(name), text);
    return run_gfund({"import", "--db", db, dir.file(name)});
  }
  void expect_refused(const RunResult& r, int code, const std::string& message, const std::string& before) {
    EXPECT_EQ(r.exit_code, code) << r.out << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << "stderr: " << r.err;
    EXPECT_EQ(ledger_fingerprint(db), before);
  }
  nlohmann::json status(const char* as_of) {
    auto r = run_gfund({"status", "--db", db, "--as-of", as_of, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  const BookLoan* book_loan(const ledger::LedgerBook& lb, const std::string& ref) {
    for (const auto& l : lb.book.loans)
      if (l.loan == ref) return &l;
    return nullptr;
  }
  TempDir dir;
  std::string db;
};

// --- 1. capital_out may not take the fund balance below zero -----------------

TEST_F(Gaps, CapitalOutBeyondTheBalanceRefused) {
  auto before = ledger_fingerprint(db);
  auto r = import("events.csv", "date,kind,ref,amount\n2024-02-01,capital_out,OUT1,\"10,000.01\"\n");
  expect_refused(r, 65,
                 "events.csv:2: field 'amount': capital_out of 10,000.01 USD on 2024-02-01 would take the fund balance "
                 "below zero (the fund balance may not go negative): balance 10,000.00 USD before 2024-02-01, -0.01 "
                 "USD after",
                 before);
  // Exactly the balance is fine.
  r = import("events.csv", "date,kind,ref,amount\n2024-02-01,capital_out,OUT1,\"10,000.00\"\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(status("2024-12-31")["fund"]["balance"]["minor"], 0);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

TEST_F(Gaps, BackdatedCapitalOutUnderALaterClaimRefused) {
  // The claim on 2024-06-01 pays 300.00: the balance is 9,700.00 after it.
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto before = ledger_fingerprint(db);
  // 9,800.00 out on 2024-05-01 leaves 200.00 that day, but -100.00 once the claim is paid.
  r = import("events.csv", "date,kind,ref,amount\n2024-05-01,capital_out,OUT1,\"9,800.00\"\n");
  expect_refused(r, 65,
                 "capital_out of 9,800.00 USD on 2024-05-01 would take the fund balance below zero (the fund balance "
                 "may not go negative): balance 200.00 USD before 2024-06-01, -100.00 USD after",
                 before);
  r = import("events.csv", "date,kind,ref,amount\n2024-07-01,capital_out,OUT1,\"9,700.00\"\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

// --- 2. a recovery on a claimed loan reduces its outstanding ------------------

TEST_F(Gaps, RecoveryOnAClaimedLoanReducesItsOutstandingAndCanCloseIt) {
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_gfund({"recover", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "RC1", "--date", "2024-08-01",
                 "--amount", "100.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lb = ledger::read_ledger_book(db, d("2024-07-31"));
  ASSERT_NE(book_loan(lb, "L1"), nullptr);
  EXPECT_EQ(book_loan(lb, "L1")->outstanding_minor, 120000);
  lb = ledger::read_ledger_book(db, d("2024-08-31"));
  ASSERT_NE(book_loan(lb, "L1"), nullptr);
  EXPECT_EQ(book_loan(lb, "L1")->outstanding_minor, 110000);
  // The bank's totals and the cache agree with the book. The status JSON is
  // held in a variable: a range-for over a member of a temporary iterates
  // freed memory (the temporary dies before the loop body runs).
  const nlohmann::json st = status("2024-08-31");
  int wing_rows = 0;
  for (const auto& t : st["totals"])
    if (t["level"] == "bank" && t["key"] == "WING") {
      ++wing_rows;
      EXPECT_EQ(t["outstanding"]["minor"], 110000 + 60000);
    }
  EXPECT_EQ(wing_rows, 1) << "status has no bank row for WING: the check above checked nothing";
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("SELECT outstanding_minor FROM loan_state s JOIN loans l ON l.id = s.loan "
                             "WHERE l.ref = 'L1'")
                  .getInt64(),
              110000);
  }
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  // Recovering the rest closes the loan: it leaves the book; a later repayment is refused.
  r = run_gfund({"recover", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "RC2", "--date", "2024-09-01",
                 "--amount", "1,100.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(book_loan(ledger::read_ledger_book(db, d("2024-09-30")), "L1"), nullptr);
  auto before = ledger_fingerprint(db);
  r = run_gfund({"repay", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "R9", "--date", "2024-09-15",
                 "--amount", "10.00"});
  expect_refused(r, 65, "repayment after the loan was closed on 2024-09-01", before);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

// --- 3. staged payout: payout_at_claim now, the rest by claim-settle ---------

class Staged : public Gaps {
 protected:
  void SetUp() override {
    Gaps::SetUp();
    // 50% pari passu, uncapped, 75% of the fund's share paid at claim. A loss
    // of 1,000.12 gives a share of 500.06 and 375.045 at claim: rounded once,
    // half-even, to 375.04 (half-up would give 375.05); 125.02 stays due.
    auto r = import("agreements.csv",
                    "id,bank,currency,coverage,structure,claim_trigger_dpd,lock_in_months,payout_at_claim,"
                    "available_from,available_to\nWING-S,WING,USD,50%,pari_passu,90,0,75%,2024-01-01,2025-12-31\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = import("loans.csv", "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,agreement\n"
                            "WING,L7,B2,USD,\"1,000.12\",12%,12,2024-01-10,WING-S\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = import("disbursements.csv", "bank,loan,ref,date,amount\nWING,L7,D7,2024-01-10,\"1,000.12\"\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  nlohmann::json cap(const nlohmann::json& j, const std::string& agreement) {
    for (const auto& c : j["fund"]["caps"])
      if (c["agreement"] == agreement) return c;
    return {};
  }
};

TEST_F(Staged, ClaimPaysPayoutAtClaimAndOwesTheRestUntilSettled) {
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "C7", "--date", "2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the fund pays 500.06 USD; 375.04 USD paid now (75% at claim), 125.02 USD due when recovery "
                       "ends (gfund claim-settle)"),
            std::string::npos)
      << r.out;
  auto j = status("2024-06-30");
  EXPECT_EQ(j["fund"]["claims_paid"]["minor"], 37504);
  EXPECT_EQ(j["fund"]["claims_outstanding"]["minor"], 12502);
  EXPECT_EQ(j["fund"]["balance"]["minor"], 1'000'000 - 37504);
  EXPECT_EQ(cap(j, "WING-S")["claims_outstanding"]["minor"], 12502);
  EXPECT_EQ(j["claims"][0]["fund_paid"]["minor"], 37504);
  EXPECT_EQ(j["claims"][0]["fund_due"]["minor"], 12502);
  auto lb = ledger::read_ledger_book(db, d("2024-06-30"));
  EXPECT_EQ(lb.claims_paid_minor.at("WING-S"), 37504);
  EXPECT_EQ(lb.claims_due_minor.at("WING-S"), 12502);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);

  auto before = ledger_fingerprint(db);
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "S7", "--date", "2024-12-01",
                 "--amount", "125.03"});
  expect_refused(r, 65, "field 'amount': loan 'L7' of bank 'WING': claim settlement of 125.03 USD exceeds the claim "
                        "balance due (125.02 USD)",
                 before);
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "S1", "--date", "2024-12-01"});
  expect_refused(r, 65, "loan 'L1' of bank 'WING': claim settlement on a loan that was not claimed", before);
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "S7", "--date", "2024-12-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the fund pays 125.02 USD, 0.00 USD still due"), std::string::npos) << r.out;
  // Before the settlement date the balance was still due; after, it is paid.
  EXPECT_EQ(status("2024-11-30")["fund"]["claims_outstanding"]["minor"], 12502);
  j = status("2024-12-31");
  EXPECT_EQ(j["fund"]["claims_paid"]["minor"], 50006);
  EXPECT_EQ(j["fund"]["claims_outstanding"]["minor"], 0);
  EXPECT_EQ(j["fund"]["balance"]["minor"], 1'000'000 - 50006);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  // Re-running adds nothing; a second settlement has nothing to pay.
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "S7", "--date", "2024-12-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("added: nothing"), std::string::npos) << r.out;
  before = ledger_fingerprint(db);
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "S8", "--date", "2024-12-02"});
  expect_refused(r, 65, "no claim balance due: the claim was paid in full", before);
}

TEST_F(Staged, SettlementByImportRecoverySharedOnTheFullShareAndVerifyChecksTheDue) {
  ASSERT_EQ(run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "C7", "--date", "2024-06-01"})
                .exit_code,
            0);
  // Pari passu on the fund's full share (500.06 of 1,000.12): half of a 100.00 recovery.
  auto r = import("events.csv", "date,kind,ref,bank,loan,amount\n2024-08-01,recovery,RC7,WING,L7,100.00\n"
                                "2024-09-01,claim_settlement,S7,WING,L7,25.02\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = status("2024-12-31");
  EXPECT_EQ(j["fund"]["recoveries"]["minor"], 5000);
  EXPECT_EQ(j["fund"]["claims_paid"]["minor"], 37504 + 2502);
  EXPECT_EQ(j["fund"]["claims_outstanding"]["minor"], 10000);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE fund_state SET claims_due_minor = 1");
  }
  r = run_gfund({"verify", "--db", db});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("DIFFERENCE: fund claims outstanding (owed, unpaid) stored 1 but events give 10000"),
            std::string::npos)
      << r.out << r.err;
}

TEST_F(Staged, BalanceStillDueOnAClaimIsNotAvailableToLaterClaims) {
  // 500.00 left in the fund: L7's share (500.06) is limited to it; 375.00 paid, 125.00 due.
  ASSERT_EQ(import("events.csv", "date,kind,ref,amount\n2024-05-01,capital_out,OUT1,\"9,500.00\"\n").exit_code, 0);
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "C7", "--date", "2024-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the fund pays 500.00 USD (limited by fund balance); 375.00 USD paid now"), std::string::npos)
      << r.out;
  // The 125.00 in cash is owed to L7's claim: a new claim gets nothing from it.
  r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L1", "--ref", "C1", "--date", "2024-06-02"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the fund pays 0.00 USD (limited by fund balance)"), std::string::npos) << r.out;
  r = run_gfund({"claim-settle", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "S7", "--date", "2024-12-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = status("2024-12-31");
  EXPECT_EQ(j["fund"]["balance"]["minor"], 0);
  EXPECT_EQ(j["fund"]["claims_outstanding"]["minor"], 0);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

// --- 4. restructure verb; the Book carries the current terms -----------------

TEST_F(Gaps, RestructureVerbAndTheBookUsesTheNewTerms) {
  // L2: 600.00 flat at 15% over 6 months, nothing repaid.
  auto before_lb = ledger::read_ledger_book(db, d("2024-02-29"));
  ASSERT_NE(book_loan(before_lb, "L2"), nullptr);
  EXPECT_EQ(book_loan(before_lb, "L2")->annual_rate, parse_ratio("15%"));
  auto r = run_gfund({"restructure", "--db", db, "--bank", "WING", "--loan", "L2", "--date", "2024-03-01", "--rate",
                      "10%", "--months", "12", "--type", "equal_principal"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("added: 1 restructure"), std::string::npos) << r.out;
  auto lb = ledger::read_ledger_book(db, d("2024-03-31"));
  const BookLoan* l2 = book_loan(lb, "L2");
  ASSERT_NE(l2, nullptr);
  EXPECT_EQ(l2->annual_rate, parse_ratio("10%"));
  EXPECT_EQ(l2->schedule, ScheduleType::equal_principal);
  EXPECT_EQ(l2->remaining_months, 12);
  EXPECT_EQ(l2->outstanding_minor, 60000);
  // Before the restructure date the original terms still hold.
  EXPECT_EQ(book_loan(ledger::read_ledger_book(db, d("2024-02-29")), "L2")->schedule, ScheduleType::flat);
  // The snapshot file carries the same terms.
  r = run_gfund({"snapshot", "--db", db, "--as-of", "2024-03-31", "--out", dir.file("book.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto csv = read_file(dir.file("book.csv"));
  EXPECT_NE(csv.find("equal_principal"), std::string::npos) << csv;
  // Same reference and terms: nothing added. Same reference, other terms: named error, nothing written.
  r = run_gfund({"restructure", "--db", db, "--bank", "WING", "--loan", "L2", "--date", "2024-03-01", "--rate", "10%",
                 "--months", "12", "--type", "equal_principal"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("already stored (unchanged): 1 restructure"), std::string::npos) << r.out;
  auto before = ledger_fingerprint(db);
  r = run_gfund({"restructure", "--db", db, "--bank", "WING", "--loan", "L2", "--date", "2024-03-01", "--rate", "11%",
                 "--months", "12", "--type", "equal_principal"});
  expect_refused(r, 65,
                 "duplicate transaction reference 'restructure:L2:2024-03-01' of 'WING' with different content "
                 "(stored: restructure on 2024-03-01 for loan L2 to 10% for 12 months equal_principal; this row: "
                 "restructure on 2024-03-01 for loan L2 to 11% for 12 months equal_principal)",
                 before);
  // The same through an imported events file.
  r = import("events.csv", "date,kind,ref,bank,loan,annual_rate,term_months,schedule\n"
                           "2024-03-01,restructure,restructure:L2:2024-03-01,WING,L2,10%,24,equal_principal\n");
  expect_refused(r, 65, "events.csv:2: field 'ref': duplicate transaction reference", before);
  r = run_gfund({"restructure", "--db", db, "--bank", "WING", "--loan", "L2", "--date", "2024-04-01", "--rate", "10%",
                 "--months", "12", "--type", "weekly"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("weekly"), std::string::npos) << r.err;
  EXPECT_EQ(ledger_fingerprint(db), before);
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

// --- 5. read-only verbs on an older-schema file ------------------------------

TEST(OlderSchema, ReadOnlyVerbsReadThroughTheMigrationWithoutWriting) {
  TempDir dir;
  std::string db = dir.file("v2.db");
  ledger::create_ledger(db, "GF", "USD", 2);
  {
    // A version-2 ledger with capital and a bank, as a gfund of that version wrote it.
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO banks(id, name) VALUES ('WING', 'Wing Bank')");
    raw.exec("INSERT INTO events(kind, source, ref, loan, date, currency, amount_minor) "
             "VALUES ('capital_in', 'FUND', 'CAP1', NULL, '2024-01-01', 'USD', 1000000)");
    raw.exec("UPDATE fund_state SET balance_minor = 1000000");
  }
  const std::string bytes = read_file(db);
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-03-01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["fund"]["balance"]["minor"], 1000000);
  EXPECT_EQ(j["fund"]["claims_outstanding"]["minor"], 0);
  r = run_gfund({"verify", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = run_gfund({"snapshot", "--db", db, "--as-of", "2024-03-01", "--out", dir.file("book.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ledger::read_ledger_book(db, d("2024-03-01")).fund_balance_minor, 1000000);
  // Nothing was written: same bytes, still version 2.
  EXPECT_TRUE(read_file(db) == bytes);
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 2);
  }
  // A write moves the file forward.
  write_file(dir.file("events.csv"), "date,kind,ref,amount\n2024-02-01,capital_in,CAP2,100.00\n");
  r = run_gfund({"import", "--db", db, dir.file("events.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), ledger::kSchemaVersion);
    EXPECT_EQ(raw.execAndGet("SELECT balance_minor FROM fund_state").getInt64(), 1010000);
  }
  EXPECT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
}

// Idempotency compares typed fields and names the first that differs
// (issue 12): the same agreement id with another portfolio cap.
TEST_F(Gaps, AgreementWithOtherTermsNamesTheField) {
  const auto before = ledger_fingerprint(db);
  auto r = import("agreements.csv",
             "id,bank,currency,coverage,structure,per_loan_cap,portfolio_cap,claim_trigger_dpd,lock_in_months,"
             "available_from,available_to\n"
             "WING-A,WING,USD,50%,pari_passu,300.00,\"1,500.00\",90,0,2020-01-01,2025-12-31\n");
  expect_refused(r, 65, "agreement 'WING-A' exists with a different portfolio_cap: 1,000.00 USD stored vs 1,500.00 USD",
                 before);
  EXPECT_NE(r.err.find("field 'portfolio_cap'"), std::string::npos) << r.err;
  // The same terms again add nothing and are no error.
  r = import("agreements.csv",
             "id,bank,currency,coverage,structure,per_loan_cap,portfolio_cap,claim_trigger_dpd,lock_in_months,"
             "available_from,available_to\n"
             "WING-A,WING,USD,50%,pari_passu,300.00,\"1,000.00\",90,0,2020-01-01,2025-12-31\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// verify re-derives every stored claim with the writer's own decision
// (issue 12): a claim edited outside gfund, with the caches edited to match,
// is found from the terms and the loan's history alone.
TEST_F(Staged, VerifyRederivesStoredClaimsFromTheTerms) {
  ASSERT_EQ(run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L7", "--ref", "C7", "--date", "2024-06-01"})
                .exit_code,
            0);
  ASSERT_EQ(run_gfund({"verify", "--db", db}).exit_code, 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER events_no_update");
    // 100.00 more owed on the claim (600.06 > the 500.06 the terms allow),
    // and the caches moved with it, so only the claim itself is wrong.
    raw.exec("UPDATE events SET owed_minor = owed_minor + 10000 WHERE ref = 'C7'");
    raw.exec("UPDATE agreement_state SET claims_due_minor = claims_due_minor + 10000 WHERE agreement = 'WING-S'");
    raw.exec("UPDATE fund_state SET claims_due_minor = claims_due_minor + 10000");
  }
  auto r = run_gfund({"verify", "--db", db});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("claim of 2024-06-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the fund's share 60006 is above what the terms allow (50006)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("paid at claim 37504 but the staged payout of 60006 is 45004"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gfund::testing
