#include <gtest/gtest.h>

#include "models/entities.hpp"
#include "models/errors.hpp"
#include "models/decimal.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund {
namespace {

TEST(Entities, ValidatingConstructorsNameTheField) {
  EXPECT_NO_THROW(Bank(BankData{.id = "WING", .name = "Wing Bank"}));
  try {
    Borrower(BorrowerData{.id = "B1", .sector = "food", .province = "Kampot", .birth_year = 1890});
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().field, "birth_year");
  }
  LoanData d{.ref = "L1", .bank = "WING", .borrower = "B1", .principal = Money(usd(), 150000),
             .annual_rate = Ratio::percent(15), .term_months = 12, .disbursed = parse_date("2024-01-10")};
  Loan ok(d);
  EXPECT_EQ(format_date(ok.first_due_date()), "2024-02-10");
  EXPECT_FALSE(ok.above_rate_cap());
  d.annual_rate = Ratio::percent(24);
  EXPECT_TRUE(Loan(d).above_rate_cap());
  d.term_months = 0;
  try {
    Loan bad(d);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.site().field, "term_months");
  }
  d.term_months = 12;
  d.principal = Money(khr(), 150);  // not whole 100-riel notes
  EXPECT_THROW(Loan{d}, DataError);
  EXPECT_THROW(Bank(BankData{.id = "bad id with spaces"}), DataError);
}

TEST(Terms, ValidationAndEffectiveCap) {
  GuaranteeTermsData g;
  g.coverage = Ratio::percent(80);
  g.portfolio_cap = Money(usd(), 10'000'00);
  g.portfolio_cap_rate = Ratio::percent(10);
  GuaranteeTerms t(g);
  EXPECT_EQ(t.effective_portfolio_cap(Money(usd(), 50'000'00))->minor(), 5'000'00);    // rate binds
  EXPECT_EQ(t.effective_portfolio_cap(Money(usd(), 500'000'00))->minor(), 10'000'00);  // amount binds
  EXPECT_EQ(t.fee_rate(true).ppm, 10'000);
  g.fee_surcharge_informal = Ratio{5'000};
  EXPECT_EQ(GuaranteeTerms(g).fee_rate(true).ppm, 15'000);
  g.coverage = Ratio{0};
  EXPECT_THROW(GuaranteeTerms{g}, DataError);
  g.coverage = Ratio::percent(50);
  g.claim_trigger_dpd = 0;
  EXPECT_THROW(GuaranteeTerms{g}, DataError);
}

TEST(ClaimRules, CoverageThenCapsThenFundBalance) {
  auto s = split_claim(100'000, Ratio::percent(50), -1, -1, -1);
  EXPECT_EQ(s.fund_minor, 50'000);
  EXPECT_EQ(s.bank_minor, 50'000);
  s = split_claim(100'000, Ratio::percent(80), 60'000, -1, -1);
  EXPECT_EQ(s.fund_minor, 60'000);
  EXPECT_EQ(s.limit, ClaimLimit::per_loan_cap);
  s = split_claim(100'000, Ratio::percent(80), 60'000, 10'000, -1);
  EXPECT_EQ(s.fund_minor, 10'000);
  EXPECT_EQ(s.limit, ClaimLimit::portfolio_cap);
  s = split_claim(100'000, Ratio::percent(80), -1, -1, 7);
  EXPECT_EQ(s.fund_minor, 7);
  EXPECT_EQ(s.limit, ClaimLimit::fund_balance);
  EXPECT_EQ(s.fund_minor + s.bank_minor, 100'000);
  // half-even: 1 cent x 50% = 0.5 -> 0; 3 cents x 50% = 1.5 -> 2
  EXPECT_EQ(split_claim(1, Ratio::percent(50), -1, -1, -1).fund_minor, 0);
  EXPECT_EQ(split_claim(3, Ratio::percent(50), -1, -1, -1).fund_minor, 2);
}

TEST(ClaimRules, RecoveriesShareBackWithoutDrift) {
  // Pari passu, fund paid 60 of a 100 loss: each recovery 60% to the fund,
  // and three recoveries of 1 cent give exactly what one of 3 would.
  std::int64_t before = 0, to_fund = 0;
  for (int i = 0; i < 3; ++i) {
    to_fund += recovery_to_fund(Structure::pari_passu, 1, before, 60, 100);
    before += 1;
  }
  EXPECT_EQ(to_fund, recovery_to_fund(Structure::pari_passu, 3, 0, 60, 100));
  EXPECT_EQ(recovery_to_fund(Structure::pari_passu, 50, 0, 60, 100), 30);
  // First loss: fund paid 60 of 100; the bank's 40 is made whole first.
  EXPECT_EQ(recovery_to_fund(Structure::first_loss, 30, 0, 60, 100), 0);
  EXPECT_EQ(recovery_to_fund(Structure::first_loss, 30, 30, 60, 100), 20);
  // Never more than the fund paid.
  EXPECT_EQ(recovery_to_fund(Structure::first_loss, 1000, 0, 60, 100), 60);
}

// Staged payout and lock-in are the terms' own rules (one room): the ledger,
// the risk engine and sizing call these.
TEST(ClaimRules, PaidAtClaimRoundsOnceHalfEven) {
  GuaranteeTermsData d;
  d.payout_at_claim = Ratio::percent(70);
  const GuaranteeTerms t(d);
  EXPECT_EQ(t.paid_at_claim(100'000), 70'000);
  EXPECT_EQ(t.paid_at_claim(5), 4);   // 3.5 -> 4 (even)
  EXPECT_EQ(t.paid_at_claim(15), 10); // 10.5 -> 10 (even)
  EXPECT_EQ(t.paid_at_claim(0), 0);
  // Equal to the exact decimal product rounded half-even, for many amounts.
  for (std::int64_t owed = 0; owed < 5000; owed += 7)
    EXPECT_EQ(t.paid_at_claim(owed), round_to_int(Decimal(owed) * d.payout_at_claim.to_decimal())) << owed;
}

TEST(ClaimRules, LockInOnTheDayGridAndTheMonthGrid) {
  GuaranteeTermsData d;
  d.available_from = parse_date("2024-01-15");
  d.lock_in_months = 6;
  const GuaranteeTerms t(d);
  EXPECT_EQ(t.claims_open_from(), parse_date("2024-07-15"));
  EXPECT_EQ(t.first_claim_month(parse_date("2024-08-31")), 1);  // lock-in over by as_of
  EXPECT_EQ(t.first_claim_month(parse_date("2024-07-15")), 1);
  EXPECT_EQ(t.first_claim_month(parse_date("2024-03-31")), 4);  // 2024-07-15 falls in month 4
  // Open on a month's last day: that month's claims, dated then, are the ledger's too.
  GuaranteeTermsData eom = d;
  eom.available_from = parse_date("2024-01-31");
  const GuaranteeTerms te(eom);
  EXPECT_EQ(te.claims_open_from(), parse_date("2024-07-31"));
  EXPECT_EQ(te.first_claim_month(parse_date("2024-03-31")), 4);
  EXPECT_EQ(claim_date(parse_date("2024-03-31"), 4), parse_date("2024-07-31"));
  EXPECT_EQ(te.first_claim_month(parse_date("2024-04-30")), 3);
  GuaranteeTermsData none = d;
  none.lock_in_months = 0;
  EXPECT_EQ(GuaranteeTerms(none).first_claim_month(parse_date("2023-01-31")), 1);
  EXPECT_EQ(GuaranteeTerms(GuaranteeTermsData{}).claims_open_from(), std::nullopt);
}

// The int64 form the hot loop uses is the same code as the reference.
TEST(ClaimRules, Int64FormEqualsTheReference) {
  for (std::int64_t loss : {0, 1, 3, 999, 100'001, 123'456'789})
    for (int pct : {1, 33, 50, 80, 100})
      for (std::int64_t cap : {-1, 0, 50, 100'000}) {
        const auto ref = split_claim(loss, Ratio::percent(pct), cap, cap == 0 ? -1 : cap / 2, -1);
        const auto fast = split_claim_in<std::int64_t>(loss, Ratio::percent(pct), cap, cap == 0 ? -1 : cap / 2, -1);
        EXPECT_EQ(ref.fund_minor, fast.fund_minor);
        EXPECT_EQ(ref.limit, fast.limit);
        for (auto s : {Structure::pari_passu, Structure::first_loss})
          EXPECT_EQ(recovery_to_fund(s, loss / 3, loss / 7, ref.fund_minor, loss),
                    recovery_to_fund_in<std::int64_t>(s, loss / 3, loss / 7, ref.fund_minor, loss));
      }
}

}  // namespace
}  // namespace gfund
