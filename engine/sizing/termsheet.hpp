#pragma once
// A term sheet for one bank (optionally one association): candidate terms
// side by side, each valued on the same drawn defaults, with the figures a
// negotiator needs. Plain data; reports render it.
#include <optional>
#include <string>
#include <vector>

#include "engine/sizing/sizing.hpp"

namespace gfund::sizing {

struct TermOption {
  std::string label;   // "50% pari passu"
  GuaranteeTerms terms;
};

// 30 / 50 / 70% pari passu with the current caps, and first loss (100% up to
// a portfolio cap of 10% / 20% of enrolled volume).
std::vector<TermOption> default_term_options(const GuaranteeTerms& current);

struct TermsheetRow {
  std::string label;
  double coverage = 0;
  std::string structure;
  std::string caps;                         // "per loan 2,500.00; portfolio 20%"
  double bank_loss_rate_net = 0;            // bank's expected loss net of the guarantee / enrolled volume
  double bank_loss_rate_gross = 0;          // ... without the guarantee
  double fund_expected_claims_minor = 0;    // net claims of the bank's agreement(s)
  double fund_claims_99_minor = 0;          // 99% quantile of those
  Estimate exhaustion_probability;          // the whole fund, with its capital
  std::optional<VolumeAnswer> most_lending; // when the plan has lending for the bank
  double break_even_fee = 0;                // per year, on guaranteed outstanding (with the cost loading)
  double break_even_low = 0, break_even_high = 0;
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
  std::vector<TermsheetRow> rows;
};

Termsheet build_termsheet(const Portfolio& p, const DefaultDraws& d, const Candidate& base, const std::string& bank,
                          const std::string& association, const std::vector<TermOption>& options,
                          std::int64_t capital_minor, const Target& target, double cost_loading);

}  // namespace gfund::sizing
