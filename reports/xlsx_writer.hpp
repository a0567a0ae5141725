#pragma once
// Renders a Document as an Excel workbook (libxlsxwriter): an "About" sheet
// (title, facts, contents), then one sheet per section. Tables keep their
// types: money as numbers in major units with the currency's decimals
// ("#,##0.00"), ratios and probabilities as real percentages ("0.00%"),
// dates as Excel dates; the first table's header row is frozen. Each chart
// becomes a native Excel chart beside the tables, drawn from a labelled
// block of chart data further right on the same sheet.
//
// KPI cards are not written (their figures are in the section's tables).
// Money leaves the exact world here: Excel holds IEEE doubles. Every amount
// below 2^53 minor units (90 trillion USD) reads back to the same cent.
#include <string>

#include "reports/document.hpp"

namespace gfund::reports {

// Writes the workbook to path atomically. Throws IoError naming the path if
// it cannot be written, DataError if a table has more rows than a sheet holds.
void write_workbook_xlsx(const Document& doc, const std::string& path);

// The sheet names write_workbook_xlsx uses, in order ("About" first): each
// <= 31 characters, without []:*?/\ and unique.
std::vector<std::string> workbook_sheet_names(const Document& doc);

}  // namespace gfund::reports
