#include "engine/risk/default_losses.hpp"

#include <algorithm>
#include <cmath>

#include "engine/risk/claim_rules_fast.hpp"

namespace gfund::risk {

void default_loss(const PreparedBook& book, std::uint32_t loan_pos, int month, std::uint32_t lgd_bits,
                  std::int64_t& ead_minor, std::int64_t& loss_minor) {
  const LoanRecord& loan = book.loans[loan_pos];
  const std::int64_t ead = exposure_at_default(book, loan, month);
  ead_minor = ead;
  const bool drawn = book.lgd_kind == LgdKind::beta && loan.lgd_ppm > 0 && loan.lgd_ppm < 1'000'000;
  if (!drawn) {  // a fixed LGD: exact, as the ledger applies a share
    loss_minor = apply_ppm_fast(ead, loan.lgd_ppm);
    return;
  }
  const double lgd = loan_lgd_draw(book, loan, (static_cast<double>(lgd_bits) + 0.5) * 0x1p-32);
  loss_minor = std::clamp<std::int64_t>(round_half_even(static_cast<double>(ead) * lgd), 0, ead);
}

}  // namespace gfund::risk
