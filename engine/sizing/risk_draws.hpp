#pragma once
// Sizing on the risk engine, its only source of defaults: the portfolio's
// loans (book + planned) are compiled by risk::prepare_book under the risk
// model with a scenario's shocks applied as the model's stress hooks,
// defaults are recorded once by risk::record_defaults (common random
// numbers), and mapped back onto the portfolio's exposures, so sizing's claim
// re-aggregation and solvers run on exactly the defaults `gfund simulate`
// would draw (factors, correlations, Student-t, Beta LGD, moratorium and all).
#include <string>

#include "engine/risk/risk_model.hpp"
#include "engine/sizing/default_draws.hpp"
#include "engine/sizing/portfolio.hpp"
#include "engine/sizing/shocks.hpp"

namespace gfund::sizing {

// The risk model with a stress scenario's shocks as its stress hooks.
// economy_factor fixes the factor named "economy" (DataError if the model
// has none); devaluation scales each named currency's rate by (1 + d).
risk::RiskModel apply_shocks(const risk::RiskModel& base, const Shocks& shocks);

// Defaults drawn by the risk engine, as sizing's DefaultDraws over `p`.
DefaultDraws draw_defaults_risk(const Portfolio& p, const risk::RiskModel& base, const Shocks& shocks,
                                const DrawOptions& options, std::vector<std::string>* warnings = nullptr);

}  // namespace gfund::sizing
