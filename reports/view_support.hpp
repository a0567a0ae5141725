#pragma once
// Small helpers shared by the view builders (ledger_views, simulation_views,
// sizing_views): typed columns and cells with the right units, so every view
// writes money, percentages and estimates the same way.
#include <cstdint>
#include <set>
#include <string>

#include "models/currency.hpp"
#include "models/money.hpp"
#include "reports/document.hpp"

namespace gfund::reports::view {

inline Column text_col(std::string name, std::string label) { return {std::move(name), ColumnType::text, "", 0, std::move(label)}; }
inline Column int_col(std::string name, std::string label, std::string unit = "") {
  return {std::move(name), ColumnType::integer, std::move(unit), 0, std::move(label)};
}
// Exact money; unit = the currency code when the whole column is one currency.
inline Column money_col(std::string name, std::string label, std::string unit = "") {
  return {std::move(name), ColumnType::money, std::move(unit), 2, std::move(label)};
}
// A share in [0, 1] shown as a percent.
inline Column pct_col(std::string name, std::string label, int decimals = 2) {
  return {std::move(name), ColumnType::percent, "", decimals, std::move(label)};
}
// A statistic in major units of a currency (an estimate, not a ledger amount).
inline Column amount_col(std::string name, std::string label, const Currency& c, int decimals = 0) {
  return {std::move(name), ColumnType::number, std::string(c.code_view()), decimals, std::move(label)};
}
inline Column num_col(std::string name, std::string label, int decimals = 2, std::string unit = "") {
  return {std::move(name), ColumnType::number, std::move(unit), decimals, std::move(label)};
}

inline Cell money(const Currency& c, std::int64_t minor) { return Money(c, minor); }
inline Cell count(std::int64_t n) { return n; }
inline Cell text(std::string s) { return s; }
// Minor units (a double estimate) -> major units for charts and statistics.
inline double major(const Currency& c, double minor) { return minor / static_cast<double>(c.minor_per_major()); }
inline double major(const Currency& c, std::int64_t minor) {
  return static_cast<double>(minor) / static_cast<double>(c.minor_per_major());
}
inline std::string code(const Currency& c) { return std::string(c.code_view()); }

// Month ends (or periods) a printed page shows of a time series; the
// workbook and the CSV export carry the whole history.
inline constexpr std::size_t kPageTrendMonths = 12;

// The unit of a money column: the currency when every row has the same one
// (cells then show bare amounts), empty otherwise (each cell names its own).
template <class Rows, class Get>
std::string common_unit(const Rows& rows, Get currency_of) {
  std::set<std::string> codes;
  for (const auto& r : rows) codes.insert(code(currency_of(r)));
  return codes.size() == 1 ? *codes.begin() : "";
}

}  // namespace gfund::reports::view
