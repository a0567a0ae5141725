#pragma once
// Turning one scenario's defaults into claims on the fund, with the same
// rules as real claims (split_claim, recovery_to_fund): in time order, each
// defaulted guaranteed loan is claimed on its exposure at default, capped by
// the per-loan cap, the agreement's remaining cumulative cap and the fund's
// available capital; the recovery (EAD - loss) arrives recovery_lag months
// later and the fund's share of it (by the agreement's structure) returns to
// the fund's capital. A claim's whole share is booked at the claim: under
// staged payout (payout_at_claim < 100%) the ledger pays part of it when
// recovery ends, but the share is owed at once and counts against the
// fund's available balance (balance less claims due), so every claim
// decision, cap and exhaustion month is the ledger's
// (tests/bridge/claim_replay_test.cpp). Cheap enough to re-run on recorded
// defaults for every candidate in a sizing search (common random numbers).
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/risk/prepared_book.hpp"
#include "engine/risk/scenario_defaults.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund::risk {

// One agreement's claim rules in fund-currency minor units.
struct ClaimRule {
  std::string id;
  Structure structure = Structure::pari_passu;
  Ratio coverage;
  std::int64_t per_loan_cap_minor = -1;    // -1 = none
  std::int64_t portfolio_room_minor = -1;  // effective cap minus claims already paid; -1 = none
  int first_claim_month = 1;               // lock-in: claims in earlier months are refused (bank bears)
};

struct ClaimsSetup {
  std::int64_t capital_minor = 0;  // fund's available capital at as_of, fund-currency minor units, >= 0
  std::vector<ClaimRule> rules;    // one per PreparedBook::agreement_ids, same order
  int recovery_lag_months = 12;
};

// The fund's position at as_of, from the ledger or the command line.
struct FundInputs {
  Currency currency;                                   // fund currency
  std::int64_t capital_minor = 0;                      // available capital, minor units
  std::map<std::string, std::int64_t> claims_paid_minor;  // agreement -> claims paid so far (fund ccy)
  std::map<std::string, std::int64_t> enrolled_minor;     // agreement -> volume enrolled (its own ccy);
                                                          // absent: the book's outstanding (at FX) is used
};

// Builds the rules: caps converted into the fund currency at the model's FX
// rates, cumulative caps from effective_portfolio_cap(enrolled) less the
// claims already paid, lock-in from available_from + lock_in_months.
ClaimsSetup make_claims_setup(const PreparedBook& book, const std::vector<Agreement>& agreements,
                              const RiskModel& model, const FundInputs& fund);

// Column layout of one scenario's outcome row (int64 each; amounts in fund
// minor units, ultimate: recoveries after the horizon included).
struct OutcomeLayout {
  std::size_t banks = 0, associations = 0, agreements = 0;
  // Fund-level columns.
  static constexpr std::size_t kLoss = 0;          // total loss (EAD x LGD) of all defaults
  static constexpr std::size_t kClaimsNet = 1;     // fund's claims net of its recovery share
  static constexpr std::size_t kClaimsGross = 2;   // fund's claims paid out
  static constexpr std::size_t kExhaustMonth = 3;  // first month a claim was cut by the fund's capital; 0 = never
  static constexpr std::size_t kDefaults = 4;      // number of defaults
  static constexpr std::size_t kFundCols = 5;
  // Per bank / association: loss, claims net (bank's own net loss = loss - claims net).
  std::size_t bank_loss(std::size_t b) const { return kFundCols + 2 * b; }
  std::size_t bank_claims(std::size_t b) const { return kFundCols + 2 * b + 1; }
  std::size_t assoc_loss(std::size_t a) const { return kFundCols + 2 * banks + 2 * a; }
  std::size_t assoc_claims(std::size_t a) const { return kFundCols + 2 * banks + 2 * a + 1; }
  // Per agreement: loss, claims net, claims gross.
  std::size_t agr_loss(std::size_t g) const { return kFundCols + 2 * banks + 2 * associations + 3 * g; }
  std::size_t agr_claims(std::size_t g) const { return agr_loss(g) + 1; }
  std::size_t agr_gross(std::size_t g) const { return agr_loss(g) + 2; }
  std::size_t width() const { return kFundCols + 2 * banks + 2 * associations + 3 * agreements; }
};
OutcomeLayout layout_of(const PreparedBook& book);

// Per-scenario outcomes, one row per scenario.
struct OutcomeMatrix {
  OutcomeLayout layout;
  std::size_t scenarios = 0;        // of the run
  // The rows held: every scenario's in one process (first = 0); in an MPI
  // job a rank may hold only its own range (engine/risk/mpi_ranks.hpp).
  std::size_t first = 0;
  std::vector<std::int64_t> cells;  // held rows x layout.width(): scenario s at row s - first
  // Importance sampling: each scenario's likelihood ratio (> 0, mean 1 under
  // the sampling law; importance.hpp). Empty = plain Monte Carlo (all 1).
  std::vector<double> weights;
  std::vector<double> shift;  // importance sampling: the factor normals' shift (internal order), tail_level its target
  double tail_level = 0;
  std::size_t held() const { return layout.width() ? cells.size() / layout.width() : 0; }
  bool holds_all() const { return first == 0 && held() == scenarios; }
  std::int64_t* row(std::size_t s) { return cells.data() + (s - first) * layout.width(); }
  const std::int64_t* row(std::size_t s) const { return cells.data() + (s - first) * layout.width(); }
  std::int64_t at(std::size_t s, std::size_t col) const { return row(s)[col]; }
};

// Aggregates one scenario's defaults (sorted by month, loan) into `row`
// (layout.width() cells, overwritten). Invariants checked (each over the
// whole scenario, reported once it is through): per agreement, gross claims
// <= room; the fund never pays more than it has; per default, the fund's net
// share within [0, loss] (fund + bank shares == loss). The hot loop: the rules
// are copied per call into per-thread scratch; while the claims stay within
// the capital (most scenarios) the capital is not tracked per default, which
// is exact (capital cuts no claim); amounts of 2^31 minor units and more go
// through the reference rules. tests/risk/aggregate_equivalence_test.cpp
// holds it to a plain loop on split_claim / recovery_to_fund, cell for cell.
void aggregate_scenario(const PreparedBook& book, const ClaimsSetup& setup, std::span<const Default> defaults,
                        std::int64_t* row);

}  // namespace gfund::risk
