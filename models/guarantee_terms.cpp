#include "models/guarantee_terms.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/entities.hpp"
#include "models/errors.hpp"

namespace gfund {
namespace {
// Exact 128-bit products for amount x ppm (GCC/Clang extension).
__extension__ typedef __int128 i128;
[[noreturn]] void bad(const char* field, std::string rule) { throw DataError(std::move(rule), ErrorSite{{}, 0, field}); }
}  // namespace

Structure parse_structure(std::string_view text) {
  if (text == "pari_passu" || text == "pari-passu") return Structure::pari_passu;
  if (text == "first_loss" || text == "first-loss") return Structure::first_loss;
  throw DataError(fmt::format("'{}' must be pari_passu or first_loss", text));
}
std::string_view to_string(Structure s) { return s == Structure::pari_passu ? "pari_passu" : "first_loss"; }

FeePayer parse_fee_payer(std::string_view text) {
  if (text == "bank") return FeePayer::bank;
  if (text == "borrower") return FeePayer::borrower;
  throw DataError(fmt::format("'{}' must be bank or borrower", text));
}
std::string_view to_string(FeePayer p) { return p == FeePayer::bank ? "bank" : "borrower"; }

std::string_view to_string(ClaimLimit l) {
  switch (l) {
    case ClaimLimit::none: return "none";
    case ClaimLimit::per_loan_cap: return "per-loan cap";
    case ClaimLimit::portfolio_cap: return "portfolio cap";
    case ClaimLimit::fund_balance: return "fund balance";
  }
  return "?";
}

GuaranteeTerms::GuaranteeTerms(GuaranteeTermsData d) : GuaranteeTermsData(std::move(d)) {
  if (coverage.ppm <= 0 || coverage.ppm > Ratio::kOne) bad("coverage", "must be in (0, 100%]");
  if (per_loan_cap && !per_loan_cap->is_positive()) bad("per_loan_cap", "must be > 0");
  if (portfolio_cap && !portfolio_cap->is_positive()) bad("portfolio_cap", "must be > 0");
  if (portfolio_cap_rate && (portfolio_cap_rate->ppm <= 0 || portfolio_cap_rate->ppm > Ratio::kOne))
    bad("portfolio_cap_rate", "must be in (0, 100%]");
  if (per_loan_cap && portfolio_cap && !(per_loan_cap->currency() == portfolio_cap->currency()))
    bad("portfolio_cap", "must be in the same currency as per_loan_cap");
  if (claim_trigger_dpd < 1 || claim_trigger_dpd > 720) bad("claim_trigger_dpd", "must be in 1..720 days");
  if (lock_in_months < 0 || lock_in_months > 60) bad("lock_in_months", "must be in 0..60");
  if (payout_at_claim.ppm <= 0 || payout_at_claim.ppm > Ratio::kOne) bad("payout_at_claim", "must be in (0, 100%]");
  if (annual_fee.ppm < 0 || annual_fee.ppm > Ratio::percent(20).ppm) bad("annual_fee", "must be in 0..20% a year");
  if (fee_surcharge_informal.ppm < 0 || fee_surcharge_informal.ppm > Ratio::percent(20).ppm)
    bad("fee_surcharge_informal", "must be in 0..20% a year");
  if (available_from.ok() && available_to.ok() && to_days(available_to) < to_days(available_from))
    bad("available_to", "must not be before available_from");
  if (!association.empty()) check_id(association, "association");
}

std::optional<Money> GuaranteeTerms::effective_portfolio_cap(const Money& enrolled) const {
  std::optional<Money> cap = portfolio_cap;
  if (portfolio_cap_rate) {
    Money by_rate = multiply(enrolled, portfolio_cap_rate->to_decimal());
    cap = cap ? min(*cap, by_rate) : by_rate;
  }
  return cap;
}

Ratio GuaranteeTerms::fee_rate(bool borrower_informal) const {
  return Ratio{annual_fee.ppm + (borrower_informal ? fee_surcharge_informal.ppm : 0)};
}

bool GuaranteeTerms::enrols(const Date& disbursed) const {
  if (available_from.ok() && to_days(disbursed) < to_days(available_from)) return false;
  if (available_to.ok() && to_days(disbursed) > to_days(available_to)) return false;
  return true;
}

Agreement::Agreement(AgreementData d) : AgreementData(std::move(d)) {
  check_id(id, "agreement");
  check_id(bank, "bank");
  if (terms.per_loan_cap && !(terms.per_loan_cap->currency() == currency))
    bad("per_loan_cap", "must be in the agreement's currency");
  if (terms.portfolio_cap && !(terms.portfolio_cap->currency() == currency))
    bad("portfolio_cap", "must be in the agreement's currency");
}

ClaimSplit split_claim(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                       std::int64_t portfolio_room_minor, std::int64_t fund_available_minor) {
  GFUND_ASSERT(loss_minor >= 0);
  ClaimSplit out;
  // Integer half-even of loss x ppm / 1e6 without Decimal: exact in i128.
  i128 num = static_cast<i128>(loss_minor) * coverage.ppm;
  i128 q = num / Ratio::kOne, r = num % Ratio::kOne;
  if (2 * r > Ratio::kOne || (2 * r == Ratio::kOne && (q & 1))) ++q;
  std::int64_t pay = static_cast<std::int64_t>(q);
  if (per_loan_cap_minor >= 0 && pay > per_loan_cap_minor) {
    pay = per_loan_cap_minor;
    out.limit = ClaimLimit::per_loan_cap;
  }
  if (portfolio_room_minor >= 0 && pay > portfolio_room_minor) {
    pay = portfolio_room_minor;
    out.limit = ClaimLimit::portfolio_cap;
  }
  if (fund_available_minor >= 0 && pay > fund_available_minor) {
    pay = fund_available_minor;
    out.limit = ClaimLimit::fund_balance;
  }
  pay = std::max<std::int64_t>(pay, 0);
  out.fund_minor = pay;
  out.bank_minor = loss_minor - pay;
  GFUND_ASSERT(out.fund_minor + out.bank_minor == loss_minor && out.fund_minor <= loss_minor);
  return out;
}

namespace {
// floor-free pro-rata share of a cumulative recovery, half-even, exact.
std::int64_t share(std::int64_t amount, std::int64_t num, std::int64_t den) {
  if (den <= 0 || amount <= 0 || num <= 0) return 0;
  i128 p = static_cast<i128>(amount) * num;
  i128 q = p / den, r = p % den;
  if (2 * r > den || (2 * r == den && (q & 1))) ++q;
  return static_cast<std::int64_t>(q);
}
}  // namespace

std::int64_t recovery_to_fund(Structure s, std::int64_t recovered_minor, std::int64_t recovered_before_minor,
                              std::int64_t fund_paid_minor, std::int64_t loss_minor) {
  GFUND_ASSERT(recovered_minor >= 0 && recovered_before_minor >= 0 && fund_paid_minor >= 0);
  GFUND_ASSERT(fund_paid_minor <= loss_minor || loss_minor == 0);
  std::int64_t total = recovered_before_minor + recovered_minor;
  std::int64_t before_fund = 0, after_fund = 0;
  if (s == Structure::pari_passu) {
    // Cumulative share, so the sum over many recoveries equals the share of
    // their sum: no unit is lost or gained by splitting a recovery.
    before_fund = share(recovered_before_minor, fund_paid_minor, loss_minor);
    after_fund = share(total, fund_paid_minor, loss_minor);
  } else {
    std::int64_t bank_first = loss_minor - fund_paid_minor;
    before_fund = std::max<std::int64_t>(0, recovered_before_minor - bank_first);
    after_fund = std::max<std::int64_t>(0, total - bank_first);
  }
  before_fund = std::min(before_fund, fund_paid_minor);
  after_fund = std::min(after_fund, fund_paid_minor);
  std::int64_t out = after_fund - before_fund;
  GFUND_ASSERT(out >= 0 && out <= recovered_minor);
  return out;
}

}  // namespace gfund
