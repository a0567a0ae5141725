#pragma once
// Exposure at default and loss of a found default: the per-default money of
// a scenario. EAD is the loan's scheduled balance when payments stopped,
// looked up in the prepared book's exact table (to the unit, as `gfund
// schedule` prints it); the loss is EAD x LGD rounded once, half-even, within
// [0, EAD]: for a fixed LGD with models/claim_rules.hpp's apply_ppm, the
// rule that applies every share to money (apply_ppm_fast: the same result);
// for a drawn LGD on the double.
//
// One table load and one rounding per default: the short chain needs no
// vector kernel (the 8-lane AVX-512 form this replaced computed the balance
// by a closed formula, up to 4 minor units off the schedule).
#include <cstdint>

#include "engine/risk/prepared_book.hpp"
#include "engine/risk/scenario_defaults.hpp"

namespace gfund::risk {

// Exposure at a default recognised in `month` and its loss, fund minor
// units. lgd_bits: the default's 32 LGD bits (a uniform for the beta table).
void default_loss(const PreparedBook& book, std::uint32_t loan, int month, std::uint32_t lgd_bits,
                  std::int64_t& ead_minor, std::int64_t& loss_minor);

}  // namespace gfund::risk
