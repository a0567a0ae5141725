#include "engine/sizing/risk_draws.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/risk/prepared_book.hpp"
#include "engine/risk/simulate.hpp"

namespace gfund::sizing {

bool Shocks::is_base() const {
  return pd_multiplier == 1.0 && pd_multiplier_bank.empty() && pd_multiplier_association.empty() &&
         pd_multiplier_sector.empty() && pd_multiplier_currency.empty() && loading_shift == 0.0 &&
         lgd_shift == 0.0 && !economy_factor && devaluation.empty() && moratorium_months == 0;
}

risk::RiskModel apply_shocks(const risk::RiskModel& base, const Shocks& s) {
  risk::RiskModel m = base;
  if (s.is_base()) return m;
  if (!s.name.empty()) m.name = base.name + " / " + s.name;
  if (s.pd_multiplier != 1.0) m.pd_multipliers.push_back({{}, s.pd_multiplier});
  for (const auto& [id, x] : s.pd_multiplier_bank) m.pd_multipliers.push_back({{.bank = id}, x});
  for (const auto& [id, x] : s.pd_multiplier_association) m.pd_multipliers.push_back({{.association = id}, x});
  for (const auto& [id, x] : s.pd_multiplier_sector) m.pd_multipliers.push_back({{.sector = id}, x});
  for (const auto& [code, x] : s.pd_multiplier_currency) m.pd_multipliers.push_back({{.currency = code}, x});
  m.loading_shift += s.loading_shift;
  m.lgd_shift += s.lgd_shift;
  if (s.economy_factor) {
    auto it = std::find_if(m.factors.begin(), m.factors.end(), [](const risk::Factor& f) { return f.name == "economy"; });
    if (it == m.factors.end())
      throw DataError(fmt::format("scenario '{}': economy_factor needs a factor named \"economy\" in the model", s.name),
                      {"", 0, "economy_factor"});
    std::erase_if(m.fixed_factors, [](const risk::FixedFactor& f) { return f.name == "economy"; });
    m.fixed_factors.push_back({"economy", *s.economy_factor});
  }
  // A currency the model has no rate for has no loan in the book: nothing to revalue.
  for (const auto& [code, d] : s.devaluation)
    if (auto it = m.fx_per_fund_unit.find(code); it != m.fx_per_fund_unit.end()) it->second *= 1.0 + d;
  if (s.moratorium_months > 0) m.moratorium = {s.moratorium_start_month, s.moratorium_months};
  return m;
}

DefaultDraws draw_defaults_risk(const Portfolio& p, const risk::RiskModel& base, const Shocks& shocks,
                                const DrawOptions& options, std::vector<std::string>* warnings) {
  const risk::RiskModel model = apply_shocks(base, shocks);
  risk::validate(model);
  Book book = p.loans;
  book.as_of = p.as_of;
  const risk::PreparedBook pb = risk::prepare_book(book, p.agreements, model, p.currency, p.start_months);
  if (warnings) warnings->insert(warnings->end(), pb.warnings.begin(), pb.warnings.end());
  risk::SimulationOptions so;
  so.seed = options.seed;
  so.scenarios = static_cast<std::uint32_t>(options.scenarios);
  so.threads = options.threads;
  so.method = options.importance ? risk::Method::importance : risk::Method::plain;
  so.tail_level = options.tail_level;
  so.on_scenario_done = options.on_scenario_done;
  const risk::DefaultSet set = risk::record_defaults(pb, so);

  DefaultDraws out;
  out.scenarios = options.scenarios;
  out.horizon_months = model.horizon_months;
  out.recovery_lag_months = model.recovery_lag_months;
  out.seed = options.seed;
  out.weights = set.weights;
  out.economy_factor.assign(static_cast<std::size_t>(options.scenarios), 0.0);
  out.first = static_cast<int>(set.first);
  out.held = static_cast<int>(set.held());
  out.offsets.assign(set.held() + 1, 0);
  out.events.reserve(set.defaults.size());
  for (std::size_t s = set.first; s < set.first + set.held(); ++s) {
    const auto first = out.events.size();
    for (const auto& d : set.scenario(s)) {
      if (pb.loans[d.loan].agreement == risk::kNoIndex) continue;
      const auto i = static_cast<std::int32_t>(risk::book_index(pb, d));
      out.events.push_back({i, d.month, d.ead_minor, d.ead_minor - d.loss_minor});
    }
    std::sort(out.events.begin() + static_cast<std::ptrdiff_t>(first), out.events.end(),
              [&](const DefaultEvent& a, const DefaultEvent& b) {
                const auto& ea = p.exposures[static_cast<std::size_t>(a.exposure)];
                const auto& eb = p.exposures[static_cast<std::size_t>(b.exposure)];
                if (ea.agreement != eb.agreement) return ea.agreement < eb.agreement;
                if (a.claim_month != b.claim_month) return a.claim_month < b.claim_month;
                return a.exposure < b.exposure;
              });
    out.offsets[s - set.first + 1] = static_cast<std::int64_t>(out.events.size());
  }
  // The economy factor drawn (or fixed) in each scenario, when the model has one.
  const auto F = pb.factor_names.size();
  for (std::size_t k = 0; k < F; ++k)
    if (pb.factor_names[k] == "economy" && set.factors.size() == F * set.scenarios())
      for (std::size_t s = 0; s < set.scenarios(); ++s) out.economy_factor[s] = set.factors[s * F + k];
  return out;
}

}  // namespace gfund::sizing
