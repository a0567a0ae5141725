#pragma once
// Helpers shared by the ledger verbs (init, import, disburse, repay,
// write-off, claim, recover, status, verify, snapshot, demo).
#include <cstddef>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/ledger/fund_currency.hpp"
#include "engine/ledger/writer.hpp"

namespace gfund::cli {

// The as-of date of a command on the ledger at db_path: "YYYY-MM-DD" when
// given (UsageError naming --as-of if not a date), else the date of the
// ledger's last event, said on stderr (a ledger last fed months ago read as
// of today would show every live loan as months past due); today (UTC) for a
// ledger with no event yet.
Date ledger_as_of(const std::string& db_path, const std::string& text);
// Today's date in UTC (a report's "prepared" date).
Date today_utc();

// Notes an import prints before saying how many more there are (import --all-notes: every one).
inline constexpr std::size_t kImportNotesShown = 20;

// An import's result: what was added on stdout (with how many notes there
// were), the first notes_max notes on stderr (none with --quiet).
void print_import_report(const ledger::WriteReport& r, std::size_t notes_max);

// Adds the --db option of a ledger verb; when not typed it comes from the
// GFUND_DB environment variable (export GFUND_DB=fund.db once), else from
// the settings file's `db` (cli/settings_file.hpp); required when none of
// them names a ledger.
// The ledger a risk verb (simulate, size, stress, termsheet) reads when
// given neither --db nor --book: $GFUND_DB, else the settings file's db, else
// none. Says which on stderr (a notice).
std::string risk_db_default(const std::string& db, const std::string& book);

CLI::Option* add_db_option(CLI::App* cmd, std::string& db, const std::string& help = "Ledger file");

// Adds --fx CODE=RATE (repeatable): the rate headline figures convert a
// currency at, instead of the ledger's dated fx_rates.
void add_fx_option(CLI::App* cmd, std::vector<std::string>& fx);
// The --fx texts as the engine takes them (UsageError on a malformed one).
ledger::GivenFx given_fx(const std::vector<std::string>& fx);
// One line on stderr (a notice: --quiet hides it) saying which rates the
// headline figures used, or which currency had none.
void say_fx_used(const ledger::FundCurrencyTotals& t, const Currency& fund, const Date& as_of);

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
