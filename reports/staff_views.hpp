#pragma once
// The staff lists (engine/ledger/staff_lists.hpp) as typed tables, for the
// terminal (`gfund status --list / --trend / --by`), the CSV and JSON
// exports, the workbook and the dashboard: PAR per bank over time, PAR by
// province and by sector, the arrears list, the restructured and
// written-off loans, the flows per month and quarter. Reads the lists;
// decides nothing. Amounts are the ledger's, exact to the unit; a money
// column names its currency in the header when every row shares it, and no
// total row ever adds two currencies.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/ledger/staff_lists.hpp"
#include "engine/ledger/status.hpp"
#include "reports/document.hpp"

namespace gfund::reports {

// PAR per bank at each date of the history, long form (bank, currency,
// month end, live loans, outstanding, PAR30 / PAR90 amount and share).
// bank: only that bank's rows ("" = every bank); months: only the last n
// dates of the history (0 = all of it).
Table par_trend_table(const ledger::StaffLists& s, const std::string& bank = "", std::size_t months = 0);
// The same PAR30 and PAR90 shares wide: a row per date, two columns per
// bank and currency (for a page: the last `months` dates).
Table par_trend_wide_table(const ledger::StaffLists& s, std::size_t months);
// PAR at as_of by the borrowers' province or sector, per currency.
Table par_segment_table(const ledger::StaffLists& s, ledger::Segment segment);
// Loans more than 0 days past due at as_of, by bank then days past due
// (descending); bank "" = every bank.
Table arrears_table(const ledger::StaffLists& s, const std::string& bank = "");
// Loans in arrears per bank and currency: counts, outstanding, overdue, and
// how many are claimable or claimed.
Table arrears_summary_table(const ledger::StaffLists& s);
Table restructured_table(const ledger::StaffLists& s, const std::string& bank = "");
Table written_off_table(const ledger::StaffLists& s, const std::string& bank = "");
// One table per currency, periods ascending, with a total row (the period
// flows add up to the ledger's totals at as_of).
std::vector<Table> flows_tables(const ledger::StaffLists& s, ledger::FlowPeriod period);

// What `gfund status` shows of the lists: one list, trend or breakdown.
enum class StaffView { arrears, restructured, written_off, par_trend, flows_month, flows_quarter, par_province, par_sector };
struct StaffQuery {
  StaffView view = StaffView::arrears;
  std::string bank;        // arrears, restructured, written-off and the PAR trend: that bank only ("" = all)
  std::size_t months = 0;  // PAR trend: the last n month ends (0 = the whole history)
};
// The tables of a query (flows: one per currency; the others: one).
std::vector<Table> staff_tables(const ledger::StaffLists& s, const StaffQuery& q);

// Dashboard and workbook sections: "PAR by bank, province and sector",
// "Arrears, restructured and written-off loans" and "Flows". The long
// registers (the PAR history long form, the monthly flows) are workbook and
// CSV only (Table::page_rows 0); the page shows the last 12 month ends and
// the last 8 quarters (the totals are to date).
std::vector<Section> staff_sections(const ledger::LedgerStatus& status);

}  // namespace gfund::reports
