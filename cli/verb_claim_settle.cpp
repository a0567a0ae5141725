// gfund claim-settle: pay the claim balance due on a staged claim (when the bank declares recovery ended).
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_claim_settle_verb(CLI::App& app) {
  add_event_verb(app, "claim-settle", "claim_settlement",
                 "Pay the rest of a staged claim (agreements with payout_at_claim below 100%) when the bank declares "
                 "recovery ended; default amount: the whole claim balance due",
                 /*amount_required=*/false, /*amount_allowed=*/true);
}

}  // namespace gfund::cli
