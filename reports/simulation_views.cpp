#include "reports/simulation_views.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/number_format.hpp"
#include "reports/view_support.hpp"

namespace gfund::reports {
namespace {
using namespace view;

// Exhaustion above 1% over the horizon is the default sizing target
// (issue 5); the card turns red beyond it.
constexpr double kExhaustionAlert = 0.01;

const risk::TailMeasure* tail_at(const risk::Distribution& d, double level) {
  for (const auto& t : d.tails)
    if (std::fabs(t.level - level) < 1e-9) return &t;
  return nullptr;
}

const risk::EntityResult* fund_of(const risk::SimulationResult& r) {
  for (const auto& e : r.entities)
    if (e.kind == risk::EntityKind::fund) return &e;
  return nullptr;
}

// 0.99 -> "99%", 0.995 -> "99.5%", 0.001 -> "0.1%".
std::string level_text(double level) { return fmt::format("{:g}%", std::round(level * 1000.0) / 10.0); }

std::vector<Kpi> fund_kpis(const risk::SimulationResult& r, const risk::EntityResult* f) {
  const auto& c = r.currency;
  std::vector<Kpi> kpis;
  if (f) {
    const auto* t = tail_at(f->claims, r.euler_level);
    kpis.push_back({"Expected claims", major(c, f->claims.mean.value), amount_col("", "", c),
                    fmt::format("± {} (95%), net of recoveries", group_number(1.96 * major(c, f->claims.mean.se), 0))});
    if (t) {
      kpis.push_back({"Claims VaR " + level_text(t->level), major(c, t->var.value), amount_col("", "", c),
                      fmt::format("95% CI {} – {}", group_number(major(c, t->var.lo), 0), group_number(major(c, t->var.hi), 0))});
      kpis.push_back({"Claims ES " + level_text(t->level), major(c, t->es.value), amount_col("", "", c),
                      "mean of the worst " + level_text(1 - t->level) + " of scenarios"});
    }
  }
  kpis.push_back({"Exhaustion probability", r.exhaustion_probability.value, pct_col("", "", 2),
                  fmt::format("± {:.2f} pts; available capital {} {}", 1.96 * r.exhaustion_probability.se * 100,
                              group_number(major(c, r.capital_minor), 0), code(c)),
                  r.exhaustion_probability.value > kExhaustionAlert});
  return kpis;
}

Chart exhaustion_chart(const risk::SimulationResult& r) {
  const auto& c = r.currency;
  const std::string cc = code(c);
  Chart months{"When the capital could run out", ChartKind::bar};
  months.x_title = "Month of the horizon";
  months.y_title = "Probability";
  months.y_format = ValueFormat::percent;
  Series ms{"Exhaustion in the month", {}, "#c0392b"};
  for (std::size_t m = 0; m < r.exhaustion_month_probability.size(); ++m) {
    months.categories.push_back(std::to_string(m + 1));
    ms.values.push_back(r.exhaustion_month_probability[m]);
  }
  months.series = {ms};
  months.note = fmt::format("Probability that a claim is first cut by the fund's available capital ({} {}) in each month.",
                            group_number(major(c, r.capital_minor), 0), cc);
  bool ever = false;
  for (double p : r.exhaustion_month_probability) ever = ever || p > 0;
  if (!ever)
    months.note = fmt::format("The available capital ({} {}) ran out in none of the {} scenarios.",
                              group_number(major(c, r.capital_minor), 0), cc, group_number(r.scenarios, 0));
  return months;
}

Table fund_table(const risk::SimulationResult& r, const risk::EntityResult& f) {
  const auto& c = r.currency;
  Table t("Fund: loss, claims and what is left to the banks",
          {text_col("measure", "Measure"), amount_col("loss", "Credit loss", c), amount_col("claims", "Fund claims", c),
           amount_col("claims_error", "Claims ± (95%)", c), amount_col("bank_net", "Left to banks", c)});
  t.add_row({text("Expected"), major(c, f.loss.mean.value), major(c, f.claims.mean.value),
             1.96 * major(c, f.claims.mean.se), major(c, f.bank_net.mean.value)});
  t.add_row({text("Standard deviation"), major(c, f.loss.sd), major(c, f.claims.sd), Cell{}, major(c, f.bank_net.sd)});
  for (const auto& ct : f.claims.tails) {
    const auto* lt = tail_at(f.loss, ct.level);
    const auto* bt = tail_at(f.bank_net, ct.level);
    t.add_row({text("VaR " + level_text(ct.level)), lt ? Cell{major(c, lt->var.value)} : Cell{}, major(c, ct.var.value),
               (major(c, ct.var.hi) - major(c, ct.var.lo)) / 2, bt ? Cell{major(c, bt->var.value)} : Cell{}});
    t.add_row({text("ES " + level_text(ct.level)), lt ? Cell{major(c, lt->es.value)} : Cell{}, major(c, ct.es.value),
               1.96 * major(c, ct.es.se), bt ? Cell{major(c, bt->es.value)} : Cell{}});
  }
  t.set_note(fmt::format("Monte Carlo estimates over {} scenarios; ± is the half-width of the 95% interval. "
                         "Defaults per scenario: {:.1f} on average.",
                         group_number(r.scenarios, 0), r.defaults_mean.value));
  return t;
}

Table quantile_table(const risk::SimulationResult& r, const risk::EntityResult& f) {
  const auto& c = r.currency;
  Table q("Quantiles", {pct_col("probability", "Probability", 1), amount_col("loss", "Credit loss", c),
                        amount_col("claims", "Fund claims", c)});
  for (std::size_t i = 0; i < f.claims.quantiles.size(); ++i) {
    const double p = f.claims.quantiles[i].first;
    Cell loss = i < f.loss.quantiles.size() ? Cell{major(c, f.loss.quantiles[i].second)} : Cell{};
    q.add_row({p, loss, major(c, f.claims.quantiles[i].second)});
  }
  q.set_note("Probability 100% is the largest scenario.");
  return q;
}

Section fund_section(const risk::SimulationResult& r) {
  const auto& c = r.currency;
  Section sec{"Simulated claims",
              fmt::format("{} scenarios of the next {} months from {} (model {}, seed {}): what the fund may have to pay.",
                          group_number(r.scenarios, 0), r.horizon_months, format_date(r.as_of), r.model_name, r.seed),
              "Simulation", {}};
  const auto* f = fund_of(r);
  sec.blocks.push_back(fund_kpis(r, f));
  if (f)
    sec.blocks.push_back(distribution_histogram(f->claims, c, "Distribution of the fund's claims over the horizon",
                                                "Claims net of recoveries (" + code(c) + ")", r.euler_level));
  sec.blocks.push_back(exhaustion_chart(r));
  if (f) {
    sec.blocks.push_back(fund_table(r, *f));
    sec.blocks.push_back(quantile_table(r, *f));
  }
  if (!r.warnings.empty()) {
    std::string w = "Warnings: ";
    for (std::size_t i = 0; i < r.warnings.size(); ++i) w += (i ? "; " : "") + r.warnings[i];
    sec.blocks.push_back(Paragraph{w});
  }
  return sec;
}

Section entity_section(const risk::SimulationResult& r, risk::EntityKind kind) {
  const auto& c = r.currency;
  bool bank = kind == risk::EntityKind::bank;
  std::string who = bank ? "bank" : "association";
  Section sec{bank ? "Risk by bank" : "Risk by association",
              fmt::format("Each {}'s expected loss and claims, and its share of the fund's expected shortfall at {} "
                          "(Euler allocation: the shares add up to the fund's).",
                          who, level_text(r.euler_level)),
              bank ? "Risk by bank" : "Risk by association", {}};
  const auto* f = fund_of(r);
  const auto* ft = f ? tail_at(f->claims, r.euler_level) : nullptr;
  Chart chart{fmt::format("Contribution to the fund's claims ES {} by {}", level_text(r.euler_level), who), ChartKind::bar};
  chart.y_title = code(c);
  chart.y_format = ValueFormat::money;
  Series es{"ES contribution", {}, ""}, el{"Expected claims", {}, "#7f8c8d"};
  Table t(bank ? "By bank" : "By association",
          {text_col("id", bank ? "Bank" : "Association"), int_col("loans", "Loans"), amount_col("exposure", "Exposure", c),
           amount_col("expected_loss", "Expected loss", c), amount_col("expected_claims", "Expected claims", c),
           amount_col("expected_claims_error", "± (95%)", c), amount_col("claims_var", "Claims VaR " + level_text(r.euler_level), c),
           amount_col("bank_net", "Expected loss left to bank", c), amount_col("es_contribution", "ES contribution", c),
           amount_col("es_contribution_error", "± (95%)", c), pct_col("es_share", "Share of fund ES", 1)});
  for (const auto& e : r.entities) {
    if (e.kind != kind) continue;
    std::string id = e.id.empty() ? (bank ? "(none)" : "No association") : e.id;
    const auto* tail = tail_at(e.claims, r.euler_level);
    double share = ft && ft->es.value > 0 ? e.es_contribution.value / ft->es.value : 0.0;
    t.add_row({id, count(e.loans), major(c, e.exposure_minor), major(c, e.loss.mean.value), major(c, e.claims.mean.value),
               1.96 * major(c, e.claims.mean.se), tail ? Cell{major(c, tail->var.value)} : Cell{},
               major(c, e.bank_net.mean.value), major(c, e.es_contribution.value), 1.96 * major(c, e.es_contribution.se),
               share});
    chart.categories.push_back(id);
    es.values.push_back(major(c, e.es_contribution.value));
    el.values.push_back(major(c, e.claims.mean.value));
  }
  chart.series = {es, el};
  sec.blocks.push_back(chart);
  sec.blocks.push_back(t);
  if (bank) {
    Table a("By agreement", {text_col("id", "Agreement"), int_col("loans", "Loans"), amount_col("exposure", "Exposure", c),
                             amount_col("expected_claims", "Expected claims", c), amount_col("error", "± (95%)", c),
                             amount_col("es_contribution", "ES contribution", c)});
    for (const auto& e : r.entities)
      if (e.kind == risk::EntityKind::agreement)
        a.add_row({e.id.empty() ? "(not guaranteed)" : e.id, count(e.loans), major(c, e.exposure_minor),
                   major(c, e.claims.mean.value), 1.96 * major(c, e.claims.mean.se), major(c, e.es_contribution.value)});
    sec.blocks.push_back(a);
  }
  return sec;
}

}  // namespace

Chart distribution_histogram(const risk::Distribution& d, const Currency& c, const std::string& title,
                             const std::string& x_title, double level, int bins) {
  Chart h{title, ChartKind::histogram};
  h.x_title = x_title;
  h.y_title = "Share of scenarios";
  h.x_format = ValueFormat::money;
  h.y_format = ValueFormat::percent;
  if (d.quantiles.empty()) return h;
  // CDF knots: (0, 0), the quantiles, (max, 1); linear between knots.
  std::vector<std::pair<double, double>> knots{{0.0, 0.0}};
  for (const auto& [p, v] : d.quantiles) knots.emplace_back(std::max(0.0, major(c, v)), p);
  auto cdf = [&](double x) {
    double p = 0;
    for (std::size_t i = 0; i < knots.size(); ++i) {
      if (knots[i].first > x) {
        const auto& a = knots[i - 1];
        const auto& b = knots[i];
        return a.second + (b.second - a.second) * (x - a.first) / (b.first - a.first);
      }
      p = knots[i].second;
    }
    return p;
  };
  double q999 = 0, top = knots.back().first;
  for (const auto& [p, v] : d.quantiles)
    if (std::fabs(p - 0.999) < 1e-9) q999 = major(c, v);
  const auto* t = tail_at(d, level);
  double upper = std::max({q999 * 1.1, t ? major(c, t->es.value) * 1.05 : 0.0});
  upper = std::min(upper > 0 ? upper : top, top);
  if (!(upper > 0)) {
    // Every scenario at zero: one bar holding them all.
    h.bin_edges = {0.0, 1.0};
    h.series = {{"Scenarios", {1.0}, ""}};
    return h;
  }
  // Start a little below the 1% quantile, not at zero: claims rarely fall
  // near zero on a large book, and the bars should show the body. The first
  // bar holds everything below its right edge.
  double q01 = knots.size() > 1 ? knots[1].first : 0.0;
  double lo = std::max(0.0, q01 - 0.1 * (upper - q01));
  Ticks ticks = nice_ticks(lo, upper, bins);
  double width = ticks.step;
  double first = std::max(0.0, std::floor(lo / width) * width);
  int n = std::max(1, static_cast<int>(std::ceil((upper - first) / width - 1e-9)));
  Series s{"Scenarios", {}, ""};
  for (int i = 0; i <= n; ++i) h.bin_edges.push_back(first + width * i);
  for (int i = 0; i < n; ++i) {
    double a = i == 0 ? 0.0 : cdf(h.bin_edges[static_cast<std::size_t>(i)]);
    double b = i == n - 1 ? 1.0 : cdf(h.bin_edges[static_cast<std::size_t>(i + 1)]);  // the last bin takes the tail
    s.values.push_back(std::max(0.0, b - a));
  }
  h.series = {s};
  h.markers.push_back({"Mean", major(c, d.mean.value)});
  if (t) {
    h.markers.push_back({"VaR " + level_text(level), major(c, t->var.value)});
    h.markers.push_back({"ES " + level_text(level), major(c, t->es.value)});
  }
  h.note = "Shape drawn from the simulated quantiles (1% to 99.9%); the first and last bars hold the rest of each tail. "
           "Markers are the estimates themselves.";
  return h;
}

std::vector<Section> simulation_sections(const risk::SimulationResult& r) {
  return {fund_section(r), entity_section(r, risk::EntityKind::bank), entity_section(r, risk::EntityKind::association)};
}

}  // namespace gfund::reports
