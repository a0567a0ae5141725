#pragma once
#include <cstdint>
// The ledger's results for people and machines: what a write did, and the
// status at a date as tables (terminal, CSV) and as JSON (`status --json`).
#include <string>

#include <nlohmann/json.hpp>

#include "engine/ledger/status.hpp"
#include "engine/ledger/verify.hpp"
#include "engine/ledger/writer.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// Rows added / unchanged per kind and the notices, one per line.
// notes_max: at most that many notes (rate-cap flags, staged payouts...)
// are printed, then how many more there were.
std::string write_report_text(const ledger::WriteReport& r, std::size_t notes_max = SIZE_MAX);
// The first notes_max notes, a "note: " line each, then how many more there were.
std::string notes_text(const ledger::WriteReport& r, std::size_t notes_max);
// One line: what was added (or would be, dry run) and what was already stored.
std::string write_summary_text(const ledger::WriteReport& r);
// The same for --json: {"dry_run", "added": {kind: n}, "unchanged": {kind: n}, "notices": [...]}, every notice.
nlohmann::json write_report_json(const ledger::WriteReport& r);
// verify's result for --json: {"ok", "loans_checked", "events_checked", "agreements_checked", "differences": [...]}.
nlohmann::json verify_report_json(const ledger::VerifyReport& r);

// The status as tables: totals per fund, bank and association; aging per
// bank; the fund account with caps; the claims.
Table status_totals_table(const ledger::LedgerStatus& s);
Table status_aging_table(const ledger::LedgerStatus& s);
Table status_fund_table(const ledger::LedgerStatus& s);
// Per agreement: cap, claims owed against it, remaining cap, guaranteed exposure,
// maximum liability, fees receivable, and an alert where exposure exceeds the remaining cap.
Table status_caps_table(const ledger::LedgerStatus& s);
Table status_claims_table(const ledger::LedgerStatus& s);
// Loans claimable at as_of and not yet claimed, with what the fund would owe, and the total.
Table status_pipeline_table(const ledger::LedgerStatus& s);
// Guaranteed exposure, rate and provision per aging bucket, claims owed at 100%, and the total.
Table status_provisioning_table(const ledger::LedgerStatus& s);
// Every status table as text, one after another.
std::string status_text(const ledger::LedgerStatus& s, const TextOptions& options = {});
// The status as JSON: amounts as {minor, currency, text}.
nlohmann::json status_json(const ledger::LedgerStatus& s);

}  // namespace gfund::reports
