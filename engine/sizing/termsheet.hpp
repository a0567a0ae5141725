#pragma once
// A term sheet for one bank (optionally one association): candidate terms
// side by side, each valued on the same drawn defaults, with the figures a
// negotiator needs. Plain data; reports render it.
#include <optional>
#include <string>
#include <vector>

#include "engine/sizing/sizing.hpp"
#include "models/term_changes.hpp"

namespace gfund::sizing {

struct TermOption {
  std::string label;   // "50% pari passu"
  GuaranteeTerms terms;
};

// 30 / 50 / 70% pari passu with the current caps, and first loss (100% up to
// a portfolio cap of 10% / 20% of enrolled volume).
std::vector<TermOption> default_term_options(const GuaranteeTerms& current);
// What a negotiation compares: the agreement's terms now, then the rest.
// Labels: "current terms", then `others` as given.
std::vector<TermOption> with_current_terms(const GuaranteeTerms& current, std::vector<TermOption> others);

// One option's figures on the common draws. Amounts in minor units of the
// fund's currency; rates and probabilities as fractions; every estimate
// with its 95% Monte Carlo interval (risk::Estimate).
struct TermsheetRow {
  std::string label;
  GuaranteeTerms terms;                     // the option's terms (for the term sheet's rows of terms)
  double coverage = 0;
  std::string structure;
  std::string caps;                         // "per loan 2,500.00; portfolio 20%"
  Estimate bank_loss_rate_net;              // bank's expected loss net of the guarantee / enrolled volume
  Estimate bank_loss_rate_gross;            // ... without the guarantee
  Estimate fund_expected_claims_minor;      // net claims of the bank's agreement(s) over the horizon
  Estimate fund_claims_99_minor;            // 99% quantile of those
  Estimate fund_total_expected_minor;       // net claims of the whole fund, with this option in place
  Estimate fund_total_99_minor;             // 99% quantile of those
  Estimate exhaustion_probability;          // the whole fund, with its capital
  std::optional<VolumeAnswer> most_lending; // when the plan has lending for the bank
  Estimate break_even_fee;                  // per year, on guaranteed outstanding (with the cost loading)
  double fee = 0;                           // the option's own fee, per year
  double expected_fee_minor = 0;            // fee x expected guaranteed outstanding-years
  risk::Distribution claims_distribution;   // of the agreement(s)' net claims, for a chart
  double bank_volume = 1;                   // the bank's planned lending x this
};

struct Termsheet {
  std::string bank, association;
  std::vector<std::string> agreements;      // the agreement ids the options replace
  std::int64_t capital_minor = 0;
  std::int64_t enrolled_minor = 0;          // the bank's enrolled volume at 1x (fund currency)
  Target target;
  double cost_loading = 0;
  int scenarios = 0;
  std::uint64_t seed = 0;
  double bank_volume = 1;                   // the query's multiple of the bank's planned lending
  std::vector<TermsheetRow> rows;
};

// Values each option on the draws `d`: the bank's agreements (those of
// `association` only, when given) take the option's terms, every other
// agreement keeps `base`'s. `bank_volume` scales the bank's planned lending
// (1 = the plan; at most the portfolio's volume_multiplier_max). Throws
// UsageError (field --bank) when no agreement matches.
struct TermsheetQuery {
  std::string bank, association;
  std::vector<TermOption> options;
  std::int64_t capital_minor = 0;
  Target target;
  double cost_loading = 0;
  double bank_volume = 1;
};
Termsheet build_termsheet(const Portfolio& p, const DefaultDraws& d, const Candidate& base, const TermsheetQuery& q);

// What `gfund termsheet` and `gfund serve` ask for: one bank's (and
// association's) agreement, and either proposed changes to its terms (the
// sheet: current terms, then "proposed") or none (current terms, then the
// standard options). Amounts in the changes are in the agreement's currency.
struct TermsheetAsk {
  std::string bank, association;
  TermChanges changes;
  double cost_loading = 0.2;
  double bank_volume = 1;
};
// Throws UsageError (--bank) for no such agreement, DataError naming the
// term for a change the terms refuse.
Termsheet termsheet_for(const Portfolio& p, const DefaultDraws& d, const Candidate& base, std::int64_t capital_minor,
                        const Target& target, const TermsheetAsk& ask);

}  // namespace gfund::sizing
