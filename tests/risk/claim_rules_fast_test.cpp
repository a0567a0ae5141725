// The hot loop's int64 claim rules (and its rounding) must equal the reference rules in
// models/guarantee_terms.hpp for every input, including the overflow and
// out-of-domain cases they hand back to the reference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "engine/risk/claim_rules_fast.hpp"
#include "engine/risk/prepared_book.hpp"

using namespace gfund;
using namespace gfund::risk;

namespace {
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
// A random value in [0, x] (x >= 0), without overflowing at x = kMax.
std::int64_t upto(std::mt19937_64& g, std::int64_t x) {
  const auto r = static_cast<std::int64_t>(g() >> 1);
  return x == kMax ? r : r % (x + 1);
}

std::vector<std::int64_t> amounts() {
  std::vector<std::int64_t> v = {0, 1, 2, 3, 499'999, 500'000, 500'001, 999'999, 1'000'000, 1'500'000, 123'456'789,
                                 9'223'372'036'854, 9'223'372'036'855, 4'294'967'296, 3'037'000'499, 3'037'000'500,
                                 kMax / 2, kMax - 1, kMax};
  std::mt19937_64 g(5);
  for (int i = 0; i < 300; ++i) v.push_back(static_cast<std::int64_t>(g() >> (1 + g() % 63)));
  return v;
}
}  // namespace

TEST(ClaimRulesFast, SplitClaimEqualsReference) {
  const auto a = amounts();
  const std::int64_t ppms[] = {0, 1, 333'333, 500'000, 700'000, 800'000, 999'999, 1'000'000};
  std::mt19937_64 g(11);
  long checked = 0;
  for (std::int64_t loss : a)
    for (std::int64_t ppm : ppms)
      for (int k = 0; k < 6; ++k) {
        // Caps and balance: none (-1), tight, loose, zero, random.
        auto pick = [&](int j) -> std::int64_t {
          switch ((k + j) % 5) {
            case 0: return -1;
            case 1: return 0;
            case 2: return loss / 3;
            case 3: return kMax;
            default: return upto(g, loss);
          }
        };
        const std::int64_t cap = pick(0), room = pick(1), avail = pick(2);
        const ClaimSplit ref = split_claim(loss, Ratio::from_ppm(ppm), cap, room, avail);
        const ClaimSplit fast = split_claim_fast(loss, Ratio::from_ppm(ppm), cap, room, avail);
        ASSERT_EQ(fast.fund_minor, ref.fund_minor) << loss << " " << ppm << " " << cap << " " << room << " " << avail;
        ASSERT_EQ(fast.bank_minor, ref.bank_minor);
        ASSERT_EQ(fast.limit, ref.limit);
        ++checked;
      }
  EXPECT_GT(checked, 10'000);
}

TEST(ClaimRulesFast, ApplyPpmEqualsReference) {
  // Every amount, including those whose product with the ppm passes int64
  // (9,223,372,036,855 x 1,000,000 does): the fast form hands those back.
  const std::int64_t ppms[] = {0, 1, 450'000, 500'000, 650'001, 999'999, 1'000'000, 2'000'000};
  long checked = 0;
  for (const std::int64_t amount : amounts())
    for (const std::int64_t ppm : ppms) {
      ASSERT_EQ(apply_ppm_fast(amount, ppm), claim_rules::apply_ppm<Int128>(amount, ppm)) << amount << " x " << ppm;
      ++checked;
    }
  EXPECT_EQ(apply_ppm_fast(1000'30, 450'000), 450'14);  // 450.135: a tie, to the even 450.14
  EXPECT_EQ(apply_ppm_fast(1000'10, 450'000), 450'04);  // 450.045: a tie, to the even 450.04
  EXPECT_GT(checked, 2000);
}

TEST(ClaimRulesFast, FirstRecoveryEqualsReference) {
  const auto a = amounts();
  std::mt19937_64 g(13);
  long checked = 0;
  for (Structure s : {Structure::pari_passu, Structure::first_loss})
    for (std::int64_t loss : a)
      for (int k = 0; k < 8; ++k) {
        const std::int64_t paid = k == 0 ? 0 : k == 1 ? loss : upto(g, loss);
        const std::int64_t recovered = k == 2 ? loss - paid : upto(g, loss);
        ASSERT_EQ(first_recovery_to_fund_fast(s, recovered, paid, loss), recovery_to_fund(s, recovered, 0, paid, loss))
            << static_cast<int>(s) << " " << recovered << " " << paid << " " << loss;
        ++checked;
      }
  // Loss 0 with a claim (the reference's allowed corner) and half-even ties.
  for (Structure s : {Structure::pari_passu, Structure::first_loss}) {
    EXPECT_EQ(first_recovery_to_fund_fast(s, 5, 3, 0), recovery_to_fund(s, 5, 0, 3, 0));
    EXPECT_EQ(first_recovery_to_fund_fast(s, 1, 1, 2), recovery_to_fund(s, 1, 0, 1, 2));
    EXPECT_EQ(first_recovery_to_fund_fast(s, 3, 1, 2), recovery_to_fund(s, 3, 0, 1, 2));
  }
  EXPECT_EQ(first_recovery_to_fund_fast(Structure::pari_passu, 1, 2, 4), 0);  // 0.5 -> even
  EXPECT_EQ(first_recovery_to_fund_fast(Structure::pari_passu, 3, 2, 4), 2);  // 1.5 -> even
  EXPECT_GT(checked, 4'000);
}

TEST(RoundHalfEven, MatchesNearbyintTiesToEven) {
  const double fixed[] = {0.0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 1e15 + 0.5, 1e15 + 1.5,
                          0x1p51 - 0.5, 0x1p51 + 1.0, 0x1p52 - 1.0, -0x1p51 + 0.5, 123456.5, 123457.5, 7.25, -7.75};
  for (double x : fixed) EXPECT_EQ(round_half_even(x), static_cast<std::int64_t>(std::nearbyint(x))) << x;
  std::mt19937_64 g(17);
  std::uniform_real_distribution<double> u(-1e13, 1e13);
  for (int i = 0; i < 200'000; ++i) {
    // Half-integers too: the ties are what half-even is about.
    const double x = i % 2 ? u(g) : std::floor(u(g)) + 0.5;
    ASSERT_EQ(round_half_even(x), static_cast<std::int64_t>(std::nearbyint(x))) << x;
  }
}

// The claim loop's division without idiv: equal to div_half_even wherever the
// quotient is below 2^31, ties and exact quotients included (where the double
// quotient can land on the wrong side of an integer).
TEST(ClaimRulesFast, SmallQuotientDivisionEqualsIntegerDivision) {
  std::mt19937_64 g(23);
  const std::int64_t kLimit = std::int64_t{1} << 31;
  std::int64_t checked = 0;
  auto check = [&](std::int64_t num, std::int64_t den) {
    ASSERT_EQ(div_half_even_small_quotient(num, den), div_half_even(num, den)) << num << " / " << den;
    ++checked;
  };
  for (int i = 0; i < 400'000; ++i) {
    const std::int64_t den = 1 + upto(g, kLimit - 2);
    const std::int64_t q = upto(g, kLimit - 1);
    switch (i % 4) {
      case 0: check(q * den, den); break;                       // exact
      case 1: if (den % 2 == 0) check(q * den + den / 2, den);  // a tie
              break;
      case 2: check(q * den + upto(g, den - 1), den); break;    // anywhere
      default: check(q * den + den - 1 - upto(g, 3) % den, den);  // just below the next integer
    }
  }
  // The largest quotients and numerators of the claim loop: EAD just below 2^31, recovery x paid <= EAD^2.
  const std::int64_t ead = kLimit - 1;
  for (std::int64_t d = 0; d < 64; ++d) {
    check(ead * ead - d, ead);
    check((ead - d) * (ead - 2 * d), ead);
  }
  for (std::int64_t num = 0; num < 2000; ++num) check(num, 1 + num % 7);
  EXPECT_GT(checked, 350'000);
}
