// gfund repay: Record a repayment (allocated penalties, fees, interest, then principal).
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_repay_verb(CLI::App& app) {
  add_event_verb(app, "repay", "repayment", "Record a repayment (allocated penalties, fees, interest, then principal)", /*amount_required=*/true, /*amount_allowed=*/true);
}

}  // namespace gfund::cli
