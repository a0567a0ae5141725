#include "models/guarantee_terms.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/entities.hpp"
#include "models/errors.hpp"
#include "models/limits.hpp"

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
  if (claim_trigger_dpd < 1 || claim_trigger_dpd > kClaimTriggerDpdMax)
    bad("claim_trigger_dpd", fmt::format("must be in 1..{} days", kClaimTriggerDpdMax));
  if (lock_in_months < 0 || lock_in_months > kLockInMonthsMax)
    bad("lock_in_months", fmt::format("must be in 0..{}", kLockInMonthsMax));
  if (payout_at_claim.ppm <= 0 || payout_at_claim.ppm > Ratio::kOne) bad("payout_at_claim", "must be in (0, 100%]");
  if (annual_fee.ppm < 0 || annual_fee.ppm > kAnnualFeePpmMax)
    bad("annual_fee", fmt::format("must be in 0..{} a year", format_percent(Ratio{kAnnualFeePpmMax})));
  if (fee_surcharge_informal.ppm < 0 || fee_surcharge_informal.ppm > kAnnualFeePpmMax)
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

std::optional<Date> GuaranteeTerms::claims_open_from() const {
  if (!available_from.ok()) return std::nullopt;
  return add_months(available_from, lock_in_months);
}

int GuaranteeTerms::first_claim_month(const Date& as_of) const {
  const auto open = claims_open_from();
  if (lock_in_months <= 0 || !open || !as_of.ok()) return 1;
  // The ledger's own test (a claim dated on or after claims_open_from) on a
  // claim dated at its month's end; months_between is a whole-month floor,
  // so the search steps at most twice.
  const auto open_day = to_days(*open);
  int m = std::max(1, months_between(as_of, *open));
  while (to_days(claim_date(as_of, m)) < open_day) ++m;
  return m;
}

Date claim_date(const Date& as_of, int month) {
  using namespace std::chrono;
  const Date d = add_months(as_of, month);
  const bool month_end = as_of == Date(year_month_day_last(as_of.year(), month_day_last(as_of.month())));
  return month_end ? Date(year_month_day_last(d.year(), month_day_last(d.month()))) : d;
}

std::int64_t GuaranteeTerms::paid_at_claim(std::int64_t owed_minor) const {
  GFUND_ASSERT(owed_minor >= 0);
  return claim_rules::paid_at_claim<i128>(owed_minor, payout_at_claim.ppm);
}

Agreement::Agreement(AgreementData d) : AgreementData(std::move(d)) {
  check_id(id, "agreement");
  check_id(bank, "bank");
  if (terms.per_loan_cap && !(terms.per_loan_cap->currency() == currency))
    bad("per_loan_cap", "must be in the agreement's currency");
  if (terms.portfolio_cap && !(terms.portfolio_cap->currency() == currency))
    bad("portfolio_cap", "must be in the agreement's currency");
}

namespace {
std::string text_of(const std::optional<Money>& m) { return m ? format_money(*m) : "none"; }
std::string text_of(const std::optional<Ratio>& r) { return r ? format_percent(*r) : "none"; }
std::string text_of(const Ratio& r) { return format_percent(r); }
std::string text_of(const Date& d) { return d.ok() ? format_date(d) : "none"; }
std::string text_of(const std::string& s) { return s.empty() ? "none" : s; }
std::string text_of(int v) { return std::to_string(v); }
std::string text_of(Structure v) { return std::string(to_string(v)); }
std::string text_of(FeePayer v) { return std::string(to_string(v)); }
std::string text_of(const Currency& c) { return std::string(c.code_view()); }
// Amounts in two currencies are different values (Money's == refuses to compare them).
bool same(const std::optional<Money>& a, const std::optional<Money>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->currency() == b->currency() && a->minor() == b->minor());
}
template <class T>
bool same(const T& a, const T& b) {
  return a == b;
}
}  // namespace

std::optional<TermsDifference> first_difference(const Agreement& stored, const Agreement& given) {
  // A field added to the terms must be added here too: the size pins the
  // field list (x86-64 layout), so the build fails until it is.
  static_assert(sizeof(GuaranteeTermsData) == 176, "compare every field of GuaranteeTermsData in first_difference");
  std::optional<TermsDifference> out;
  const auto field = [&](const char* name, const auto& a, const auto& b) {
    if (!out && !same(a, b)) out = TermsDifference{name, text_of(a), text_of(b)};
  };
  const GuaranteeTerms &s = stored.terms, &g = given.terms;
  field("bank", stored.bank, given.bank);
  field("currency", stored.currency, given.currency);
  field("coverage", s.coverage, g.coverage);
  field("structure", s.structure, g.structure);
  field("per_loan_cap", s.per_loan_cap, g.per_loan_cap);
  field("portfolio_cap", s.portfolio_cap, g.portfolio_cap);
  field("portfolio_cap_rate", s.portfolio_cap_rate, g.portfolio_cap_rate);
  field("claim_trigger_dpd", s.claim_trigger_dpd, g.claim_trigger_dpd);
  field("lock_in_months", s.lock_in_months, g.lock_in_months);
  field("payout_at_claim", s.payout_at_claim, g.payout_at_claim);
  field("annual_fee", s.annual_fee, g.annual_fee);
  field("fee_surcharge_informal", s.fee_surcharge_informal, g.fee_surcharge_informal);
  field("fee_payer", s.fee_payer, g.fee_payer);
  field("available_from", s.available_from, g.available_from);
  field("available_to", s.available_to, g.available_to);
  field("association", s.association, g.association);
  return out;
}

ClaimSplit split_claim(std::int64_t loss_minor, Ratio coverage, std::int64_t per_loan_cap_minor,
                       std::int64_t portfolio_room_minor, std::int64_t fund_available_minor) {
  GFUND_ASSERT(loss_minor >= 0);
  const ClaimSplit out =
      split_claim_in<i128>(loss_minor, coverage, per_loan_cap_minor, portfolio_room_minor, fund_available_minor);
  GFUND_ASSERT(out.fund_minor + out.bank_minor == loss_minor && out.fund_minor <= loss_minor);
  return out;
}

std::int64_t recovery_to_fund(Structure s, std::int64_t recovered_minor, std::int64_t recovered_before_minor,
                              std::int64_t fund_paid_minor, std::int64_t loss_minor) {
  GFUND_ASSERT(recovered_minor >= 0 && recovered_before_minor >= 0 && fund_paid_minor >= 0);
  GFUND_ASSERT(fund_paid_minor <= loss_minor || loss_minor == 0);
  const std::int64_t out =
      recovery_to_fund_in<i128>(s, recovered_minor, recovered_before_minor, fund_paid_minor, loss_minor);
  GFUND_ASSERT(out >= 0 && out <= recovered_minor);
  return out;
}

}  // namespace gfund
