#pragma once
// Helpers shared by the ledger verbs (init, import, disburse, repay,
// write-off, claim, recover, status, verify, snapshot, demo).
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/ledger/writer.hpp"

namespace gfund::cli {

// "YYYY-MM-DD", or today's date (UTC) when empty.
Date as_of_or_today(const std::string& text);

// The latest value date a new event may have: today where the calendar is
// furthest ahead (UTC+14), so a bank in Phnom Penh (UTC+7) can record
// today's repayment in the morning; none with --allow-future.
std::optional<Date> event_date_limit(bool allow_future);
// Adds --allow-future to a writing verb.
void add_allow_future_flag(CLI::App& cmd, bool& allow_future);

// Adds a loan-event verb (disburse, repay, write-off, claim, recover): one
// row through the same checks as an imported file.
void add_event_verb(CLI::App& app, const std::string& name, const std::string& kind, const std::string& help,
                    bool amount_required, bool amount_allowed);

}  // namespace gfund::cli
