#pragma once
// A money column whose cells are in more than one currency, split into one
// column per currency ("Outstanding (USD)", "Outstanding (KHR)"), each cell in
// its own currency's column and blank in the others. A spreadsheet then never
// sums riel and dollars in one column. Other columns, rows, totals and the
// note are as in the table.
#include "reports/table.hpp"

namespace gfund::reports {

// The table with every mixed-currency money column split, currencies in the
// order their first cell appears; the table itself when none is mixed.
Table split_currency_columns(const Table& t);

}  // namespace gfund::reports
