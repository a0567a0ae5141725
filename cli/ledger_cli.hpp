#pragma once
// Helpers shared by the ledger verbs (init, import, disburse, repay,
// write-off, claim, recover, status, verify, snapshot, demo).
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/ledger/status.hpp"
#include "engine/ledger/writer.hpp"
#include "reports/table.hpp"

namespace gfund::cli {

// Prints what a write did: rows added / unchanged per kind and notices.
void print_write_report(const ledger::WriteReport& r, std::ostream& out);

// "YYYY-MM-DD", or today's date (UTC) when empty.
Date as_of_or_today(const std::string& text);

// Adds a loan-event verb (disburse, repay, write-off, claim, recover): one
// row through the same checks as an imported file.
void add_event_verb(CLI::App& app, const std::string& name, const std::string& kind, const std::string& help,
                    bool amount_required, bool amount_allowed);

// The status as tables (totals, aging, fund, caps, claims).
reports::Table status_totals_table(const ledger::LedgerStatus& s);
reports::Table status_aging_table(const ledger::LedgerStatus& s);
reports::Table status_fund_table(const ledger::LedgerStatus& s);
reports::Table status_claims_table(const ledger::LedgerStatus& s);
// Prints every status table as text.
void print_status_text(const ledger::LedgerStatus& s, std::ostream& out);

}  // namespace gfund::cli
