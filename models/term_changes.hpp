#pragma once
// Proposed changes to an agreement's terms, as a negotiator types them:
// name=value pairs from `gfund termsheet --terms` and from the query string
// of `gfund serve`'s /api/quote. One parser for both, so a proposal typed in
// the terminal and one moved on the page mean the same terms; the result is
// validated by GuaranteeTerms' own constructor (the one room for its rules).
//
// Values: ratios as fractions or percentages ("0.6", "60%"); amounts in
// major units of `currency` ("2500", "2,500.00"); "none" lifts a cap.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/currency.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund {

// One term a proposal may change: its name (as typed) and what it means.
struct TermField {
  std::string_view name;
  std::string_view meaning;
};
// coverage, structure, per_loan_cap, portfolio_cap, portfolio_cap_rate, fee,
// lock_in_months, payout_at_claim. The claim trigger is not among them: it
// sets when a default becomes a claim, fixed when the defaults are drawn.
std::span<const TermField> term_fields();
bool is_term_field(std::string_view name);

using TermChanges = std::vector<std::pair<std::string, std::string>>;

// `current` with each change applied in order. Throws DataError whose field
// is the name as typed: an unknown name, a value that does not parse, or
// terms GuaranteeTerms refuses ("coverage: must be in (0, 100%]"). Setting
// portfolio_cap clears portfolio_cap_rate and the other way round (one
// portfolio cap at a time, as a negotiator means it).
GuaranteeTerms with_term_changes(const GuaranteeTerms& current, const TermChanges& changes, const Currency& currency);

// "coverage=0.6,structure=first_loss" -> pairs; a piece without '=' after
// the first continues the value before it ("per_loan_cap=1,200.50"). Throws
// DataError for a first piece without '=' or an empty name.
TermChanges parse_term_changes(std::string_view text);

}  // namespace gfund
