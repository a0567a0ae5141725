// The pure as-of rules: allocation order, DPD, default date, closure,
// restructure, claims and recoveries, aging buckets; and the one-pass series
// agrees with one replay per date.
#include <gtest/gtest.h>

#include "engine/portfolio/loan_position.hpp"

namespace gfund {
namespace {

Date d(const char* s) { return parse_date(s); }

// 300.00 over 3 months: 100 principal + 3 interest each, due the 10th.
std::vector<Due> three() {
  return {{d("2024-02-10"), 10000, 300}, {d("2024-03-10"), 10000, 200}, {d("2024-04-10"), 10000, 100}};
}
LoanEvent ev(LoanEventKind k, const char* date, std::int64_t amount, std::int64_t fund = 0) {
  return LoanEvent{.kind = k, .date = d(date), .amount_minor = amount, .fund_minor = fund};
}
constexpr auto kDisb = LoanEventKind::disbursement;
constexpr auto kPay = LoanEventKind::repayment;

TEST(LoanPosition, RepaymentPaysChargesThenInterestThenPrincipal) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(LoanEventKind::penalty, "2024-02-20", 500),
                           ev(kPay, "2024-02-20", 700)};
  auto p = replay_loan(30000, three(), e, d("2024-02-20"));
  EXPECT_EQ(p.charges_paid_minor, 500);
  EXPECT_EQ(p.interest_paid_minor, 200);  // of the 300 due
  EXPECT_EQ(p.principal_paid_minor, 0);
  EXPECT_EQ(p.days_past_due, 10);
  e.push_back(ev(kPay, "2024-02-21", 10100));  // 100 interest, then 100.00 principal
  p = replay_loan(30000, three(), e, d("2024-02-21"));
  EXPECT_EQ(p.interest_paid_minor, 300);
  EXPECT_EQ(p.principal_paid_minor, 10000);
  EXPECT_EQ(p.outstanding_minor(), 20000);
  EXPECT_EQ(p.days_past_due, 0);
}

TEST(LoanPosition, DaysPastDueCountFromTheOldestUnpaidInstallment) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-02-10", 10300)};
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-03-10")).days_past_due, 0);   // due today, not yet late
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-03-11")).days_past_due, 1);
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-04-30")).days_past_due, 51);
  EXPECT_EQ(aging_bucket(51), AgingBucket::dpd_31_60);
  auto p = replay_loan(30000, three(), e, d("2024-06-08"));
  EXPECT_EQ(p.days_past_due, 90);
  EXPECT_EQ(p.default_date, d("2024-06-08"));  // 90 days after 2024-03-10
  EXPECT_FALSE(replay_loan(30000, three(), e, d("2024-06-07")).default_date.has_value());
}

TEST(LoanPosition, FullRepaymentClosesAndLaterPaymentsAreRefused) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-01-20", 30000)};  // prepay all
  auto p = replay_loan(30000, three(), e, d("2024-12-31"));
  EXPECT_EQ(p.closed_date, d("2024-01-20"));
  EXPECT_EQ(p.days_past_due, 0);
  EXPECT_EQ(p.remaining_months, 0);
  e.push_back(ev(kPay, "2024-02-10", 100));
  try {
    replay_loan(30000, three(), e, d("2024-12-31"));
    FAIL();
  } catch (const LoanEventError& err) {
    EXPECT_EQ(err.index(), 2u);
    EXPECT_EQ(err.rule(), "repayment after the loan was closed on 2024-01-20");
  }
}

TEST(LoanPosition, OverpaymentBeforeDisbursementAndExcessTranchesRefused) {
  std::vector<LoanEvent> over{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-02-10", 30301)};
  EXPECT_THROW(replay_loan(30000, three(), over, d("2024-12-31")), LoanEventError);
  std::vector<LoanEvent> exact{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-02-10", 30300)};  // 3.00 due + 300.00
  EXPECT_EQ(replay_loan(30000, three(), exact, d("2024-12-31")).closed_date, d("2024-02-10"));
  std::vector<LoanEvent> early{ev(kPay, "2024-01-05", 100), ev(kDisb, "2024-01-10", 30000)};
  EXPECT_THROW(replay_loan(30000, three(), early, d("2024-12-31")), LoanEventError);
  std::vector<LoanEvent> tranches{ev(kDisb, "2024-01-10", 20000), ev(kDisb, "2024-01-20", 10001)};
  EXPECT_THROW(replay_loan(30000, three(), tranches, d("2024-12-31")), LoanEventError);
}

TEST(LoanPosition, RestructureReplacesTheScheduleFromItsDate) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000)};
  LoanEvent r = ev(LoanEventKind::restructure, "2024-03-20", 0);
  r.new_schedule = {{d("2024-04-20"), 15000, 100}, {d("2024-05-20"), 15000, 50}};
  e.push_back(r);
  auto p = replay_loan(30000, three(), e, d("2024-04-01"));
  EXPECT_EQ(p.days_past_due, 0);  // the arrears of the old schedule are gone
  EXPECT_EQ(p.remaining_months, 2);
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-03-19")).days_past_due, 38);
  e.push_back(ev(kPay, "2024-04-20", 15100));
  e.push_back(ev(kPay, "2024-05-20", 15050));
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-12-31")).closed_date, d("2024-05-20"));
}

TEST(LoanPosition, ClaimNeedsTheTriggerAndRecoveriesStayWithinTheLoss) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(LoanEventKind::claim, "2024-04-30", 30000, 15000)};
  EXPECT_THROW(replay_loan(30000, three(), e, d("2024-12-31")), LoanEventError);  // 80 DPD < 90
  e[1].date = d("2024-05-10");  // 90 DPD
  auto p = replay_loan(30000, three(), e, d("2024-12-31"));
  EXPECT_TRUE(p.claimed);
  EXPECT_EQ(p.claim_fund_minor, 15000);
  EXPECT_EQ(p.default_date, d("2024-05-10"));
  e.push_back(ev(LoanEventKind::recovery, "2024-07-01", 20000, 10000));
  e.push_back(ev(LoanEventKind::recovery, "2024-08-01", 10001, 5000));
  try {
    replay_loan(30000, three(), e, d("2024-12-31"));
    FAIL();
  } catch (const LoanEventError& err) {
    EXPECT_EQ(err.index(), 3u);
    EXPECT_EQ(err.field(), "amount");
  }
}

TEST(LoanPosition, WriteOffClosesButAcceptsRecoveries) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(LoanEventKind::write_off, "2024-09-01", 0),
                           ev(LoanEventKind::recovery, "2024-10-01", 5000)};
  auto p = replay_loan(30000, three(), e, d("2024-12-31"));
  EXPECT_TRUE(p.written_off);
  EXPECT_EQ(p.written_off_minor, 30000);
  EXPECT_EQ(p.outstanding_minor(), 0);
  EXPECT_EQ(p.recovered_minor, 5000);
  EXPECT_EQ(p.default_date, d("2024-05-10"));  // 90 DPD came before the write-off
}

TEST(LoanPosition, SeriesEqualsOneReplayPerDate) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-02-12", 10300),
                           ev(LoanEventKind::penalty, "2024-04-01", 200), ev(kPay, "2024-04-02", 5000)};
  std::vector<Date> dates{d("2024-01-31"), d("2024-02-29"), d("2024-03-31"), d("2024-04-30"), d("2024-09-30")};
  auto series = replay_loan_series(30000, three(), e, dates);
  ASSERT_EQ(series.size(), dates.size());
  for (std::size_t i = 0; i < dates.size(); ++i) {
    auto one = replay_loan(30000, three(), e, dates[i]);
    EXPECT_EQ(series[i].outstanding_minor(), one.outstanding_minor()) << i;
    EXPECT_EQ(series[i].days_past_due, one.days_past_due) << i;
    EXPECT_EQ(series[i].default_date, one.default_date) << i;
    EXPECT_EQ(series[i].charges_due_minor, one.charges_due_minor) << i;
    EXPECT_EQ(series[i].overdue_minor, one.overdue_minor) << i;
  }
}

// The amount overdue the arrears list shows: what is past due and unpaid,
// counted the way days past due count (oldest installment first).
TEST(LoanPosition, OverdueIsInstallmentsPastDueLessPaymentsPlusCharges) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000), ev(kPay, "2024-02-10", 5000)};
  // 2024-02-10: due today and part paid: not overdue yet (DPD 0 too).
  auto p = replay_loan(30000, three(), e, d("2024-02-10"));
  EXPECT_EQ(p.days_past_due, 0);
  EXPECT_EQ(p.overdue_minor, 0);
  // The next day: the first installment 103.00 less the 50.00 paid.
  p = replay_loan(30000, three(), e, d("2024-02-11"));
  EXPECT_EQ(p.days_past_due, 1);
  EXPECT_EQ(p.overdue_minor, 10300 - 5000);
  // After the second due date: 103.00 + 102.00 - 50.00, and a 5.00 penalty on top.
  e.push_back(ev(LoanEventKind::penalty, "2024-03-15", 500));
  p = replay_loan(30000, three(), e, d("2024-03-20"));
  EXPECT_EQ(p.overdue_minor, 10300 + 10200 - 5000 + 500);
  EXPECT_EQ(p.days_past_due, 39);
  // Paid up to date: nothing overdue, though principal is still outstanding.
  e.push_back(ev(kPay, "2024-03-20", 10300 + 10200 - 5000 + 500));
  p = replay_loan(30000, three(), e, d("2024-03-21"));
  EXPECT_EQ(p.overdue_minor, 0);
  EXPECT_EQ(p.days_past_due, 0);
  EXPECT_GT(p.outstanding_minor(), 0);
  // Written off: closed, nothing overdue any more.
  e.push_back(ev(LoanEventKind::write_off, "2024-09-01", 0));
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-09-30")).overdue_minor, 0);
}

TEST(LoanPosition, OverdueCountsAgainstTheRestructuredScheduleOnly) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000)};
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-03-19")).overdue_minor, 10300 + 10200);
  LoanEvent r = ev(LoanEventKind::restructure, "2024-03-20", 0);
  r.new_schedule = {{d("2024-04-20"), 15000, 100}, {d("2024-05-20"), 15000, 50}};
  e.push_back(r);
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-04-01")).overdue_minor, 0);
  EXPECT_EQ(replay_loan(30000, three(), e, d("2024-04-21")).overdue_minor, 15100);
}

TEST(LoanPosition, AtRiskIsTheOutstandingOfLiveLoansPastTheThreshold) {
  std::vector<LoanEvent> e{ev(kDisb, "2024-01-10", 30000)};
  const auto at_31 = replay_loan(30000, three(), e, d("2024-03-12"));  // 31 DPD
  EXPECT_EQ(at_31.days_past_due, 31);
  EXPECT_EQ(at_risk_minor(at_31, kPar30Dpd), 30000);
  EXPECT_EQ(at_risk_minor(at_31, kPar90Dpd), 0);
  const auto at_30 = replay_loan(30000, three(), e, d("2024-03-11"));  // 30 DPD: not over 30
  EXPECT_EQ(at_risk_minor(at_30, kPar30Dpd), 0);
  e.push_back(ev(LoanEventKind::write_off, "2024-09-01", 0));
  EXPECT_EQ(at_risk_minor(replay_loan(30000, three(), e, d("2024-09-30")), kPar30Dpd), 0);  // closed
}

TEST(AgingBucket, Boundaries) {
  EXPECT_EQ(aging_bucket(0), AgingBucket::current);
  EXPECT_EQ(aging_bucket(1), AgingBucket::dpd_1_30);
  EXPECT_EQ(aging_bucket(30), AgingBucket::dpd_1_30);
  EXPECT_EQ(aging_bucket(31), AgingBucket::dpd_31_60);
  EXPECT_EQ(aging_bucket(90), AgingBucket::dpd_61_90);
  EXPECT_EQ(aging_bucket(91), AgingBucket::dpd_91_180);
  EXPECT_EQ(aging_bucket(181), AgingBucket::dpd_over_180);
  EXPECT_EQ(to_string(AgingBucket::dpd_over_180), "180+");
}

}  // namespace
}  // namespace gfund
