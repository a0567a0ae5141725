#include "engine/risk/default_losses.hpp"

#include <algorithm>
#include <cmath>

#include "engine/risk/philox_stream.hpp"
#include "models/claim_rules.hpp"

namespace gfund::risk {

void default_loss(const PreparedBook& book, std::uint32_t loan_pos, int month, std::uint32_t lgd_bits,
                  std::uint64_t seed, std::uint32_t scenario, std::int64_t& ead_minor, std::int64_t& loss_minor) {
  const LoanRecord& loan = book.loans[loan_pos];
  const std::int64_t ead = exposure_at_default(book, loan, month);
  ead_minor = ead;
  const bool drawn = book.lgd_kind == LgdKind::beta && loan.lgd_ppm > 0 && loan.lgd_ppm < 1'000'000;
  if (!drawn) {  // a fixed LGD: exact, as the ledger applies a share
    loss_minor = claim_rules::apply_ppm<__int128>(ead, loan.lgd_ppm);
    return;
  }
  double lgd = 0;
  if (loan.lgd_table != kNoIndex) {
    lgd = lgd_from_table(book, loan.lgd_table, (static_cast<double>(lgd_bits) + 0.5) * 0x1p-32);
  } else {
    // Past kLgdTablesMax distinct means: an exact draw from the loan's own stream.
    const double mean = loan.lgd_mean();
    const double sd = std::min(book.lgd_sd, 0.999 * std::sqrt(mean * (1.0 - mean)));
    PhiloxStream ls(seed, scenario, StreamKind::lgd, loan_pos);
    lgd = draw_beta(ls, mean, sd);
  }
  loss_minor = std::clamp<std::int64_t>(round_half_even(static_cast<double>(ead) * lgd), 0, ead);
}

}  // namespace gfund::risk
