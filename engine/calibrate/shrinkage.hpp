#pragma once
// Observed default rates by group (bank, association, sector, vintage), with
// Beta-binomial shrinkage toward the pooled rate where data are thin: a
// group's estimate is (defaults + m x pooled) / (exposure + m), where the
// prior strength m (in loan-years) is estimated from how much the groups'
// rates differ beyond what chance explains (method of moments). Thin groups
// lean on the pool; large groups speak for themselves.
//
// Exposure is counted in loan-years observed (a loan watched 6 months is half
// a trial): the annual default rate is defaults / loan-years, turned into an
// annual PD as 1 - exp(-rate) (constant hazard).
#include <string>
#include <vector>

namespace gfund::calibrate {

struct GroupCount {
  std::string key;             // "WING", "2020", ...
  int loans = 0;
  int defaults = 0;            // 0..loans
  double loan_years = 0;       // exposure observed, > 0 when loans > 0
};

struct ShrunkRate {
  std::string key;
  int loans = 0, defaults = 0;
  double loan_years = 0;
  double raw_pd = 0;           // annual PD from the group's own data
  double shrunk_pd = 0;        // after shrinkage toward the pool
  double weight = 0;           // credibility: loan_years / (loan_years + m), in [0, 1]
  double low = 0, high = 0;    // 95% interval of the annual PD (normal approximation; the prior
                               // counted at most as much as all the groups' exposure together)
};

struct ShrinkageResult {
  double pooled_pd = 0;        // all groups together
  double prior_strength = 0;   // m, loan-years; large = groups look alike (full pooling)
  std::vector<ShrunkRate> groups;
};

// Groups with no exposure are reported with the pooled PD and weight 0.
ShrinkageResult shrink_rates(const std::vector<GroupCount>& groups);

// Largest prior strength used (loan-years): "the groups are alike" without
// dividing by zero. A result at this value means the groups' rates differ no
// more than chance would make them at their counts (full pooling).
inline constexpr double kPriorStrengthMax = 1e6;

// The weight on its own data from which a group's history moves its PD: the
// shrunk rate is weight x own rate + (1 - weight) x pooled rate, so at 10% the
// group's own rate has moved its estimate a tenth of the way from the pool.
// Below it, the group's own data are too few to move its PD.
inline constexpr double kOwnWeightThatMoves = 0.10;

// Loan-years of a group's own history at which its weight reaches `weight`
// (in [0, 1)) under prior strength m (loan-years): n / (n + m) = w, so
// n = m w / (1 - w). E.g. m = 1,000,000 and w = 10%: 111,111 loan-years.
double loan_years_for_weight(double prior_strength, double weight);

}  // namespace gfund::calibrate
