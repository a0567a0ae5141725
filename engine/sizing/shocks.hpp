#pragma once
// A stress scenario's shocks, relative to the base model. They become the
// risk model's stress hooks (apply_shocks, risk_draws.hpp) before defaults
// are drawn; the same seed draws the same idiosyncratic and factor noise, so
// base and stressed runs differ only by the shocks (common random numbers
// across scenarios).
#include <map>
#include <optional>
#include <string>

namespace gfund::sizing {

struct Shocks {
  std::string name = "base";
  std::string description;
  double pd_multiplier = 1.0;                        // every loan's annual PD x this (> 0); result capped at 99.9%
  std::map<std::string, double> pd_multiplier_bank;  // further x by bank id
  std::map<std::string, double> pd_multiplier_association;
  std::map<std::string, double> pd_multiplier_sector;
  // Further x for loans in a currency, by ISO code (dollar loans of borrowers
  // who earn riel default more when the riel falls).
  std::map<std::string, double> pd_multiplier_currency;
  double loading_shift = 0.0;                        // added to every factor loading (correlation shift), result in [0, 0.99]
  double lgd_shift = 0.0;                            // added to every LGD, result clamped to [0, 1]
  std::optional<double> economy_factor;              // fixed value of the economy factor in every scenario (recession < 0)
  // By ISO code: the currency loses this share against the fund's currency,
  // its model rate per fund unit x (1 + d), so its exposures shrink by 1/(1+d).
  std::map<std::string, double> devaluation;
  int moratorium_months = 0;                         // repayments and defaults paused this many months ...
  int moratorium_start_month = 1;                    // ... from this month after as_of

  bool is_base() const;
};

}  // namespace gfund::sizing
