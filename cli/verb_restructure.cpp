// gfund restructure: give a live loan new terms (rate, term, schedule type) on its principal outstanding.
#include "cli/ledger_cli.hpp"
#include "cli/verbs.hpp"

namespace gfund::cli {

void add_restructure_verb(CLI::App& app) {
  add_event_verb(app, "restructure", "restructure",
                 "Restructure a live loan: a new schedule on its principal outstanding at --date (interest in "
                 "arrears waived; history kept); status and snapshot use the new terms",
                 /*amount_required=*/false, /*amount_allowed=*/false);
}

}  // namespace gfund::cli
