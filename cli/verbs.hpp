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
void add_report_verb(CLI::App& app);
void add_simulate_verb(CLI::App& app);
void add_generate_book_verb(CLI::App& app);

}  // namespace gfund::cli
