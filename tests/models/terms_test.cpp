#include <gtest/gtest.h>

#include "models/entities.hpp"
#include "models/errors.hpp"
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

}  // namespace
}  // namespace gfund
