// gfund disburse: Record a disbursement (a tranche) of a loan.
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_disburse_verb(CLI::App& app) {
  add_event_verb(app, "disburse", "disbursement", "Record a disbursement (a tranche) of a loan", /*amount_required=*/true, /*amount_allowed=*/true);
}

}  // namespace gfund::cli
