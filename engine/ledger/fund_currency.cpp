#include "engine/ledger/fund_currency.hpp"

#include <fmt/format.h>

#include "models/decimal.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {
namespace {

double positive_rate(const std::string& code, const std::string& text) {
  double rate = 0.0;
  try {
    rate = static_cast<double>(parse_decimal(text));
  } catch (const Error&) {
    rate = 0.0;
  }
  if (!(rate > 0.0))
    throw UsageError(fmt::format("--fx {}={}: the rate must be a decimal above 0 (major units of {} per fund unit)", code,
                                 text, code));
  return rate;
}

// Every amount of `t` converted into `to`, each rounded once.
StatusTotals converted(const StatusTotals& t, const Currency& to, const FxRates& fx) {
  const auto c = [&](std::int64_t minor) { return convert_minor(minor, t.currency, to, fx); };
  StatusTotals out = t;
  out.currency = to;
  out.disbursed_minor = c(t.disbursed_minor);
  out.outstanding_minor = c(t.outstanding_minor);
  out.par30_minor = c(t.par30_minor);
  out.par90_minor = c(t.par90_minor);
  out.written_off_minor = c(t.written_off_minor);
  out.claims_paid_minor = c(t.claims_paid_minor);
  out.recoveries_minor = c(t.recoveries_minor);
  out.guaranteed_exposure_minor = c(t.guaranteed_exposure_minor);
  out.claims_due_minor = c(t.claims_due_minor);
  return out;
}

void add_into(StatusTotals& sum, const StatusTotals& t) {
  sum.loans += t.loans;
  sum.live_loans += t.live_loans;
  sum.disbursed_minor += t.disbursed_minor;
  sum.outstanding_minor += t.outstanding_minor;
  sum.par30_minor += t.par30_minor;
  sum.par90_minor += t.par90_minor;
  sum.written_off_minor += t.written_off_minor;
  sum.claims_paid_minor += t.claims_paid_minor;
  sum.recoveries_minor += t.recoveries_minor;
  sum.guaranteed_exposure_minor += t.guaranteed_exposure_minor;
  sum.claims_due_minor += t.claims_due_minor;
}

}  // namespace

FxRates FundCurrencyTotals::fx_rates(const Currency& fund) const {
  FxRates fx{fund, {}};
  for (const auto& r : rates) fx.per_fund_unit[r.currency] = r.per_fund_unit;
  return fx;
}

std::optional<FxRateUsed> rate_in_effect(const LedgerData& d, const std::string& code, const Date& as_of,
                                         const GivenFx& given) {
  if (auto it = given.find(code); it != given.end())
    return FxRateUsed{code, it->second, positive_rate(code, it->second), std::nullopt};
  const StoredFxRate* latest = nullptr;  // fx_rates are in (currency, date) order
  for (const auto& r : d.fx_rates)
    if (r.currency == code && r.date <= as_of) latest = &r;
  if (!latest) return std::nullopt;
  return FxRateUsed{code, latest->text, latest->per_fund_unit, latest->date};
}

FundCurrencyTotals fund_currency_totals(const LedgerData& d, const std::vector<StatusTotals>& fund_rows,
                                        const Date& as_of, const GivenFx& given) {
  FundCurrencyTotals out;
  for (const auto& t : fund_rows) {
    if (t.currency == d.fund_currency) continue;
    const std::string code(t.currency.code_view());
    if (auto r = rate_in_effect(d, code, as_of, given)) out.rates.push_back(*r);
    else out.missing.push_back(code);
  }
  if (!out.missing.empty()) return out;
  const FxRates fx = out.fx_rates(d.fund_currency);
  StatusTotals sum;
  sum.level = "fund";
  sum.key = "all currencies";
  sum.currency = d.fund_currency;
  for (const auto& t : fund_rows) add_into(sum, converted(t, d.fund_currency, fx));
  out.total = sum;
  return out;
}

std::pair<std::string, std::string> parse_given_fx(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw UsageError(fmt::format("--fx '{}': write CODE=RATE, e.g. --fx KHR=4100 (riel per unit of the fund's currency)",
                                 text));
  std::string code = text.substr(0, eq);
  for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::optional<Currency> c;
  try {
    c = currency_from_code(code);
  } catch (const Error& e) {
    throw UsageError(fmt::format("--fx {}: {}", text, e.what()));
  }
  std::string rate = text.substr(eq + 1);
  positive_rate(std::string(c->code_view()), rate);
  return {std::string(c->code_view()), rate};
}

}  // namespace gfund::ledger
