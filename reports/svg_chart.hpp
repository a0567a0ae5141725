#pragma once
// Draws a Chart as an inline SVG element (no scripts, no external fonts or
// images), for the self-contained HTML dashboard. Sizes are in a fixed
// viewBox; the element scales to its container's width.
#include <string>

#include "reports/chart.hpp"

namespace gfund::reports {

// The house palette: dark blue, orange, teal, red, purple, grey, olive, pink
// (distinct in colour-blind simulations and in greyscale print).
const std::vector<std::string>& palette();

// <svg ...>...</svg>. An empty chart draws its frame and "No data".
// Validates the chart first (see chart.hpp).
std::string render_svg(const Chart& chart);

}  // namespace gfund::reports
