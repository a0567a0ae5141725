// gfund claim: Claim a defaulted loan under its guarantee agreement (amount follows the terms).
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_claim_verb(CLI::App& app) {
  add_event_verb(app, "claim", "claim", "Claim a defaulted loan under its guarantee agreement (amount follows the terms)", /*amount_required=*/false, /*amount_allowed=*/true);
}

}  // namespace gfund::cli
