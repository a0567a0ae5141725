// The 8-lane exposure/loss kernel must give, lane by lane, exactly what the
// scalar functions give (same bits), and leave to them the lanes it cannot do.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "engine/risk/default_losses.hpp"

namespace gfund::risk {
namespace {

// A prepared book built by hand, covering every branch of the arithmetic:
// the four schedule types, rate 0, rates past the growth tables, terms from 1
// month, loans starting later, triggers, LGD tables and fixed LGDs, amounts
// past 2^51 minor units.
PreparedBook synthetic_book(std::mt19937_64& rng, LgdKind kind, bool moratorium) {
  PreparedBook b;
  b.horizon_months = 48;
  b.lgd_kind = kind;
  b.lgd_sd = 0.2;
  if (moratorium) b.moratorium = {5, 4};
  const int rates = kGrowthTablesMax + 20;  // the last 20 have no growth table
  for (int i = 0; i < rates; ++i) b.monthly_rates.push_back(i == 0 ? 0.0 : 0.001 * (i % 40) + 1e-5 * i);
  b.growth_stride = 61;
  for (int t = 0; t < kGrowthTablesMax; ++t)
    for (int k = 0; k < b.growth_stride; ++k) b.growth.push_back(std::pow(1.0 + b.monthly_rates[t], k));
  for (int t = 0; t < 3; ++t)
    for (int q = 0; q <= kLgdTableSize; ++q)
      b.lgd_tables.push_back(static_cast<float>(std::pow(static_cast<double>(q) / kLgdTableSize, 0.5 + t)));
  std::uniform_int_distribution<int> any(0, 1 << 30);
  for (int i = 0; i < 4000; ++i) {
    LoanRecord l;
    l.balance_minor = i % 97 == 0 ? 0x1p52 * (1 + any(rng) % 3) : static_cast<double>(any(rng) % 50'000'000);
    l.remaining_months = static_cast<std::int16_t>(1 + any(rng) % 60);
    l.rate_index = static_cast<std::uint16_t>(i % 13 == 0 ? kGrowthTablesMax + any(rng) % 20 : any(rng) % kGrowthTablesMax);
    const double r = b.monthly_rates[l.rate_index];
    const int n = l.remaining_months;
    l.payment_minor = static_cast<float>(r > 0 ? l.balance_minor * r / (1 - std::pow(1 + r, -n)) : l.balance_minor / n);
    l.lgd_mean = static_cast<float>(i % 11 == 0 ? 0.0 : i % 17 == 0 ? 1.0 : 0.05 + 0.9 * (any(rng) % 1000) / 1000.0);
    l.lgd_table = kind == LgdKind::beta && i % 3 != 0 ? static_cast<std::uint16_t>(any(rng) % 3) : kNoIndex;
    l.start_month = static_cast<std::uint8_t>(i % 4 == 0 ? any(rng) % 20 : 0);
    l.schedule_code = static_cast<std::uint8_t>(any(rng) % 4);
    l.trigger_months = static_cast<std::uint8_t>(any(rng) % 25);
    l.bank = static_cast<std::uint16_t>(i % 5);
    l.association = static_cast<std::uint16_t>(any(rng) % 7);
    l.agreement = any(rng) % 4 == 0 ? kNoIndex : static_cast<std::uint16_t>(any(rng) % 3);
    b.loans.push_back(l);
  }
  return b;
}

TEST(DefaultLosses, KernelLanesEqualTheScalarFunctionBitForBit) {
  if (!default_losses_batch_available()) GTEST_SKIP() << "this CPU has no AVX-512; the scalar path is the only one";
  std::mt19937_64 rng(11);
  int kernel_lanes = 0, scalar_lanes = 0;
  for (LgdKind kind : {LgdKind::fixed, LgdKind::beta})
    for (bool moratorium : {false, true}) {
      const PreparedBook b = synthetic_book(rng, kind, moratorium);
      for (int trial = 0; trial < 3000; ++trial) {
        const int count = 1 + trial % kLossLanes;
        std::uint32_t loan[kLossLanes], bits[kLossLanes];
        std::int32_t month[kLossLanes];
        for (int i = 0; i < count; ++i) {
          loan[i] = static_cast<std::uint32_t>(rng() % b.loans.size());
          month[i] = 1 + static_cast<std::int32_t>(rng() % 48);
          bits[i] = static_cast<std::uint32_t>(rng());
        }
        Default out[kLossLanes];
        const unsigned done = default_losses_batch(b, loan, month, bits, count, out);
        ASSERT_EQ(done >> count, 0u) << "no lane past count is reported done";
        for (int i = 0; i < count; ++i) {
          // Every lane's identity fields, done or not.
          const LoanRecord& rec = b.loans[loan[i]];
          ASSERT_EQ(out[i].loan, loan[i]);
          ASSERT_EQ(out[i].month, month[i]);
          ASSERT_EQ(out[i].bank, rec.bank);
          ASSERT_EQ(out[i].association, rec.association);
          ASSERT_EQ(out[i].agreement, rec.agreement);
          std::int64_t want_ead = 0, want_loss = 0;
          default_loss(b, loan[i], month[i], bits[i], 5, static_cast<std::uint32_t>(trial), want_ead, want_loss);
          if (done >> i & 1u) {
            ++kernel_lanes;
            ASSERT_EQ(out[i].ead_minor, want_ead) << "loan " << loan[i] << " month " << month[i];
            ASSERT_EQ(out[i].loss_minor, want_loss) << "loan " << loan[i] << " month " << month[i];
          } else {
            ++scalar_lanes;
          }
        }
      }
    }
  // Most lanes are the kernel's; the exceptions (no growth table, gamma-drawn LGD, 2^51) are left to scalar.
  EXPECT_GT(kernel_lanes, 4 * scalar_lanes);
  EXPECT_GT(scalar_lanes, 100);
}

TEST(DefaultLosses, ScalarLossStaysWithinExposure) {
  std::mt19937_64 rng(12);
  const PreparedBook b = synthetic_book(rng, LgdKind::beta, false);
  for (std::uint32_t i = 0; i < b.loans.size(); ++i) {
    std::int64_t ead = -1, loss = -1;
    default_loss(b, i, 1 + static_cast<int>(i % 48), static_cast<std::uint32_t>(rng()), 5, i, ead, loss);
    ASSERT_GE(ead, 0);
    ASSERT_GE(loss, 0);
    ASSERT_LE(loss, ead);
  }
}

}  // namespace
}  // namespace gfund::risk
