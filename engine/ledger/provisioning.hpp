#pragma once
// Provisioning: what the fund sets aside against the guarantees it has
// given, by aging bucket. provision = guaranteed exposure in each bucket
// (current, 1-30, 31-60, 61-90, 91-180, 180+ days past due; the buckets of
// engine/portfolio/loan_position.hpp) x that bucket's rate, plus the claims
// the fund owes and has not yet paid at 100% (they are certain). Amounts are
// minor units of the fund currency; each bucket is rounded once, half-even.
//
// Default rates, in percent: current 1, 1-30 10, 31-60 25, 61-90 50,
// 91-180 75, 180+ 100. Why: a schedule of the kind common in microfinance
// portfolio practice, read here as the chance that a guaranteed loan in the
// bucket ends in a claim. Few current loans reach 90 days; the chance rises
// steeply with arrears; a loan past 90 days is already past most agreements'
// claim trigger (75%: some still cure or are repaid by the bank before a
// claim); past 180 days a claim is all but certain. A fund whose regulator
// or auditor sets another schedule gives it with --provision-rates
// (docs/fund-account.md).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/portfolio/loan_position.hpp"
#include "models/ratio.hpp"

namespace gfund::ledger {

// One rate per aging bucket, in bucket order. Invariant (parse and defaults
// keep it): each in [0, 100%], non-decreasing with days past due.
struct ProvisionRates {
  std::array<Ratio, kAgingBuckets> rate{};
};
ProvisionRates default_provision_rates();

// Parses "1,10,25,50,75,100": six percentages (decimals allowed, a trailing
// '%' optional) in bucket order. The rates come from the person running
// gfund, so a bad value is a UsageError (exit 64) naming `field` (the option,
// "--provision-rates") and the rule: not six, not a percentage, outside
// [0, 100], or lower than the bucket before.
ProvisionRates parse_provision_rates(std::string_view text, const std::string& field);

struct Provisioning {
  ProvisionRates rates;
  std::array<std::int64_t, kAgingBuckets> exposure_minor{};   // guaranteed exposure of live unclaimed loans per bucket
  std::array<std::int64_t, kAgingBuckets> provision_minor{};  // exposure x rate, rounded half-even, per bucket
  std::int64_t claims_owed_minor = 0;                         // claims owed, not yet paid: provisioned at 100%
  std::int64_t total_minor() const;                           // buckets + claims owed
};

Provisioning provisioning(const std::array<std::int64_t, kAgingBuckets>& exposure_minor, std::int64_t claims_owed_minor,
                          const ProvisionRates& rates);

}  // namespace gfund::ledger
