#include "engine/sizing/model_spec.hpp"

namespace gfund::sizing {

bool SegmentFilter::matches(const std::string& b, const std::string& a, const std::string& s,
                            const std::string& c) const {
  // "none" selects loans outside any association, as in the risk engine.
  const bool assoc_ok = association.empty() || association == a || (association == "none" && a.empty());
  return (bank.empty() || bank == b) && assoc_ok && (sector.empty() || sector == s) && (currency.empty() || currency == c);
}

double ModelSpec::pd_for(const std::string& bank, const std::string& association, const std::string& sector,
                         const std::string& currency) const {
  for (const auto& s : pd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.pd_annual;
  return pd_default;
}

double ModelSpec::lgd_for(const std::string& bank, const std::string& association, const std::string& sector,
                          const std::string& currency) const {
  for (const auto& s : lgd_segments)
    if (s.filter.matches(bank, association, sector, currency)) return s.mean;
  return lgd;
}

double ModelSpec::bank_loading_for(const std::string& bank) const {
  auto it = bank_loading.find(bank);
  return it == bank_loading.end() ? 0.0 : it->second;
}

}  // namespace gfund::sizing
