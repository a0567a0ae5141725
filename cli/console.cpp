#include "cli/console.hpp"

#include <iostream>
#include <string>

namespace gfund::cli {

bool& quiet() {
  static bool q = false;
  return q;
}

void add_quiet_flag(CLI::App& app) {
  app.add_flag("-q,--quiet", quiet(), "Say only warnings and errors on stderr (no notices, notes or progress)");
}

void notice(std::string_view text) {
  if (!quiet()) std::cerr << "gfund: " << text << "\n";
}

void warning(std::string_view text) { std::cerr << "gfund: warning: " << text << "\n"; }

reports::ProgressOptions progress_options() {
  reports::ProgressOptions o;
  if (quiet()) o.mode = reports::ProgressOptions::Mode::never;
  return o;
}

ledger::WriteProgress WriteProgressLines::hook() {
  if (quiet() || !reports::stderr_is_interactive()) return {};
  return [this](ledger::WriteStage stage, std::uint64_t done, std::uint64_t total) { on(stage, done, total); };
}

void WriteProgressLines::on(ledger::WriteStage stage, std::uint64_t done, std::uint64_t total) {
  if (!line_ || stage != stage_) {
    if (line_) line_->finish();
    line_ = std::make_unique<reports::Progress>(std::string(ledger::to_string(stage)), total, progress_options());
    stage_ = stage;
  }
  line_->set(done);
}

WriteProgressLines::~WriteProgressLines() {
  if (line_) line_->finish();
}

}  // namespace gfund::cli
