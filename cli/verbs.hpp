#pragma once
// One function per verb: each adds its subcommand (options, --help text and
// the callback that runs it) to the app. One verb per cli/verb_*.cpp file;
// the verbs stay thin: parse, call engine/reports, print, return.
#include <CLI/CLI.hpp>

namespace gfund::cli {

// Set by a verb's callback; main returns it.
int& exit_status();

void add_schedule_verb(CLI::App& app);
void add_demo_verb(CLI::App& app);
void add_init_verb(CLI::App& app);
void add_import_verb(CLI::App& app);
void add_disburse_verb(CLI::App& app);
void add_repay_verb(CLI::App& app);
void add_write_off_verb(CLI::App& app);
void add_claim_verb(CLI::App& app);
void add_recover_verb(CLI::App& app);
void add_status_verb(CLI::App& app);
void add_verify_verb(CLI::App& app);
void add_snapshot_verb(CLI::App& app);
void add_generate_verb(CLI::App& app);
void add_report_verb(CLI::App& app);
void add_simulate_verb(CLI::App& app);
void add_generate_book_verb(CLI::App& app);
void add_size_verb(CLI::App& app);
void add_stress_verb(CLI::App& app);
void add_termsheet_verb(CLI::App& app);
void add_calibrate_verb(CLI::App& app);
void add_restructure_verb(CLI::App& app);
void add_claim_settle_verb(CLI::App& app);
void add_serve_verb(CLI::App& app);
void add_seal_verb(CLI::App& app);
void add_backup_verb(CLI::App& app);
// `completion bash` and `man`: the completion script and the man page from the CLI's own definitions.
void add_completion_verb(CLI::App& app);
void add_man_verb(CLI::App& app);

}  // namespace gfund::cli
