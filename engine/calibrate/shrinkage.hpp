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
  double low = 0, high = 0;    // 95% posterior interval of the annual PD (Beta, normal approximation)
};

struct ShrinkageResult {
  double pooled_pd = 0;        // all groups together
  double prior_strength = 0;   // m, loan-years; large = groups look alike (full pooling)
  std::vector<ShrunkRate> groups;
};

// Groups with no exposure are reported with the pooled PD and weight 0.
ShrinkageResult shrink_rates(const std::vector<GroupCount>& groups);

// Largest prior strength used (loan-years): "the groups are alike" without
// dividing by zero.
inline constexpr double kPriorStrengthMax = 1e6;

}  // namespace gfund::calibrate
