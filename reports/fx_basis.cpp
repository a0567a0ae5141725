#include "reports/fx_basis.hpp"

#include <fmt/format.h>

namespace gfund::reports {

std::string fx_basis(const ledger::FundCurrencyTotals& t, const Currency& fund) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  for (const auto& code : t.missing) add(fmt::format("no {} rate on or before the as-of date", code));
  if (!t.missing.empty()) return out;
  for (const auto& r : t.rates)
    add(fmt::format("{} at {} per {} ({})", r.currency, r.text, fund.code_view(),
                    r.dated ? "ledger rate of " + format_date(*r.dated) : std::string("given with --fx")));
  return out;
}

}  // namespace gfund::reports
