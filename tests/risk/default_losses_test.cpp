// The engine's money at default is the ledger's: exposure is the loan's
// scheduled balance to the unit (models/schedule.hpp, as `gfund schedule`
// prints it, converted once by models/fx.hpp), and a loss is EAD x LGD
// rounded once, half-even.
#include <cmath>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "engine/risk/default_losses.hpp"
#include "models/fx.hpp"
#include "models/schedule.hpp"
#include "tests/risk/risk_test_books.hpp"

namespace gfund::risk {
namespace {

using testing::loan;
using testing::one_factor_model;

Book book_of(std::vector<BookLoan> loans) {
  Book b;
  b.as_of = testing::date(2024, 6, 30);
  b.loans = std::move(loans);
  return b;
}

// The position of book loan `i` in the prepared book.
std::uint32_t position_of(const PreparedBook& pb, std::uint32_t i) {
  for (std::uint32_t k = 0; k < pb.loan_book_index.size(); ++k)
    if (pb.loan_book_index[k] == i) return k;
  ADD_FAILURE() << "loan " << i << " not prepared";
  return 0;
}

TEST(DefaultLosses, ExposureIsTheScheduledBalanceToTheUnit) {
  // Equal principal 1,000.00 USD at 12% over 3 months: 333.34 is left after
  // two installments (the closed formula said 333.33).
  BookLoan l = loan("EP", "B", 100'000, 3, ScheduleType::equal_principal);
  l.annual_rate = Ratio::percent(12);
  const RiskModel m = one_factor_model(0.05, 0.1, 0.5);
  const PreparedBook pb = prepare_book(book_of({l}), {}, m, usd());
  const LoanRecord& r = pb.loans[0];
  ASSERT_EQ(r.trigger_months, 3);  // no agreement: the 90-day default trigger
  EXPECT_EQ(exposure_at_default(pb, r, 3 + 0), 100'000);
  EXPECT_EQ(exposure_at_default(pb, r, 3 + 1), 66'667);
  EXPECT_EQ(exposure_at_default(pb, r, 3 + 2), 33'334);
  EXPECT_EQ(exposure_at_default(pb, r, 3 + 3), 0);
}

TEST(DefaultLosses, EveryLoanEveryMonthMatchesItsSchedule) {
  std::mt19937_64 rng(5);
  RiskModel m = one_factor_model(0.05, 0.1, 0.5, 36);
  m.fx_per_fund_unit = {{"KHR", 4100.0}};
  std::vector<BookLoan> loans;
  for (int i = 0; i < 400; ++i) {
    const auto type = static_cast<ScheduleType>(i % 4);
    const bool riel = i % 3 == 0;
    BookLoan l = loan("L" + std::to_string(i), "B", 0, 1 + static_cast<int>(rng() % 48), type);
    l.currency = riel ? khr() : usd();
    // Riel outstanding: whole cash units, and now and then odd riel from a bank's book.
    l.outstanding_minor = riel ? 100 * static_cast<std::int64_t>(1 + rng() % 200'000) + (i % 7 == 0 ? 37 : 0)
                               : static_cast<std::int64_t>(1 + rng() % 5'000'000);
    l.annual_rate = Ratio::from_ppm(i % 10 == 0 ? 0 : static_cast<std::int64_t>(rng() % 400'000));
    loans.push_back(l);
  }
  const PreparedBook pb = prepare_book(book_of(loans), {}, m, usd());
  const FxRates fx{usd(), m.fx_per_fund_unit};
  for (std::uint32_t i = 0; i < loans.size(); ++i) {
    const BookLoan& l = loans[i];
    const LoanRecord& r = pb.loans[position_of(pb, i)];
    const Currency c = l.currency;
    const std::int64_t odd = l.outstanding_minor % c.cash_unit_minor;
    const auto sched = build_schedule({.principal = Money(c, l.outstanding_minor - odd), .annual_rate = l.annual_rate,
                                       .term_months = l.remaining_months, .type = l.schedule,
                                       .first_due = testing::date(2024, 7, 31)});
    for (int paid = 0; paid <= std::min(l.remaining_months, m.horizon_months); ++paid) {
      std::int64_t bal = paid == 0 ? l.outstanding_minor : sched[static_cast<std::size_t>(paid - 1)].balance_after.minor();
      if (paid > 0 && paid < l.remaining_months) bal += odd;  // odd riel are paid with the last installment
      ASSERT_EQ(exposure_at_default(pb, r, r.trigger_months + paid), convert_minor(bal, c, usd(), fx))
          << "loan " << i << " (" << to_string(l.schedule) << ", " << l.remaining_months << " months) after " << paid;
    }
  }
}

TEST(DefaultLosses, AFixedLossIsExposureTimesLgdRoundedOnceHalfEven) {
  // 1,000.30 USD x 0.45 = 450.135: 450.14 (a float LGD gave 450.13).
  const RiskModel m = one_factor_model(0.05, 0.1, 0.45);
  const PreparedBook pb = prepare_book(book_of({loan("A", "B", 100'030, 12)}), {}, m, usd());
  std::int64_t ead = 0, loss = 0;
  default_loss(pb, 0, 4, 0, ead, loss);
  EXPECT_EQ(ead, 100'030);
  EXPECT_EQ(loss, 45'014);
  // A tie rounds to even: 1,000.10 x 0.45 = 450.045 -> 450.04.
  const PreparedBook pb2 = prepare_book(book_of({loan("A", "B", 100'010, 12)}), {}, m, usd());
  default_loss(pb2, 0, 4, 0, ead, loss);
  EXPECT_EQ(loss, 45'004);
}

TEST(DefaultLosses, ADrawnLossStaysWithinExposure) {
  RiskModel m = one_factor_model(0.05, 0.1, 0.4);
  m.lgd_kind = LgdKind::beta;
  m.lgd_sd = 0.2;
  std::vector<BookLoan> loans;
  for (int i = 0; i < 300; ++i) {
    loans.push_back(loan("L" + std::to_string(i), "B", 10'000 + 37 * i, 24, ScheduleType::annuity));
    loans.back().lgd = 0.001 * (1 + i * 3);  // 300 distinct means: past the tables, some drawn by gamma variates
  }
  const PreparedBook pb = prepare_book(book_of(loans), {}, m, usd());
  std::mt19937_64 rng(12);
  for (std::uint32_t i = 0; i < pb.loans.size(); ++i) {
    std::int64_t ead = -1, loss = -1;
    default_loss(pb, i, 3 + static_cast<int>(i % 12), static_cast<std::uint32_t>(rng()), ead, loss);
    ASSERT_EQ(ead, exposure_at_default(pb, pb.loans[i], 3 + static_cast<int>(i % 12)));
    ASSERT_GE(loss, 0);
    ASSERT_LE(loss, ead);
  }
}

// Mean and sd of a loan's beta LGD draw over u, by the midpoint rule on 2^16 points.
std::pair<double, double> lgd_moments(const PreparedBook& pb, const LoanRecord& l) {
  const int n = 1 << 16;
  double sum = 0, sum2 = 0;
  for (int k = 0; k < n; ++k) {
    const double x = loan_lgd_draw(pb, l, (k + 0.5) / n);
    sum += x;
    sum2 += x * x;
  }
  return {sum / n, std::sqrt(sum2 / n - (sum / n) * (sum / n))};
}

TEST(DefaultLosses, ManyDistinctBetaMeansDrawFromTheMeanGridAtTheirOwnMean) {
  RiskModel m = one_factor_model(0.05, 0.1, 0.5);
  m.lgd_kind = LgdKind::beta;
  m.lgd_sd = 0.2;
  std::vector<BookLoan> loans;
  for (int i = 0; i < 1000; ++i) {  // 1,000 distinct means, 0.4000 to 0.4999: 21 grid tables
    loans.push_back(loan("L" + std::to_string(i), "B", 100'000, 12));
    loans.back().lgd = 0.4 + 0.1 * i / 1000.0;
  }
  const PreparedBook pb = prepare_book(book_of(loans), {}, m, usd());
  EXPECT_EQ(pb.lgd_tables.size(), static_cast<std::size_t>(kLgdGridSteps + 1) * (kLgdTableSize + 1));
  for (std::uint32_t i = 0; i < 1000; i += 37) {
    const LoanRecord& l = pb.loans[position_of(pb, i)];
    ASSERT_LT(l.lgd_table, kLgdGridSteps);
    const auto [mean, sd] = lgd_moments(pb, l);
    EXPECT_NEAR(mean, l.lgd_mean(), 2e-4) << i;  // the table's own error is ~1e-4
    EXPECT_NEAR(sd, 0.2, 2e-3) << i;             // the neighbours' spread: the model's
  }
  // Up to kLgdTablesMax distinct means: one table each, at the loan's own mean.
  loans.resize(40);
  const PreparedBook few = prepare_book(book_of(loans), {}, m, usd());
  EXPECT_EQ(few.lgd_tables.size(), 40u * (kLgdTableSize + 1));
  for (const LoanRecord& l : few.loans) {
    EXPECT_EQ(l.lgd_weight, 0);
    EXPECT_NEAR(lgd_moments(few, l).first, l.lgd_mean(), 2e-4);
  }
}

}  // namespace
}  // namespace gfund::risk
