#pragma once
// THE claim and recovery arithmetic, written once. The ledger's claims
// (engine/ledger/writer.cpp), the risk engine's hot loop
// (engine/risk/claims.cpp), sizing's re-aggregation
// (engine/sizing/claims.cpp) and the reference functions split_claim and
// recovery_to_fund (models/guarantee_terms.hpp) are all built from these
// templates, so a claim simulated is the claim the ledger pays, to the unit.
//
// Integer minor units throughout. `Wide` is the type products are formed in:
// __int128 for the reference (any int64 input is exact), std::int64_t for
// the hot loop, which calls these only where it has checked that no product
// overflows (engine/risk/claim_rules_fast.hpp says where, and
// tests/risk/claim_rules_fast_test.cpp shows both give the same result for
// every input). "No limit" is kNoLimit (the largest int64): min() then leaves
// the claim alone, with no branch.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "models/ratio.hpp"

namespace gfund::claim_rules {

inline constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

// The reference's product type: exact for any pair of int64 inputs.
__extension__ typedef __int128 Exact;

// Half-even of num / den for num >= 0, den > 0. The remainder is compared
// as r against den - r, so 2r never overflows.
template <class Wide>
constexpr Wide div_half_even(Wide num, Wide den) {
  Wide q = num / den;
  const Wide r = num - q * den;
  q += static_cast<Wide>(r > den - r) | (static_cast<Wide>(r == den - r) & (q & 1));
  return q;
}

// amount x ppm / 10^6, rounded once, half-even: a loss x coverage, a claim
// x payout_at_claim. amount >= 0, 0 <= ppm.
template <class Wide>
constexpr std::int64_t apply_ppm(std::int64_t amount, std::int64_t ppm) {
  return static_cast<std::int64_t>(div_half_even<Wide>(static_cast<Wide>(amount) * ppm, Wide{Ratio::kOne}));
}

// The covered share of a loss, limited by the per-loan cap and by the room
// left under the agreement's cumulative cap (kNoLimit: none). The fund's
// capital is the last limit; the caller applies it, as it is the one limit
// that depends on the order claims come in.
constexpr std::int64_t capped_claim(std::int64_t covered, std::int64_t per_loan_cap, std::int64_t room) {
  return std::min(std::min(covered, per_loan_cap), room);
}

// Paid at claim under staged payout: payout_at_claim of the fund's share
// (the rest is due when recovery ends).
template <class Wide>
constexpr std::int64_t paid_at_claim(std::int64_t owed, std::int64_t payout_ppm) {
  return apply_ppm<Wide>(owed, payout_ppm);
}

// Pari passu: the fund's share of a cumulative recovery `recovered` on a
// claim of `fund_paid` against `loss`, half-even: recovered x fund_paid /
// loss, never above fund_paid. Zero when any input is zero.
template <class Wide>
constexpr std::int64_t pro_rata_recovery(std::int64_t recovered, std::int64_t fund_paid, std::int64_t loss) {
  if (loss <= 0 || recovered <= 0 || fund_paid <= 0) return 0;
  const auto share = static_cast<std::int64_t>(
      div_half_even<Wide>(static_cast<Wide>(recovered) * fund_paid, static_cast<Wide>(loss)));
  return std::min(share, fund_paid);
}

// First loss: the bank's own share of the loss (loss - fund_paid) is made
// whole first; the rest of a cumulative recovery goes to the fund, up to
// what it paid.
constexpr std::int64_t first_loss_recovery(std::int64_t recovered, std::int64_t fund_paid, std::int64_t loss) {
  return std::min(std::max<std::int64_t>(0, recovered - (loss - fund_paid)), fund_paid);
}

}  // namespace gfund::claim_rules
