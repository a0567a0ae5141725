#include "reports/currency_columns.hpp"

#include <string>
#include <vector>

namespace gfund::reports {
namespace {

// The currency codes of a column's money cells, in first-seen order.
std::vector<std::string> codes_in(const Table& t, std::size_t col) {
  std::vector<std::string> codes;
  for (const auto& row : t.rows())
    if (const auto* m = std::get_if<Money>(&row[col])) {
      const std::string c(m->currency().code_view());
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    }
  return codes;
}

}  // namespace

Table split_currency_columns(const Table& t) {
  const auto& cols = t.columns();
  std::vector<std::vector<std::string>> split(cols.size());  // per column: its codes when split, else empty
  bool any = false;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].type != ColumnType::money) continue;
    auto codes = codes_in(t, i);
    if (codes.size() > 1) {
      split[i] = std::move(codes);
      any = true;
    }
  }
  if (!any) return t;
  std::vector<Column> out_cols;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (split[i].empty()) {
      out_cols.push_back(cols[i]);
      continue;
    }
    for (const auto& code : split[i]) {
      Column c = cols[i];
      c.name += "_" + code;
      c.unit = code;
      out_cols.push_back(std::move(c));
    }
  }
  Table out(t.title(), out_cols);
  for (const auto& row : t.rows()) {
    std::vector<Cell> cells;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (split[i].empty()) {
        cells.push_back(row[i]);
        continue;
      }
      const auto* m = std::get_if<Money>(&row[i]);
      for (const auto& code : split[i])
        cells.push_back(m && m->currency().code_view() == code ? row[i] : Cell{});
    }
    out.add_row(std::move(cells));
  }
  out.set_note(t.note());
  out.set_total_rows(t.total_rows());
  return out;
}

}  // namespace gfund::reports
