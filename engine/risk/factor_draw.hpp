#pragma once
// A scenario's systematic factors, the one rule the default drawer and the
// importance-sampling pilot both draw them by.
#include <span>

#include "engine/risk/philox_stream.hpp"
#include "engine/risk/prepared_book.hpp"

namespace gfund::risk {

// Draws the independent standard normals eps (one uniform each from `fs`,
// in internal factor order; for importance sampling shifted by mu, so eps ~
// N(mu, I)) and sets Z = L eps. Fixed factors come first in internal order:
// their eps are chosen to hit the fixed values (never shifted), which leaves
// the free factors with their distribution conditional on the fixed ones.
// Returns the log likelihood ratio of the model's law over the sampling law
// at eps, -mu'eps + mu'mu/2 over the free factors (0 when mu is empty).
// eps and z hold PreparedBook::factor_names.size() values; mu is empty or as long.
double draw_factors(const PreparedBook& book, PhiloxStream& fs, std::span<const double> mu, std::span<double> eps,
                    std::span<double> z);

// Per loading group, the systematic part of the latent variable: loading' Z.
void systematic_values(const PreparedBook& book, std::span<const double> z, std::span<double> sys);

}  // namespace gfund::risk
