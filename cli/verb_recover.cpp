// gfund recover: Record money recovered on a claimed or written-off loan (shared back to the fund).
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_recover_verb(CLI::App& app) {
  add_event_verb(app, "recover", "recovery", "Record money recovered on a claimed or written-off loan (shared back to the fund)", /*amount_required=*/true, /*amount_allowed=*/true);
}

}  // namespace gfund::cli
