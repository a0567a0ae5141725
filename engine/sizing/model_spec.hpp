#pragma once
// The risk parameters sizing simulates with, and the model file that holds
// them (TOML or JSON; schema in docs/model-file.md). `gfund calibrate`
// writes this file; `size`, `stress` and `termsheet` read it.
//
// Default model: one economy factor shared by every loan and one factor per
// bank (independent of each other and of the economy), Gaussian copula:
//   X = b_econ Z_econ + b_bank Z_bank(loan) + sqrt(1 - b_econ^2 - b_bank^2) e
// A loan defaults in month t after its start when Phi(X) <= 1 - (1 - pd)^(t/12)
// (annual PD turned into a monthly cumulative curve, constant hazard).
#include <map>
#include <string>

#include "engine/sizing/config_file.hpp"

namespace gfund::sizing {

struct ModelSpec {
  int horizon_months = 36;                 // simulated months after as_of, 1..360
  double pd_default = 0.05;                // annual PD when no segment matches, (0, 1)
  std::map<std::string, double> pd_bank;   // annual PD by bank id
  std::map<std::string, double> pd_association;
  std::map<std::string, double> pd_sector;
  double lgd = 0.6;                        // loss given default, share of EAD, [0, 1]
  double economy_loading = 0.3;            // b_econ, [0, 1); asset correlation = b^2
  double bank_loading = 0.2;               // b_bank, [0, 1); b_econ^2 + b_bank^2 < 1
  int recovery_lag_months = 12;            // months from claim to recovery, 0..120
  double fx_khr_per_usd = 4100.0;          // riel per US dollar, to express KHR loans in USD

  // A loan's annual PD: the book's own value if given, else by segment in
  // order association, bank, sector, default (most specific first).
  double pd_for(const std::string& bank, const std::string& association, const std::string& sector) const;
};

ModelSpec read_model_file(const std::string& path);
ModelSpec parse_model(const toml::table& table, const std::string& file_name);
// Writes the TOML form (round-trips through read_model_file).
std::string model_to_toml(const ModelSpec& m);

}  // namespace gfund::sizing
