#pragma once
// The risk parameters sizing simulates with, read from the risk engine's
// model file (TOML or JSON; schema: the risk engine's docs/model-file.md), so
// `gfund calibrate` writes one file that `simulate`, `size`, `stress` and
// `termsheet` all accept.
//
// Sizing's own simulation (default_draws.hpp) uses this subset of the risk
// model: an economy factor (a factor with no filter) shared by every loan and
// one factor per bank (a factor filtered on a bank only), independent,
// Gaussian copula:
//   X = b_econ Z_econ + b_bank Z_bank(loan) + sqrt(1 - b_econ^2 - b_bank^2) e
// A loan defaults in month t of its life when Phi(X) <= 1 - (1 - pd)^(t/12).
// Parts of a model file it does not simulate (other factors, correlations,
// Beta LGD spread, Student-t) are listed in `warnings`, never silently used.
#include <map>
#include <string>
#include <vector>

#include "engine/sizing/config_file.hpp"

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
  double fx_khr_per_usd = 4100.0;          // riel per US dollar
  std::vector<std::string> warnings;       // model features sizing's simulation leaves out

  double pd_for(const std::string& bank, const std::string& association, const std::string& sector,
                const std::string& currency = "USD") const;
  double lgd_for(const std::string& bank, const std::string& association, const std::string& sector,
                 const std::string& currency = "USD") const;
  double bank_loading_for(const std::string& bank) const;
};

ModelSpec read_model_file(const std::string& path);
ModelSpec parse_model(const toml::table& table, const std::string& file_name);
// Writes the risk engine's TOML form (round-trips through read_model_file).
std::string model_to_toml(const ModelSpec& m);

}  // namespace gfund::sizing
