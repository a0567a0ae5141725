// The fund account complete (issue 16): available capital, claims owed,
// fees receivable per agreement, remaining cap and maximum liability, from
// read_status on a small ledger built here. Figures are worked by hand in the
// comments, in minor units (USD cents).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/ledger/provisioning.hpp"
#include "engine/ledger/status.hpp"
#include "models/errors.hpp"
#include "ledger/ledger_test_support.hpp"

namespace gfund::testing {
namespace {

// The mini ledger (WING-A: 50%, per-loan cap 300.00, portfolio cap 1,000.00,
// fee 1% a year; L1 1,200.00 and L2 600.00, nothing repaid; capital
// 10,000.00) plus WING-S: 50% pari passu, portfolio cap 800.00, 50% paid at
// claim, fee 1.2% a year; L5 1,000.00 and L6 800.00 flat 6 months from
// 2024-01-10, nothing repaid; WING pays a 10.00 fee on 2024-04-10; L5 is
// claimed on 2024-06-01 (112 DPD): share 500.00, 250.00 paid, 250.00 owed.
class FundAccountLedger : public ::testing::Test {
 protected:
  void SetUp() override {
    db = make_mini_ledger(dir);
    std::filesystem::create_directories(dir.file("s"));
    import("s/agreements.csv",
           "id,bank,currency,coverage,structure,portfolio_cap,claim_trigger_dpd,lock_in_months,payout_at_claim,"
           "annual_fee,available_from,available_to\nWING-S,WING,USD,50%,pari_passu,800.00,90,0,50%,1.2%,2024-01-01,"
           "2025-12-31\n");
    import("s/loans.csv", "bank,loan,borrower,currency,principal,annual_rate,term_months,disbursed,schedule,agreement\n"
                          "WING,L5,B2,USD,\"1,000.00\",12%,6,2024-01-10,flat,WING-S\n"
                          "WING,L6,B2,USD,800.00,12%,6,2024-01-10,flat,WING-S\n");
    import("s/disbursements.csv",
           "bank,loan,ref,date,amount\nWING,L5,D5,2024-01-10,\"1,000.00\"\nWING,L6,D6,2024-01-10,800.00\n");
    import("s/events.csv", "date,kind,ref,bank,loan,amount\n2024-04-10,guarantee_fee,FEE1,WING,,10.00\n"
                           "2024-06-01,claim,C5,WING,L5,\n");
  }
  void import(const std::string& name, const std::string& text) {
    write_file(dir.file(name), text);
    auto r = run_gfund({"import", "--db", db, dir.file(name)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const ledger::CapUse& cap(const ledger::LedgerStatus& s, const std::string& id) {
    for (const auto& c : s.fund.caps)
      if (c.agreement == id) return c;
    ADD_FAILURE() << "no agreement " << id;
    return s.fund.caps.front();
  }
  TempDir dir;
  std::string db;
};

TEST_F(FundAccountLedger, AvailableCapitalIsTheBalanceLessClaimsOwed) {
  const auto s = ledger::read_status(db, d("2024-06-30"));
  // 10,000.00 + 10.00 fee - 250.00 paid at claim.
  EXPECT_EQ(s.fund.balance_minor, 976000);
  EXPECT_EQ(s.fund.claims_due_minor, 25000);
  EXPECT_EQ(s.fund.available_capital_minor, 951000);
  // Before the claim nothing is owed: available = balance.
  const auto may = ledger::read_status(db, d("2024-05-31"));
  EXPECT_EQ(may.fund.claims_due_minor, 0);
  EXPECT_EQ(may.fund.available_capital_minor, may.fund.balance_minor);
}

TEST_F(FundAccountLedger, FeesReceivablePerAgreementSplitTheBanksPaymentProRata) {
  const auto s = ledger::read_status(db, d("2024-06-30"));
  // WING-A: (L1 1,200 + L2 600) x 6 month ends x 1% / 12 = 9.00.
  // WING-S: (L5 1,000 x 5 month ends before its claim + L6 800 x 6) x 1.2% / 12 = 9.80.
  EXPECT_EQ(cap(s, "WING-A").fees_accrued_minor, 900);
  EXPECT_EQ(cap(s, "WING-S").fees_accrued_minor, 980);
  // WING's 10.00 split 900 : 980: 478.72 -> 479 (largest remainder), 521.28 -> 521.
  EXPECT_EQ(cap(s, "WING-A").fees_received_minor, 479);
  EXPECT_EQ(cap(s, "WING-S").fees_received_minor, 521);
  EXPECT_EQ(cap(s, "WING-A").fees_receivable_minor(), 421);
  EXPECT_EQ(cap(s, "WING-S").fees_receivable_minor(), 459);
  EXPECT_EQ(s.fund.fees_receivable_minor(), 1880 - 1000);
  // Before the fee was paid, everything earned is receivable.
  const auto march = ledger::read_status(db, d("2024-03-31"));
  EXPECT_EQ(march.fund.fees_in_minor, 0);
  EXPECT_EQ(cap(march, "WING-S").fees_received_minor, 0);
  EXPECT_EQ(cap(march, "WING-S").fees_receivable_minor(), cap(march, "WING-S").fees_accrued_minor);
}

TEST_F(FundAccountLedger, MaximumLiabilityIsExposureCappedByTheRemainingCap) {
  const auto s = ledger::read_status(db, d("2024-06-30"));
  const auto& a = cap(s, "WING-A");
  // L1 min(600, per-loan 300) + L2 300; nothing claimed: the whole 1,000.00 cap is left.
  EXPECT_EQ(a.guaranteed_exposure_minor, 60000);
  ASSERT_TRUE(a.remaining_cap_minor);
  EXPECT_EQ(*a.remaining_cap_minor, 100000);
  EXPECT_EQ(a.max_liability_minor, 60000);
  EXPECT_FALSE(a.exposure_over_cap());
  const auto& w = cap(s, "WING-S");
  // Cap 800.00 less the claim's full share 500.00 (250.00 paid + 250.00 owed),
  // not less the 250.00 paid only. L6 exposure 400.00 is above it.
  ASSERT_TRUE(w.remaining_cap_minor);
  EXPECT_EQ(*w.remaining_cap_minor, 30000);
  EXPECT_EQ(w.guaranteed_exposure_minor, 40000);
  EXPECT_EQ(w.max_liability_minor, 30000);
  EXPECT_TRUE(w.exposure_over_cap());
  EXPECT_EQ(s.fund.max_liability_minor, 90000);
  // Before the claim WING-S had its whole cap and two loans: 900.00 exposure, 800.00 liability.
  const auto may = ledger::read_status(db, d("2024-05-31"));
  EXPECT_EQ(cap(may, "WING-S").guaranteed_exposure_minor, 90000);
  EXPECT_EQ(cap(may, "WING-S").max_liability_minor, 80000);
}

TEST_F(FundAccountLedger, StatusJsonAndTextCarryTheNewFigures) {
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["fund"]["available_capital"]["minor"], 951000);
  EXPECT_EQ(j["fund"]["fees_receivable"]["minor"], 880);
  EXPECT_EQ(j["fund"]["max_liability"]["minor"], 90000);
  bool seen = false;
  for (const auto& c : j["fund"]["caps"])
    if (c["agreement"] == "WING-S") {
      seen = true;
      EXPECT_EQ(c["remaining_cap"]["minor"], 30000);
      EXPECT_EQ(c["max_liability"]["minor"], 30000);
      EXPECT_EQ(c["fees_receivable"]["minor"], 459);
      EXPECT_TRUE(c["exposure_over_cap"].get<bool>());
    }
  EXPECT_TRUE(seen);
  r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("available capital (balance - claims outstanding)             9,510.00 USD"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("EXPOSURE ABOVE REMAINING CAP"), std::string::npos) << r.out;
}

TEST_F(FundAccountLedger, PipelineListsClaimableLoansWithWhatTheClaimRuleWouldOwe) {
  // 2024-04-30: L1 80 days past due, the others fewer: below the 90-day trigger, nothing claimable.
  EXPECT_TRUE(ledger::read_status(db, d("2024-04-30")).pipeline.loans.empty());
  // 2024-05-31, before L5's claim: all four past the trigger. WING-A: L1 and L2 at the
  // per-loan cap 300.00; WING-S: L5 500.00 (half of 1,000.00), then L6 only the 300.00
  // left of the 800.00 cap (not its 400.00 share): claimed one after another.
  const auto may = ledger::read_status(db, d("2024-05-31")).pipeline;
  ASSERT_EQ(may.loans.size(), 4u);
  EXPECT_EQ(may.loans[0].loan, "L1");
  EXPECT_EQ(may.loans[0].days_past_due, 111);  // first installment 2024-02-10 unpaid
  EXPECT_EQ(may.loans[0].outstanding_minor, 120000);
  EXPECT_EQ(may.loans[0].fund_would_owe_minor, 30000);
  EXPECT_EQ(may.loans[0].limit, ClaimLimit::per_loan_cap);
  EXPECT_EQ(may.loans[2].loan, "L5");
  EXPECT_EQ(may.loans[2].fund_would_owe_minor, 50000);
  EXPECT_EQ(may.loans[3].loan, "L6");
  EXPECT_EQ(may.loans[3].fund_would_owe_minor, 30000);
  EXPECT_EQ(may.loans[3].limit, ClaimLimit::portfolio_cap);
  EXPECT_EQ(may.fund_would_owe_minor, 140000);
  // 2024-06-30: L5 was claimed and leaves the pipeline; L6 meets the 300.00 left after it.
  const auto june = ledger::read_status(db, d("2024-06-30")).pipeline;
  ASSERT_EQ(june.loans.size(), 3u);
  for (const auto& p : june.loans) EXPECT_NE(p.loan, "L5");
  EXPECT_EQ(june.fund_would_owe_minor, 90000);
}

TEST_F(FundAccountLedger, PipelineAmountIsWhatAClaimThatDayRecords) {
  const auto before = ledger::read_status(db, d("2024-06-30"));
  ASSERT_EQ(before.pipeline.loans.back().loan, "L6");
  const std::int64_t predicted = before.pipeline.loans.back().fund_would_owe_minor;
  auto r = run_gfund({"claim", "--db", db, "--bank", "WING", "--loan", "L6", "--ref", "C6", "--date", "2024-06-30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto after = ledger::read_status(db, d("2024-06-30"));
  ASSERT_EQ(after.claims.size(), 2u);
  EXPECT_EQ(after.claims.back().loan, "L6");
  EXPECT_EQ(after.claims.back().fund_paid_minor + after.claims.back().fund_due_minor, predicted);
  EXPECT_EQ(after.pipeline.loans.size(), 2u);
}

TEST_F(FundAccountLedger, StatusJsonListsThePipeline) {
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["claims_pipeline"]["fund_would_owe"]["minor"], 90000);
  ASSERT_EQ(j["claims_pipeline"]["loans"].size(), 3u);
  EXPECT_EQ(j["claims_pipeline"]["loans"][2]["loan"], "L6");
  EXPECT_EQ(j["claims_pipeline"]["loans"][2]["days_past_due"], 141);
  EXPECT_EQ(j["claims_pipeline"]["loans"][2]["limited_by"], "portfolio cap");
}

TEST_F(FundAccountLedger, ProvisionIsExposureByBucketTimesItsRatePlusClaimsOwed) {
  // 2024-03-31: L1 and L5/L6 50 days past due, L2 45: all in 31-60, exposure
  // 300.00 + 300.00 + 500.00 + 400.00 = 1,500.00 x 25% = 375.00; nothing owed yet.
  const auto march = ledger::read_status(db, d("2024-03-31")).provisioning;
  EXPECT_EQ(march.exposure_minor[2], 150000);
  EXPECT_EQ(march.provision_minor[2], 37500);
  EXPECT_EQ(march.claims_owed_minor, 0);
  EXPECT_EQ(march.total_minor(), 37500);
  // 2024-06-30: L1, L2, L6 in 91-180 (1,000.00 x 75%) + claims owed 250.00 at 100%.
  const auto june = ledger::read_status(db, d("2024-06-30"));
  EXPECT_EQ(june.provisioning.exposure_minor[4], 100000);
  EXPECT_EQ(june.provisioning.provision_minor[4], 75000);
  EXPECT_EQ(june.provisioning.claims_owed_minor, 25000);
  EXPECT_EQ(june.provisioning.total_minor(), 100000);
  std::int64_t exposure = 0;
  for (auto e : june.provisioning.exposure_minor) exposure += e;
  EXPECT_EQ(exposure, june.fund.guaranteed_exposure_minor);  // every guaranteed loan in one bucket
  // Other rates: 40.5% on 91-180 gives 405.00 + 250.00.
  const auto other = ledger::read_status(db, d("2024-06-30"),
                                         ledger::parse_provision_rates("0,0,0,0,40.5,100", "--provision-rates"));
  EXPECT_EQ(other.provisioning.provision_minor[4], 40500);
  EXPECT_EQ(other.provisioning.total_minor(), 65500);
}

TEST(ProvisionRates, DefaultsParseAndRoundHalfEvenPerBucket) {
  const auto def = ledger::default_provision_rates();
  EXPECT_EQ(ledger::parse_provision_rates("1,10,25,50,75,100", "--provision-rates").rate, def.rate);
  EXPECT_EQ(ledger::parse_provision_rates(" 1%, 10%,25,50,75,100% ", "x").rate, def.rate);
  const auto half = ledger::parse_provision_rates("50,50,50,50,50,50", "x");
  // 0.5 cent -> 0 and 1.5 cents -> 2 (half-even), once per bucket.
  const auto p = ledger::provisioning({1, 3, 0, 0, 0, 0}, 7, half);
  EXPECT_EQ(p.provision_minor[0], 0);
  EXPECT_EQ(p.provision_minor[1], 2);
  EXPECT_EQ(p.total_minor(), 9);
}

TEST(ProvisionRates, BadRatesAreUsageErrorsNamingTheRule) {
  const auto refused = [](const char* text, const std::string& rule) {
    try {
      ledger::parse_provision_rates(text, "--provision-rates");
      ADD_FAILURE() << text << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.site().field, "--provision-rates");
      EXPECT_NE(e.rule().find(rule), std::string::npos) << e.rule();
    }
  };
  refused("1,10,25,50,75", "expected six percentages");
  refused("1,10,25,50,75,100,100", "got 7");
  refused("1,10,,50,75,100", "the rate for 31-60 days is empty");
  refused("1,10,abc,50,75,100", "'abc' for 31-60 days is not a percentage");
  refused("1,10,25,50,75,100.5", "the rate for 180+ days is 100.5%: a provision rate is between 0 and 100");
  refused("-1,10,25,50,75,100", "between 0 and 100");
  refused("1,10,25,20,75,100", "the rate for 61-90 days (20%) is below the rate for 31-60 days (25%)");
}

TEST_F(FundAccountLedger, StatusAndReportRefuseBadProvisionRatesWithExit64AndWriteNothing) {
  auto r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--provision-rates", "1,10,25,50,75"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("field '--provision-rates': expected six percentages"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  r = run_gfund({"report", "--db", db, "--as-of", "2024-06-30", "--format", "html", "--out", dir.file("d.html"),
                 "--provision-rates", "1,10,25,50,100,75"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("the rate for 180+ days (75%) is below the rate for 91-180 days (100%)"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("d.html")));
  // Good rates reach the status: 91-180 at 40% is 400.00 + 250.00 owed.
  r = run_gfund({"status", "--db", db, "--as-of", "2024-06-30", "--json", "--provision-rates", "0,0,0,0,40,100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["provisioning"]["total"]["minor"], 65000);
  EXPECT_EQ(j["provisioning"]["buckets"][4]["rate_ppm"], 400000);
  EXPECT_EQ(j["provisioning"]["buckets"][4]["provision"]["minor"], 40000);
}

TEST_F(FundAccountLedger, GeneralLedgerBalancesAndAgreesWithTheFundAccount) {
  const auto s = ledger::read_status(db, d("2024-06-30"));
  const auto& gl = s.general_ledger;
  // capital in, fee received, the claim, the fee accrual on as_of.
  ASSERT_EQ(gl.journal.size(), 4u);
  for (const auto& e : gl.journal) {
    std::int64_t dr = 0, cr = 0;
    for (const auto& l : e.lines) dr += l.debit_minor, cr += l.credit_minor;
    EXPECT_EQ(dr, cr) << e.memo;
  }
  const auto& claim = gl.journal[2];
  EXPECT_EQ(claim.memo, "claim (WING-S)");
  ASSERT_EQ(claim.lines.size(), 3u);  // expense 500.00 = cash 250.00 + payable 250.00
  EXPECT_EQ(claim.lines[0].debit_minor, 50000);
  EXPECT_EQ(claim.lines[1].credit_minor, 25000);
  EXPECT_EQ(claim.lines[2].credit_minor, 25000);
  std::int64_t total = 0;
  auto balance = [&](ledger::GlAccount a) { return gl.trial_balance[static_cast<std::size_t>(a)].balance_minor(); };
  for (const auto& r : gl.trial_balance) total += r.balance_minor();
  EXPECT_EQ(total, 0);
  EXPECT_EQ(balance(ledger::GlAccount::cash), s.fund.balance_minor);
  EXPECT_EQ(balance(ledger::GlAccount::claims_payable), -s.fund.claims_due_minor);
  EXPECT_EQ(balance(ledger::GlAccount::fees_receivable), s.fund.fees_receivable_minor());
  EXPECT_EQ(balance(ledger::GlAccount::fund_capital), -1'000'000);
  EXPECT_EQ(balance(ledger::GlAccount::claims_expense), 50000);
}

}  // namespace
}  // namespace gfund::testing
