#pragma once
// The claim rules of models/guarantee_terms.hpp (split_claim_in,
// recovery_to_fund_in, built on models/claim_rules.hpp) at int64, for the
// simulation's hot loop: the same code, with products formed in 64 bits
// instead of 128 (a 128-bit division is a library call). Every product is
// checked to fit first, and an input that does not fit (or is outside the
// reference's domain) goes to the reference itself, so the results equal the
// reference's for every input (tests/risk/claim_rules_fast_test.cpp).
// Amounts are minor units (>= 0); caps and balances < 0 mean "none".
#include <algorithm>
#include <cstdint>

#include "models/claim_rules.hpp"
#include "models/guarantee_terms.hpp"
#include "models/ratio.hpp"

namespace gfund::risk {

// Half-even of num / den at int64 (num >= 0, den > 0): the rule's own.
inline std::int64_t div_half_even(std::int64_t num, std::int64_t den) {
  return claim_rules::div_half_even<std::int64_t>(num, den);
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

// The reference's product type (__extension__: ISO C++ has no 128-bit integer).
__extension__ typedef __int128 Int128;

// Same result as claim_rules::apply_ppm<Int128>(amount, ppm) (amount >= 0,
// ppm >= 0): the product in 64 bits when it fits, and the division by 10^6
// then a multiply by a constant, not a 128-bit library call.
inline std::int64_t apply_ppm_fast(std::int64_t amount, std::int64_t ppm) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(amount, ppm, &product)) return claim_rules::apply_ppm<Int128>(amount, ppm);
  return claim_rules::apply_ppm<std::int64_t>(amount, ppm);
}

// Same result as split_claim(loss, coverage, per_loan_cap, room, available).
inline ClaimSplit split_claim_fast(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                                   std::int64_t portfolio_room_minor, std::int64_t fund_available_minor) {
  std::int64_t num = 0;
  if (loss_minor < 0 || coverage.ppm < 0 || __builtin_mul_overflow(loss_minor, coverage.ppm, &num))
    return split_claim(loss_minor, coverage, per_loan_cap_minor, portfolio_room_minor, fund_available_minor);
  return split_claim_in<std::int64_t>(loss_minor, coverage, per_loan_cap_minor, portfolio_room_minor,
                                      fund_available_minor);
}

// Same result as recovery_to_fund(s, recovered, 0, fund_paid, loss): the
// first (and only) recovery on a loan.
inline std::int64_t first_recovery_to_fund_fast(Structure s, std::int64_t recovered_minor, std::int64_t fund_paid_minor,
                                                std::int64_t loss_minor) {
  // Outside the usual domain (negative inputs, a claim above the loss): the
  // reference decides, and its checks fire where they should.
  if (recovered_minor < 0 || fund_paid_minor < 0 || loss_minor < 0 || fund_paid_minor > loss_minor)
    return recovery_to_fund(s, recovered_minor, 0, fund_paid_minor, loss_minor);
  std::int64_t p = 0;
  if (s == Structure::pari_passu && __builtin_mul_overflow(recovered_minor, fund_paid_minor, &p))
    return recovery_to_fund(s, recovered_minor, 0, fund_paid_minor, loss_minor);
  return recovery_to_fund_in<std::int64_t>(s, recovered_minor, 0, fund_paid_minor, loss_minor);
}

}  // namespace gfund::risk
