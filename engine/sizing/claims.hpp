#pragma once
// Claims of one candidate (terms per agreement, lending volume per bank and
// association) re-aggregated from drawn defaults. Integer minor units
// throughout, through the same claim and recovery rules as the ledger
// (split_claim, recovery_to_fund), so a simulated claim is paid as a real one.
//
// Timing, per defaulted loan: the claim month is when the default is
// recognised (the claim trigger reached, as in the risk engine); the fund
// owes the covered share of the exposure at default from the claim on. With
// staged payout (payout_at_claim < 100%) the ledger pays part of it later,
// but the whole share is owed at once and counts against the fund's
// available balance (its balance less claims due), which is what capital
// must cover: the ledger, the risk engine and sizing decide claims on that
// (tests/bridge/claim_replay_test.cpp replays the engine's defaults through
// the ledger's claim decision). The recovery EAD x (1 - LGD) arrives
// recovery_lag months after the claim and is shared back by the agreement's
// structure. Claims before the agreement's lock-in ends (available_from +
// lock_in_months) are not paid: the bank bears them (as in the risk engine).
// Only flows within the horizon count.
//
// Capital does not change claims until it runs out, so the path is computed
// without it: the fund is exhausted with capital C iff the peak of its
// cumulative net claims exceeds C.
#include <cstdint>
#include <vector>

#include "engine/sizing/default_draws.hpp"
#include "engine/sizing/portfolio.hpp"

namespace gfund::sizing {

struct Candidate {
  std::vector<GuaranteeTerms> terms;               // per agreement, in Portfolio::agreements order
  std::vector<double> bank_volume;                 // per bank: planned lending x this (default 1)
  std::vector<double> association_volume;          // per association: x this (applies with the bank's)
};
// The portfolio's own terms at 1x the plan.
Candidate base_candidate(const Portfolio& p);

struct ClaimsRun {
  int scenarios = 0;
  int agreements = 0;
  std::vector<std::int64_t> net;        // per scenario: claims paid in the horizon less the recoveries they bring back (whenever)
  std::vector<std::int64_t> peak;       // per scenario: max over months of cumulative net claims (capital needed, >= 0)
  std::vector<std::int64_t> gross;      // per scenario: claims paid
  std::vector<std::int64_t> loss;       // per scenario: credit loss of guaranteed loans defaulted in the horizon
  std::vector<std::int64_t> agreement_net;   // [s * agreements + a]: net claims of agreement a (sum over a = net)
  std::vector<std::int64_t> agreement_loss;  // [s * agreements + a]: loss of agreement a's loans
  std::vector<double> weights;               // per scenario, the draws' likelihood ratios; empty = plain
  // Fee base: expected guaranteed outstanding summed over the horizon's
  // months / 12 (outstanding-years), per agreement, minor units; and the
  // volume enrolled (principal at start) per agreement.
  std::vector<double> guaranteed_years_minor;
  std::vector<std::int64_t> enrolled_minor;
};

ClaimsRun aggregate_claims(const Portfolio& p, const DefaultDraws& d, const Candidate& c);

// Which exposures a candidate includes (planned lending scaled by volume).
std::vector<char> included_exposures(const Portfolio& p, const Candidate& c);

}  // namespace gfund::sizing
