#pragma once
// The parts of a risk model (engine/risk/risk_model.hpp) sizing itself needs:
// each loan's annual PD and LGD (for the fee base: expected guaranteed
// outstanding of surviving loans), the FX rate for caps, the horizon and the
// recovery lag; plus the economy and bank loadings for sizing's reference
// drawer (default_draws.hpp), which the tests use as an independent
// cross-check of the risk engine and for the closed-form case:
//   X = b_econ Z_econ + b_bank Z_bank(loan) + sqrt(1 - b_econ^2 - b_bank^2) e
// A loan's default is recognised in month t of its life when
// Phi(X) <= 1 - (1 - pd)^(t/12). Built from a risk model by spec_of()
// (risk_draws.hpp) or in code; the model file itself is the risk engine's.
#include <map>
#include <string>
#include <vector>

namespace gfund::sizing {

// Selects loans; an empty field matches any value (as the risk engine's LoanFilter).
struct SegmentFilter {
  std::string bank, association, sector, currency;
  bool matches(const std::string& b, const std::string& a, const std::string& s, const std::string& c) const;
};
struct PdSegment {
  SegmentFilter filter;
  double pd_annual = 0.05;  // (0, 1)
};
struct LgdSegment {
  SegmentFilter filter;
  double mean = 0.6;        // [0, 1]
};

struct ModelSpec {
  std::string name;
  int horizon_months = 12;                 // simulated months after as_of, 1..120
  double pd_default = 0.05;                // annual PD when no segment matches, (0, 1)
  std::vector<PdSegment> pd_segments;      // first match wins; a loan's own pd wins over all
  double lgd = 0.6;                        // LGD when no segment matches, [0, 1]
  std::vector<LgdSegment> lgd_segments;    // first match wins
  double economy_loading = 0.3;            // b_econ, [0, 1)
  std::map<std::string, double> bank_loading;  // b_bank by bank id; absent = 0
  double past_due_pd_multiplier = 3.0;     // book loans 1..trigger-1 days past due at as_of: PD x this
  int recovery_lag_months = 12;            // months from default to recovery, 0..120
  std::map<std::string, double> fx_per_fund_unit{{"KHR", 4100.0}};  // the risk model's rates (models/fx.hpp)

  double pd_for(const std::string& bank, const std::string& association, const std::string& sector,
                const std::string& currency = "USD") const;
  double lgd_for(const std::string& bank, const std::string& association, const std::string& sector,
                 const std::string& currency = "USD") const;
  double bank_loading_for(const std::string& bank) const;
};

}  // namespace gfund::sizing
