#pragma once
// Exposure at default and loss of found defaults: the per-default arithmetic
// of a scenario (schedule balance, LGD draw, two roundings), eight defaults at
// a time on AVX-512 (two chains of eight side by side).
//
// A scalar loop is bound by one long dependency chain per default (loan
// record -> growth factor -> division -> rounding -> LGD -> rounding); eight
// lanes run eight chains at once. The kernel uses the same IEEE operations in
// the same order as the scalar functions in prepared_book.hpp (this file is
// compiled without FMA contraction), so it returns the same bits; a lane it
// cannot do exactly (a rate or term past the growth tables, a beta LGD drawn
// by gamma variates, an amount past 2^51 minor units) is left to the scalar
// function. tests/risk/default_losses_test.cpp checks lane against scalar.
#include <cstdint>

#include "engine/risk/prepared_book.hpp"
#include "engine/risk/scenario_defaults.hpp"

namespace gfund::risk {

inline constexpr int kLossLanes = 16;

// The scalar reference: exposure at a default recognised in `month` and its
// loss (EAD x LGD, rounded half-even once, within [0, EAD]), fund minor
// units. lgd_bits: the default's 32 LGD bits (a uniform for the beta table);
// seed and scenario: for the exact beta draw past the tables.
void default_loss(const PreparedBook& book, std::uint32_t loan, int month, std::uint32_t lgd_bits, std::uint64_t seed,
                  std::uint32_t scenario, std::int64_t& ead_minor, std::int64_t& loss_minor);

// Whether this CPU runs the batch kernel (AVX-512F and DQ, and GFUND_SIMD does not cap it).
bool default_losses_batch_available();

// Lanes i < count (1 <= count <= kLossLanes): out[i] is the whole Default
// (loan, month, the loan's bank, association and agreement) with ead_minor
// and loss_minor as default_loss gives them; all kLossLanes slots of `out`
// are written. Returns a bit mask of the lanes done; the caller computes the
// amounts of the others with default_loss (their other fields are right).
// Call only when default_losses_batch_available().
unsigned default_losses_batch(const PreparedBook& book, const std::uint32_t* loan, const std::int32_t* month,
                              const std::uint32_t* lgd_bits, int count, Default* out);

}  // namespace gfund::risk
