// gfund write-off: Write off a loan's whole outstanding principal.
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_write_off_verb(CLI::App& app) {
  add_event_verb(app, "write-off", "write_off", "Write off a loan's whole outstanding principal", /*amount_required=*/false, /*amount_allowed=*/false);
}

}  // namespace gfund::cli
