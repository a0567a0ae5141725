#include "engine/ledger/fees_received.hpp"

#include <algorithm>
#include <vector>

#include "models/decimal.hpp"

namespace gfund::ledger {

std::map<std::string, std::int64_t> fees_received_by_agreement(const LedgerData& data, const Date& as_of,
                                                               const std::map<std::string, std::int64_t>& earned_minor) {
  std::map<std::string, std::int64_t> paid_by_bank;
  for (const auto& f : data.fund_events)
    if (f.kind == FundEventKind::guarantee_fee && !(as_of < f.date)) paid_by_bank[f.source] += f.amount_minor;
  std::map<std::string, std::vector<const Agreement*>> by_bank;
  std::map<std::string, std::int64_t> out;
  for (const auto& a : data.agreements) {
    by_bank[a.bank].push_back(&a);
    out[a.id] = 0;
  }
  for (const auto& [bank, agreements] : by_bank) {
    const auto paid = paid_by_bank.find(bank);
    if (paid == paid_by_bank.end()) continue;
    std::vector<Decimal> weights;
    bool any_earned = false;
    for (const auto* a : agreements) {
      const auto e = earned_minor.find(a->id);
      const std::int64_t w = e == earned_minor.end() ? 0 : std::max<std::int64_t>(e->second, 0);
      any_earned = any_earned || w > 0;
      weights.push_back(Decimal(w));
    }
    if (!any_earned) weights.assign(agreements.size(), Decimal(1));
    const auto parts = allocate(paid->second, weights);
    for (std::size_t i = 0; i < agreements.size(); ++i) out[agreements[i]->id] += parts[i];
  }
  return out;
}

}  // namespace gfund::ledger
