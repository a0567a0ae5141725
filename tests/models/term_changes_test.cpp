// Proposed terms typed as name=value (termsheet --terms, serve's /api/quote):
// every change lands on the right field, and each bad value is refused with
// the name as typed and the rule.
#include <gtest/gtest.h>

#include "models/errors.hpp"
#include "models/term_changes.hpp"

namespace gfund {
namespace {

GuaranteeTerms current_terms() {
  return GuaranteeTerms(GuaranteeTermsData{.coverage = Ratio::percent(50),
                                           .per_loan_cap = Money(usd(), 250000),
                                           .portfolio_cap = Money(usd(), 4000000)});
}

std::string refused_field(const TermChanges& changes, std::string* rule = nullptr) {
  try {
    with_term_changes(current_terms(), changes, usd());
  } catch (const DataError& e) {
    if (rule) *rule = e.rule();
    return e.site().field;
  }
  return "(accepted)";
}

TEST(TermChanges, EachNamedTermChangesItsField) {
  const auto t = with_term_changes(current_terms(),
                                   parse_term_changes("coverage=0.6,structure=first_loss,per_loan_cap=1,200.50,"
                                                      "portfolio_cap_rate=15%,fee=0.012,lock_in_months=6,payout_at_claim=0.8"),
                                   usd());
  EXPECT_EQ(t.coverage, Ratio::percent(60));
  EXPECT_EQ(t.structure, Structure::first_loss);
  ASSERT_TRUE(t.per_loan_cap);
  EXPECT_EQ(t.per_loan_cap->minor(), 120050);
  EXPECT_FALSE(t.portfolio_cap);  // one portfolio cap at a time: the rate replaced the amount
  EXPECT_EQ(t.portfolio_cap_rate, Ratio::percent(15));
  EXPECT_EQ(t.annual_fee, Ratio::from_ppm(12'000));
  EXPECT_EQ(t.lock_in_months, 6);
  EXPECT_EQ(t.payout_at_claim, Ratio::percent(80));
  const auto lifted = with_term_changes(current_terms(), {{"per_loan_cap", "none"}, {"portfolio_cap", "none"}}, usd());
  EXPECT_FALSE(lifted.per_loan_cap);
  EXPECT_FALSE(lifted.portfolio_cap);
  EXPECT_EQ(with_term_changes(current_terms(), {}, usd()).coverage, Ratio::percent(50));
}

TEST(TermChanges, BadValuesNameTheTermAndTheRule) {
  std::string rule;
  EXPECT_EQ(refused_field({{"coverage", "1.7"}}, &rule), "coverage");
  EXPECT_EQ(rule, "must be in (0, 100%]");
  EXPECT_EQ(refused_field({{"fee", "0.5"}}, &rule), "fee");  // annual_fee, as typed
  EXPECT_NE(rule.find("must be in 0..20%"), std::string::npos) << rule;
  EXPECT_EQ(refused_field({{"coverage", "lots"}}), "coverage");
  EXPECT_EQ(refused_field({{"structure", "senior"}}), "structure");
  EXPECT_EQ(refused_field({{"lock_in_months", "6.5"}}), "lock_in_months");
  EXPECT_EQ(refused_field({{"lock_in_months", "61"}}), "lock_in_months");
  EXPECT_EQ(refused_field({{"per_loan_cap", "-5"}}), "per_loan_cap");
  EXPECT_EQ(refused_field({{"per_loan_cap", "100 KHR"}}), "per_loan_cap");  // not the agreement's currency
  EXPECT_EQ(refused_field({{"claim_trigger_dpd", "60"}}, &rule), "claim_trigger_dpd");
  EXPECT_NE(rule.find("unknown term"), std::string::npos);
  EXPECT_THROW(parse_term_changes("coverage"), DataError);
  EXPECT_THROW(parse_term_changes("=0.5"), DataError);
  EXPECT_EQ(parse_term_changes("").size(), 0u);
}

}  // namespace
}  // namespace gfund
