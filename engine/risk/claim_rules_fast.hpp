#pragma once
// Inline, int64-only versions of the claim rules in models/guarantee_terms.hpp
// (split_claim, recovery_to_fund with nothing recovered before), for the
// simulation's hot loop. The reference functions are out of line and divide
// in 128 bits (a library call per division); here every product is checked
// to fit in 64 bits, and an input that does not fit (or is outside the
// reference's domain) is handed to the reference itself, so the results are
// equal to the reference's for every input (tests/risk/claim_rules_fast_test.cpp).
// Amounts are minor units (>= 0); caps and balances < 0 mean "none".
#include <algorithm>
#include <cstdint>

#include "models/guarantee_terms.hpp"
#include "models/ratio.hpp"

namespace gfund::risk {

// Half-even of num / den for num >= 0, den > 0.
inline std::int64_t div_half_even(std::int64_t num, std::int64_t den) {
  std::int64_t q = num / den;
  const std::int64_t r = num - q * den;
  // 2r compared as r against den - r: no overflow for any den.
  q += static_cast<std::int64_t>(r > den - r) | (static_cast<std::int64_t>(r == den - r) & (q & 1));
  return q;
}

// div_half_even for quotients below 2^31 (num / den < 2^31, num >= 0,
// den > 0), without the integer divide: a 64-bit idiv takes 40 to 90 cycles
// on some x86 cores (Skylake, Cascade Lake), a double divide about 15. The
// double quotient is within 2^-21 of num / den there (each conversion and the
// division add at most 2^-53 relative), so its truncation is the true floor
// or one off it either way; the remainder, exact in int64, says which, and
// decides the rounding as in div_half_even. Same result for every input in
// the domain (tests/risk/claim_rules_fast_test.cpp).
inline std::int64_t div_half_even_small_quotient(std::int64_t num, std::int64_t den) {
  std::int64_t q = static_cast<std::int64_t>(static_cast<double>(num) / static_cast<double>(den));
  std::int64_t r = num - q * den;
  if (r < 0) {
    --q;
    r += den;
  } else if (r >= den) {
    ++q;
    r -= den;
  }
  q += static_cast<std::int64_t>(r > den - r) | (static_cast<std::int64_t>(r == den - r) & (q & 1));
  return q;
}

// Half-even of num / Ratio::kOne for num >= 0: a loss x coverage in ppm back
// to minor units. Rounds half up, q = (num + kOne/2) / kOne; a tie (that sum
// an exact multiple of kOne) went up from q - 1, and half-even keeps q - 1
// when it is the even one, i.e. when q is odd. Unsigned, so the sum cannot
// overflow; kOne is a constant, so the division is a multiplication.
inline std::int64_t ppm_half_even(std::int64_t num) {
  constexpr std::uint64_t kOne = Ratio::kOne;
  const std::uint64_t up = static_cast<std::uint64_t>(num) + kOne / 2;
  const std::uint64_t q = up / kOne;
  const std::uint64_t tie = q * kOne == up;
  return static_cast<std::int64_t>(q - (tie & q & 1));
}

// Same result as split_claim(loss, coverage, per_loan_cap, room, available).
inline ClaimSplit split_claim_fast(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                                   std::int64_t portfolio_room_minor, std::int64_t fund_available_minor) {
  std::int64_t num = 0;
  if (loss_minor < 0 || coverage.ppm < 0 || __builtin_mul_overflow(loss_minor, coverage.ppm, &num))
    return split_claim(loss_minor, coverage, per_loan_cap_minor, portfolio_room_minor, fund_available_minor);
  ClaimSplit out;
  std::int64_t pay = ppm_half_even(num);
  if (per_loan_cap_minor >= 0 && pay > per_loan_cap_minor) {
    pay = per_loan_cap_minor;
    out.limit = ClaimLimit::per_loan_cap;
  }
  if (portfolio_room_minor >= 0 && pay > portfolio_room_minor) {
    pay = portfolio_room_minor;
    out.limit = ClaimLimit::portfolio_cap;
  }
  if (fund_available_minor >= 0 && pay > fund_available_minor) {
    pay = fund_available_minor;
    out.limit = ClaimLimit::fund_balance;
  }
  pay = std::max<std::int64_t>(pay, 0);
  out.fund_minor = pay;
  out.bank_minor = loss_minor - pay;
  return out;
}

// Same result as recovery_to_fund(s, recovered, 0, fund_paid, loss): the
// first (and only) recovery on a loan.
inline std::int64_t first_recovery_to_fund_fast(Structure s, std::int64_t recovered_minor, std::int64_t fund_paid_minor,
                                                std::int64_t loss_minor) {
  // Outside the usual domain (negative inputs, a claim above the loss): the
  // reference decides, and its checks fire where they should.
  if (recovered_minor < 0 || fund_paid_minor < 0 || loss_minor < 0 || fund_paid_minor > loss_minor)
    return recovery_to_fund(s, recovered_minor, 0, fund_paid_minor, loss_minor);
  std::int64_t fund = 0;
  if (s == Structure::pari_passu) {
    if (loss_minor > 0 && recovered_minor > 0 && fund_paid_minor > 0) {
      std::int64_t p = 0;
      if (__builtin_mul_overflow(recovered_minor, fund_paid_minor, &p))
        return recovery_to_fund(s, recovered_minor, 0, fund_paid_minor, loss_minor);
      fund = div_half_even(p, loss_minor);
    }
  } else {
    fund = std::max<std::int64_t>(0, recovered_minor - (loss_minor - fund_paid_minor));
  }
  return std::min(fund, fund_paid_minor);
}

}  // namespace gfund::risk
