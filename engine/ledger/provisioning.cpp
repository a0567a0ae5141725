#include "engine/ledger/provisioning.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/claim_rules.hpp"
#include "models/errors.hpp"

namespace gfund::ledger {

ProvisionRates default_provision_rates() {
  ProvisionRates r;
  const int pct[kAgingBuckets] = {1, 10, 25, 50, 75, 100};
  for (int b = 0; b < kAgingBuckets; ++b) r.rate[static_cast<std::size_t>(b)] = Ratio::percent(pct[b]);
  return r;
}

namespace {
std::string bucket_name(std::size_t b) {
  const std::string s(to_string(static_cast<AgingBucket>(b)));
  return s == "current" ? s : s + " days";
}

}  // namespace

ProvisionRates parse_provision_rates(std::string_view text, const std::string& field) {
  const auto refuse = [&](std::string rule) { throw UsageError(std::move(rule), ErrorSite{"", 0, field}); };
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ',') parts.push_back(std::move(cur)), cur.clear();
    else if (c != ' ') cur += c;
  }
  parts.push_back(std::move(cur));
  if (parts.size() != static_cast<std::size_t>(kAgingBuckets))
    refuse(fmt::format("expected six percentages, one per aging bucket (current, 1-30, 31-60, 61-90, 91-180, 180+ "
                       "days past due), e.g. 1,10,25,50,75,100; got {} in '{}'",
                       parts.size(), text));
  ProvisionRates r;
  for (std::size_t b = 0; b < parts.size(); ++b) {
    std::string p = parts[b];
    if (p.empty()) refuse(fmt::format("the rate for {} is empty", bucket_name(b)));
    if (p.back() != '%') p += '%';
    Ratio x;
    try {
      x = parse_ratio(p);
    } catch (const DataError&) {
      refuse(fmt::format("'{}' for {} is not a percentage", parts[b], bucket_name(b)));
    }
    if (x.ppm < 0 || x.ppm > Ratio::kOne)
      refuse(fmt::format("the rate for {} is {}: a provision rate is between 0 and 100", bucket_name(b), format_percent(x)));
    if (b > 0 && x < r.rate[b - 1])
      refuse(fmt::format("the rate for {} ({}) is below the rate for {} ({}): rates may not fall as arrears age",
                         bucket_name(b), format_percent(x), bucket_name(b - 1), format_percent(r.rate[b - 1])));
    r.rate[b] = x;
  }
  return r;
}

std::int64_t Provisioning::total_minor() const {
  std::int64_t t = claims_owed_minor;
  for (auto p : provision_minor) t += p;
  return t;
}

Provisioning provisioning(const std::array<std::int64_t, kAgingBuckets>& exposure_minor, std::int64_t claims_owed_minor,
                          const ProvisionRates& rates) {
  Provisioning out;
  out.rates = rates;
  out.exposure_minor = exposure_minor;
  out.claims_owed_minor = claims_owed_minor;
  for (std::size_t b = 0; b < exposure_minor.size(); ++b)
    out.provision_minor[b] = claim_rules::apply_ppm<claim_rules::Exact>(exposure_minor[b], rates.rate[b].ppm);
  return out;
}

}  // namespace gfund::ledger
