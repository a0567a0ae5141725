#pragma once
// Guarantee agreements as CSV, the one format for `gfund import` and for the
// risk engine's `--agreements` file. Columns (header required; empty optional
// values take the GuaranteeTerms defaults):
//   id,bank,currency,coverage,structure                         (required)
//   association,per_loan_cap,portfolio_cap,portfolio_cap_rate,
//   claim_trigger_dpd,lock_in_months,payout_at_claim,annual_fee,
//   fee_surcharge_informal,fee_payer,available_from,available_to (optional)
// Rates as "50%" or "0.5"; caps as amounts in the agreement's currency.
#include <string>
#include <string_view>
#include <vector>

#include "engine/portfolio/csv.hpp"
#include "models/guarantee_terms.hpp"

namespace gfund {

std::vector<Agreement> read_agreements_csv(const std::string& path);
std::vector<Agreement> agreements_from_csv(const CsvTable& table);
std::span<const std::string_view> agreement_required_columns();
std::span<const std::string_view> agreement_optional_columns();

}  // namespace gfund
