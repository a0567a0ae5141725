#pragma once
// The fund's general ledger for its accountant (engine/ledger/general_ledger.hpp)
// as tables: the journal, one row per debit or credit line, and the trial
// balance per account with a total row whose balance is zero. `gfund report
// --gl FILE` writes them as CSV.
#include <string>

#include "engine/ledger/general_ledger.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// Columns: entry, date, account, debit, credit, memo (money in `currency`,
// the side not used is blank).
Table gl_journal_table(const ledger::GeneralLedger& gl, const Currency& currency);
// Columns: account, debit, credit, balance (debit - credit); last row Total.
Table gl_trial_balance_table(const ledger::GeneralLedger& gl, const Currency& currency);
// The trial balance's file beside the journal's: "gl.csv" -> "gl-trial-balance.csv".
std::string trial_balance_path(const std::string& journal_path);

}  // namespace gfund::reports
