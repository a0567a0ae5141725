#pragma once
// What gfund says on stderr besides its errors: notices (which date, which
// model, an import's notes), warnings and progress lines. `--quiet` (before
// or after the verb) leaves out notices and progress; warnings and errors
// are always said. Results (stdout, files) never depend on it.
#include <cstdint>
#include <memory>
#include <string_view>

#include <CLI/CLI.hpp>

#include "engine/ledger/writer.hpp"
#include "reports/progress.hpp"

namespace gfund::cli {

// True once --quiet was given.
bool& quiet();
// Adds -q,--quiet to the app (every verb takes it: the app falls through).
void add_quiet_flag(CLI::App& app);

// "gfund: <text>" on stderr, unless quiet.
void notice(std::string_view text);
// "gfund: warning: <text>" on stderr, always.
void warning(std::string_view text);

// Progress line options: never when quiet, else on a terminal only.
reports::ProgressOptions progress_options();

// A ledger write's progress, one line per stage (checking, replaying,
// writing) with its ETA; hook() goes into WriteOptions::progress. Nothing
// is drawn when quiet or when stderr is not a terminal.
class WriteProgressLines {
 public:
  ledger::WriteProgress hook();
  ~WriteProgressLines();

 private:
  void on(ledger::WriteStage stage, std::uint64_t done, std::uint64_t total);
  std::unique_ptr<reports::Progress> line_;
  ledger::WriteStage stage_{};
};

}  // namespace gfund::cli
