// The risk engine's results for people and machines: readable tables (fund
// key figures, by bank, association and agreement, quantiles, exhaustion)
// and the whole result as JSON (`simulate --json`). Views only.
#include "reports/simulation_text.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

namespace gfund::reports {

namespace {

struct Fmt {
  double per_major;
  std::string unit;
  double major(double minor) const { return minor / per_major; }
};

std::string kind_name(risk::EntityKind k) {
  switch (k) {
    case risk::EntityKind::fund: return "fund";
    case risk::EntityKind::bank: return "bank";
    case risk::EntityKind::association: return "association";
    case risk::EntityKind::agreement: return "agreement";
  }
  return "";
}

const risk::TailMeasure& tail_at(const risk::Distribution& d, double level) {
  for (const auto& t : d.tails)
    if (std::abs(t.level - level) < 1e-12) return t;
  return d.tails.front();
}

Table entity_table(const risk::SimulationResult& r, risk::EntityKind kind, const std::string& title, const Fmt& f) {
  const std::string& u = f.unit;
  Table t(title, {{kind_name(kind), ColumnType::text},
                  {"loans", ColumnType::integer},
                  {"exposure", ColumnType::number, u, 0},
                  {"EL", ColumnType::number, u, 0},
                  {"EL se", ColumnType::number, u, 0},
                  {"claims EL", ColumnType::number, u, 0},
                  {"claims se", ColumnType::number, u, 0},
                  {"bank net EL", ColumnType::number, u, 0},
                  {"claims VaR99", ColumnType::number, u, 0},
                  {"claims ES99", ColumnType::number, u, 0},
                  {"ES99 se", ColumnType::number, u, 0},
                  {fmt::format("ES{:g} share", r.euler_level * 100), ColumnType::number, u, 0},
                  {"share se", ColumnType::number, u, 0}});
  for (const auto& e : r.entities) {
    if (e.kind != kind) continue;
    const auto& v99 = tail_at(e.claims, 0.99);
    t.add_row({e.id.empty() ? std::string(kind == risk::EntityKind::association ? "(none)" : "fund") : e.id,
               e.loans, f.major(e.exposure_minor), f.major(e.loss.mean.value), f.major(e.loss.mean.se),
               f.major(e.claims.mean.value), f.major(e.claims.mean.se), f.major(e.bank_net.mean.value),
               f.major(v99.var.value), f.major(v99.es.value), f.major(v99.es.se), f.major(e.es_contribution.value),
               f.major(e.es_contribution.se)});
  }
  return t;
}


// Importance sampling, said where the figures are: the level aimed at, the
// factors' shifted means and the weights' effective sample size.
std::string sampling_note(const risk::SimulationResult& r) {
  if (r.method != "importance") return "";
  std::string shift;
  for (const auto& [name, mean] : r.factor_shift) shift += fmt::format("{}{} {:+.2f}", shift.empty() ? "" : ", ", name, mean);
  return fmt::format("; importance sampling toward the {:g}% tail (factor means {}; effective scenarios {:.0f}): "
                     "every figure a weighted estimate",
                     r.tail_level * 100, shift.empty() ? "unshifted" : shift, r.effective_scenarios);
}

}  // namespace

std::vector<Table> simulation_tables(const risk::SimulationResult& r) {
  const Fmt f{static_cast<double>(r.currency.minor_per_major()), std::string(r.currency.code_view())};
  const std::string& u = f.unit;
  const risk::EntityResult& fund = r.entities.front();
  const std::string note = fmt::format("model {}, as of {}, horizon {} months, {} scenarios, seed {}{}",
                                       r.model_name.empty() ? "-" : r.model_name, format_date(r.as_of),
                                       r.horizon_months, r.scenarios, r.seed, sampling_note(r));
  std::vector<Table> out;

  Table key(fmt::format("Fund: simulated losses and claims over {} months", r.horizon_months),
            {{"measure", ColumnType::text},
             {"loss", ColumnType::number, u, 0},
             {"loss ±se / 95% CI", ColumnType::text},
             {"claims", ColumnType::number, u, 0},
             {"claims ±se / 95% CI", ColumnType::text}});
  auto se_text = [&](double se) { return fmt::format("±{:.0f}", f.major(se)); };
  auto ci_text = [&](const risk::Estimate& i) { return fmt::format("[{:.0f}, {:.0f}]", f.major(i.lo), f.major(i.hi)); };
  key.add_row({std::string("expected"), f.major(fund.loss.mean.value), se_text(fund.loss.mean.se),
               f.major(fund.claims.mean.value), se_text(fund.claims.mean.se)});
  key.add_row({std::string("standard deviation"), f.major(fund.loss.sd), std::string(), f.major(fund.claims.sd),
               std::string()});
  for (std::size_t i = 0; i < fund.loss.tails.size(); ++i) {
    const auto& l = fund.loss.tails[i];
    const auto& c = fund.claims.tails[i];
    key.add_row({fmt::format("VaR {:g}%", l.level * 100), f.major(l.var.value), ci_text(l.var),
                 f.major(c.var.value), ci_text(c.var)});
    key.add_row({fmt::format("ES {:g}%", l.level * 100), f.major(l.es.value), se_text(l.es.se), f.major(c.es.value),
                 se_text(c.es.se)});
  }
  key.set_note(fmt::format(
      "capital available {} {}; P(exhausted within horizon) {:.3f}% ±{:.3f}%; expected defaults {:.2f} ±{:.2f}; "
      "claims net of the fund's share of recoveries; {}",
      format_money(Money(r.currency, r.capital_minor), false), u, r.exhaustion_probability.value * 100,
      r.exhaustion_probability.se * 100, r.defaults_mean.value, r.defaults_mean.se, note));
  out.push_back(std::move(key));

  out.push_back(entity_table(r, risk::EntityKind::bank, "By bank (claims = fund's net payments on the bank's loans)", f));
  out.push_back(entity_table(r, risk::EntityKind::association, "By association", f));
  out.push_back(entity_table(r, risk::EntityKind::agreement, "By agreement", f));
  out.back().set_note(fmt::format("ES share: Euler allocation of the fund's claims ES at {:g}%; shares add up to the "
                                  "fund's ES ({:.0f} {}). ±se are Monte Carlo standard errors.",
                                  r.euler_level * 100, f.major(fund.es_contribution.value), u));

  Table q("Fund: loss and claims distribution (quantiles)",
          {{"probability", ColumnType::percent, "", 1},
           {"loss", ColumnType::number, u, 0},
           {"claims", ColumnType::number, u, 0},
           {"bank net", ColumnType::number, u, 0}});
  for (std::size_t i = 0; i < fund.loss.quantiles.size(); ++i)
    q.add_row({fund.loss.quantiles[i].first, f.major(fund.loss.quantiles[i].second),
               f.major(fund.claims.quantiles[i].second), f.major(fund.bank_net.quantiles[i].second)});
  q.set_note("probability 100% is the largest simulated value");
  out.push_back(std::move(q));

  Table ex("Fund: month the capital runs out", {{"month", ColumnType::integer}, {"probability", ColumnType::percent, "", 3}});
  double cum = 0;
  for (std::size_t m = 0; m < r.exhaustion_month_probability.size(); ++m) {
    cum += r.exhaustion_month_probability[m];
    if (r.exhaustion_month_probability[m] > 0) ex.add_row({static_cast<std::int64_t>(m + 1), r.exhaustion_month_probability[m]});
  }
  ex.set_note(cum > 0 ? fmt::format("P(exhausted within {} months) {:.3f}%", r.horizon_months, cum * 100)
                      : std::string("the capital was never exhausted in the simulated scenarios"));
  out.push_back(std::move(ex));
  return out;
}

namespace {
// Every estimate as one shape: {"value", "se", "ci95": [lo, hi]}.
nlohmann::json factor_shift_json(const risk::SimulationResult& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, mean] : r.factor_shift) j[name] = mean;
  return j;
}
nlohmann::json est(const risk::Estimate& e) { return {{"value", e.value}, {"se", e.se}, {"ci95", {e.lo, e.hi}}}; }
nlohmann::json dist(const risk::Distribution& d) {
  nlohmann::json tails = nlohmann::json::array(), qs = nlohmann::json::array();
  for (const auto& t : d.tails)
    tails.push_back({{"level", t.level},
                     {"var", est(t.var)},
                     {"es", est(t.es)}});
  for (const auto& [p, v] : d.quantiles) qs.push_back({{"p", p}, {"value", v}});
  return {{"mean", est(d.mean)}, {"sd", d.sd}, {"tails", tails}, {"quantiles", qs}};
}
}  // namespace

nlohmann::json simulation_json(const risk::SimulationResult& r) {
  nlohmann::json ents = nlohmann::json::array();
  for (const auto& e : r.entities)
    ents.push_back({{"kind", kind_name(e.kind)},
                    {"id", e.id},
                    {"loans", e.loans},
                    {"exposure_minor", e.exposure_minor},
                    {"loss_minor", dist(e.loss)},
                    {"claims_minor", dist(e.claims)},
                    {"bank_net_minor", dist(e.bank_net)},
                    {"es_contribution_minor", est(e.es_contribution)}});
  return {{"model", r.model_name},
          {"as_of", format_date(r.as_of)},
          {"horizon_months", r.horizon_months},
          {"seed", r.seed},
          {"scenarios", r.scenarios},
          {"method", r.method},
          {"tail_level", r.tail_level},
          {"factor_shift", factor_shift_json(r)},
          {"effective_scenarios", r.effective_scenarios},
          {"currency", std::string(r.currency.code_view())},
          {"capital_minor", r.capital_minor},
          {"euler_level", r.euler_level},
          {"exhaustion_probability", est(r.exhaustion_probability)},
          {"exhaustion_month_probability", r.exhaustion_month_probability},
          {"defaults_mean", est(r.defaults_mean)},
          {"claims_gross_mean_minor", r.claims_gross_mean_minor},
          {"entities", ents},
          {"warnings", r.warnings}};
}


std::string simulation_text(const risk::SimulationResult& result, const TextOptions& options) {
  std::ostringstream out;
  bool first = true;
  for (const auto& t : simulation_tables(result)) {
    if (!first) out << "\n";
    first = false;
    out << render_text(t, options);
  }
  return out.str();
}

}  // namespace gfund::reports
