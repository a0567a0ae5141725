#pragma once
// Guarantee fees received, per agreement. A fee event names the bank that
// paid it, not the agreement (the import's guarantee_fee rows carry a bank):
// a bank with one agreement paid it under that agreement; a bank with several
// is split among them pro rata to the fees each earned to as_of (largest
// remainder, so the parts add up to what the bank paid), or equally when none
// earned any. Fees from a bank with no agreement are in no agreement's row
// (FundView::fees_in_minor still counts them).
#include <cstdint>
#include <map>
#include <string>

#include "engine/ledger/ledger_data.hpp"

namespace gfund::ledger {

// Per agreement id: fees received to as_of (events dated on or before it),
// minor units of the fund currency. `earned_minor` is the fee each agreement
// earned to as_of (the split's weights); every agreement of `data` has a row.
std::map<std::string, std::int64_t> fees_received_by_agreement(const LedgerData& data, const Date& as_of,
                                                               const std::map<std::string, std::int64_t>& earned_minor);

}  // namespace gfund::ledger
