#pragma once
// Views of a Monte Carlo result (engine/risk/results.hpp): the fund's claims
// distribution with VaR and ES marked, when its capital could run out, and
// each bank's and association's share of the risk (Euler contributions to
// expected shortfall). Every figure is the engine's; each estimate is shown
// with its Monte Carlo error. Reads results; computes no risk.
#include <vector>

#include "engine/risk/results.hpp"
#include "reports/chart.hpp"
#include "reports/document.hpp"

namespace gfund::reports {

// Sections: Simulated claims (fund), Risk by bank, Risk by association.
std::vector<Section> simulation_sections(const risk::SimulationResult& result);

// A histogram of a distribution known by its quantiles (risk::Distribution:
// 1%..99.9% and the maximum): the CDF is interpolated linearly between them
// and cut into `bins` equal bins from 0 to a little past the 99.9% quantile
// (the last bin holds the rest of the tail). Values in major units of `c`;
// heights are shares of scenarios. Markers: mean, VaR and ES at `level`.
Chart distribution_histogram(const risk::Distribution& d, const Currency& c, const std::string& title,
                             const std::string& x_title, double level = 0.99, int bins = 24);

}  // namespace gfund::reports
