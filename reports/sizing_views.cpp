#include "reports/sizing_views.hpp"

#include <algorithm>

#include <cmath>

#include <fmt/format.h>

#include "reports/number_format.hpp"
#include "reports/view_support.hpp"

namespace gfund::reports {
namespace {
using namespace view;

std::string pct(double share, int decimals = 1) { return group_number(share * 100, decimals) + "%"; }
std::string amount(const Currency& c, double minor) { return group_number(major(c, minor), 0); }
std::string range(const Currency& c, const sizing::Estimate& e) {
  return fmt::format("{} – {}", amount(c, e.lo), amount(c, e.hi));
}

}  // namespace

Section capital_section(const sizing::CapitalAnswer& a, const Currency& c) {
  const std::string cc = code(c);
  Section sec{"Fund size",
              fmt::format("The least capital that meets the target ({}), and how the probability of running out falls as "
                          "capital grows.",
                          sizing::describe(a.target)),
              "Fund size", {}};
  const auto& s = a.summary;
  sec.blocks.push_back(std::vector<Kpi>{
      {"Required capital", major(c, a.capital_minor.value), amount_col("", "", c), "95% interval " + range(c, a.capital_minor)},
      {"Expected net claims", major(c, s.expected_net_minor.value), amount_col("", "", c),
       "95% interval " + range(c, s.expected_net_minor)},
      {"Claims ES " + pct(s.level, 1), major(c, s.es_net_minor.value), amount_col("", "", c), "net of recoveries"},
      {"Exhaustion at that capital", s.exhaustion_probability.value, pct_col("", "", 2),
       fmt::format("95% interval {} – {}", pct(s.exhaustion_probability.lo, 2), pct(s.exhaustion_probability.hi, 2))}});
  Chart curve{"Probability of exhaustion against fund capital", ChartKind::line};
  curve.x_title = "Capital (" + cc + ")";
  curve.y_title = "P(exhaustion within the horizon)";
  curve.y_format = ValueFormat::percent;
  Series p{"Exhaustion probability", {}, "#c0392b"};
  Table t("Exhaustion probability by capital",
          {money_col("capital", "Capital", cc), pct_col("probability", "P(exhaustion)", 2)});
  for (const auto& [cap, prob] : a.curve) {
    curve.categories.push_back(compact(major(c, cap)));
    p.values.push_back(prob);
    t.add_row({money(c, cap), prob});
  }
  curve.series = {p};
  curve.note = fmt::format("Target: {}. Required capital {} {} (95% interval {}).", sizing::describe(a.target),
                           amount(c, a.capital_minor.value), cc, range(c, a.capital_minor));
  sec.blocks.push_back(curve);
  sec.blocks.push_back(t);
  return sec;
}

Section stress_section(const std::vector<sizing::StressRow>& rows, const Currency& c,
                       const std::optional<sizing::ReverseStress>& reverse) {
  const std::string cc = code(c);
  Section sec{"Stress tests",
              "Each scenario's claims and the fund's chance of running out with today's capital, beside the base. "
              "All scenarios use the same random draws, so differences come from the shocks.",
              "Stress", {}};
  double level = rows.empty() ? 0.99 : rows.front().summary.level;
  Table t("Scenarios beside the base",
          {text_col("scenario", "Scenario"), text_col("description", "What changes"),
           amount_col("expected_net", "Expected net claims", c), amount_col("var", "Claims VaR " + pct(level, 1), c),
           amount_col("es", "Claims ES " + pct(level, 1), c), pct_col("exhaustion", "P(exhaustion)", 2),
           amount_col("required_capital", "Required capital", c), money_col("capital", "Capital today", cc)});
  Chart prob{"Probability of exhaustion by scenario", ChartKind::bar};
  prob.y_title = "P(exhaustion)";
  prob.y_format = ValueFormat::percent;
  Chart cap{"Required capital by scenario", ChartKind::bar};
  cap.y_title = cc;
  cap.y_format = ValueFormat::money;
  Series ps{"P(exhaustion)", {}, "#c0392b"}, rs{"Required capital", {}, "#1f5c99"}, today{"Capital today", {}, "#7f8c8d"};
  for (const auto& r : rows) {
    const auto& s = r.summary;
    t.add_row({r.scenario, r.description, major(c, s.expected_net_minor.value), major(c, s.var_net_minor.value),
               major(c, s.es_net_minor.value), s.exhaustion_probability.value, major(c, s.required_capital_minor.value),
               money(c, s.capital_minor)});
    prob.categories.push_back(r.scenario);
    cap.categories.push_back(r.scenario);
    ps.values.push_back(s.exhaustion_probability.value);
    rs.values.push_back(major(c, s.required_capital_minor.value));
    today.values.push_back(major(c, s.capital_minor));
  }
  prob.series = {ps};
  cap.series = {rs, today};
  sec.blocks.push_back(prob);
  sec.blocks.push_back(cap);
  sec.blocks.push_back(t);
  if (reverse) {
    const auto& r = *reverse;
    Table rt("Reverse stress: what it takes to exhaust the fund",
             {text_col("shock", "Shock"), text_col("value", "Value"), text_col("band", "95% band"), text_col("reading", "Reading")});
    std::string target = pct(r.probability, 1);
    if (r.pd_already)
      rt.add_row({text("PD multiplier"), text("< 0.05x"), text(""), text("even a twentieth of today's PDs reaches " + target)});
    else if (r.pd_reached)
      rt.add_row({text("PD multiplier"), text(fmt::format("{:.2f}x", r.pd_multiplier)),
                  text(fmt::format("{:.2f}x – {:.2f}x", r.pd_multiplier_low, r.pd_multiplier_high)),
                  text(fmt::format("every PD x {:.2f} gives a {} chance of exhaustion", r.pd_multiplier, target))});
    else
      rt.add_row({text("PD multiplier"), text("> 50x"), text(""), text("not reached even at 50 times today's PDs")});
    if (!r.factor_searched)
      rt.add_row({text("Economy factor (recession)"), text("n/a"), text(""), text("the model has no economy factor")});
    else if (r.factor_reached)
      rt.add_row({text("Economy factor (recession)"), text(fmt::format("{:.2f}", r.economy_factor)), text(""),
                  text(fmt::format("a year this bad or worse comes with probability {}", pct(r.economy_factor_probability, 2)))});
    else
      rt.add_row({text("Economy factor (recession)"), text("< -6"), text(""), text("no recession in range exhausts the fund")});
    sec.blocks.push_back(rt);
  }
  return sec;
}

Section answers_section(const SizingAnswers& a, const Currency& c) {
  const std::string cc = code(c);
  Section sec{"Sizing answers", "Coverage, volume, capital allocation and fees that meet the fund's target.", "Sizing", {}};
  if (!a.coverage.empty()) {
    Table t("Highest coverage the capital supports",
            {text_col("scope", "Scope"), pct_col("coverage", "Coverage", 1), pct_col("low", "Low (95%)", 1),
             pct_col("high", "High (95%)", 1), pct_col("current", "Current", 1), text_col("remark", "Remark")});
    for (const auto& r : a.coverage)
      t.add_row({r.scope == "all" ? "All agreements" : r.scope, r.coverage, r.low, r.high, r.current,
                 text(r.full ? "100% meets the target" : r.none ? "no coverage meets the target" : "")});
    sec.blocks.push_back(t);
  }
  if (!a.volume.empty()) {
    Table t("Most lending under the guarantee",
            {text_col("kind", "Kind"), text_col("id", "Who"), num_col("multiplier", "x plan", 2),
             text_col("band", "95% band"), money_col("planned", "Planned a month", cc),
             money_col("most", "Most a month", cc), num_col("leverage", "Leverage", 2, "x")});
    for (const auto& r : a.volume)
      t.add_row({r.kind, r.id, r.multiplier, text(fmt::format("{:.2f}x – {:.2f}x{}", r.low, r.high, r.at_max ? " (limit)" : "")),
                 money(c, r.planned_monthly_minor), money(c, r.most_monthly_minor), r.leverage});
    sec.blocks.push_back(t);
  }
  if (!a.allocation.empty()) {
    Table t("Capital allocation by risk contribution",
            {text_col("kind", "Kind"), text_col("id", "Who"), amount_col("es_contribution", "ES contribution", c),
             pct_col("capital_share", "Share of capital", 1), money_col("capital", "Capital allocated", cc),
             pct_col("exposure_share", "Share of exposure", 1), text_col("flag", "More risk than exposure?")});
    Chart ch{"Share of capital against share of exposure", ChartKind::bar};
    ch.y_format = ValueFormat::percent;
    ch.y_title = "Share";
    Series cs{"Capital", {}, "#1f5c99"}, es{"Exposure", {}, "#7f8c8d"};
    for (const auto& r : a.allocation) {
      t.add_row({r.kind, r.id, major(c, r.es_contribution_minor), r.capital_share, money(c, r.capital_minor), r.exposure_share,
                 text(r.over_share ? "yes" : "")});
      if (r.kind == "bank") {
        ch.categories.push_back(r.id);
        cs.values.push_back(r.capital_share);
        es.values.push_back(r.exposure_share);
      }
    }
    ch.series = {cs, es};
    if (!ch.categories.empty()) sec.blocks.push_back(ch);
    sec.blocks.push_back(t);
  }
  if (!a.fees.empty()) {
    Table t("Break-even guarantee fee",
            {text_col("agreement", "Agreement"), amount_col("expected_net", "Expected net claims", c),
             pct_col("fee", "Break-even fee a year", 2), pct_col("low", "Low (95%)", 2), pct_col("high", "High (95%)", 2),
             pct_col("current", "Current fee", 2)});
    for (const auto& r : a.fees)
      t.add_row({r.agreement, major(c, r.expected_net_minor), r.break_even_fee, r.break_even_low, r.break_even_high,
                 r.current_fee});
    t.set_note("Fee per year on the guaranteed outstanding that covers expected net claims and the cost loading.");
    sec.blocks.push_back(t);
  }
  return sec;
}

namespace {

// "pari_passu" -> "pari passu": the file's word, as a bank reads it.
std::string spoken(std::string word) {
  std::replace(word.begin(), word.end(), '_', ' ');
  return word;
}

std::string payout_text(const GuaranteeTerms& t) {
  if (t.payout_at_claim == Ratio::percent(100)) return "all at claim";
  return pct(t.payout_at_claim.to_double(), 0) + " at claim, the rest when recovery ends";
}

std::string recovery_text(const GuaranteeTerms& t) {
  return t.structure == Structure::pari_passu ? "shared pro rata: the fund gets its coverage share of each recovery"
                                              : "to the bank's uncovered loss first, then back to the fund";
}

std::string eligibility_text(const GuaranteeTerms& t) {
  std::string who = t.association.empty() ? "the bank's loans" : "loans to members of " + t.association;
  if (t.available_from != Date{} && t.available_to != Date{})
    who += ", disbursed " + format_date(t.available_from) + " to " + format_date(t.available_to);
  return who;
}

std::string fee_text(const GuaranteeTerms& t) {
  std::string fee = pct(t.annual_fee.to_double(), 2) + " a year on guaranteed outstanding, paid by the " +
                    std::string(to_string(t.fee_payer));
  if (t.fee_surcharge_informal.ppm > 0) fee += "; +" + pct(t.fee_surcharge_informal.to_double(), 2) + " unregistered";
  return fee;
}

// What each option commits the fund and the bank to, in words: the terms a
// bank signs, beside the figures above.
Table terms_table(const sizing::Termsheet& s) {
  Table t("What each option commits to",
          {text_col("option", "Option"), text_col("claim", "Claim allowed"), text_col("payout", "Claim paid"),
           text_col("lock_in", "Lock-in"), text_col("recoveries", "Recoveries"), text_col("eligible", "Eligible loans"),
           text_col("fee", "Guarantee fee")});
  for (const auto& r : s.rows) {
    const GuaranteeTerms& g = r.terms;
    t.add_row({r.label, fmt::format("at {} days past due", g.claim_trigger_dpd), payout_text(g),
               g.lock_in_months ? fmt::format("no claims in the first {} months", g.lock_in_months) : "none",
               recovery_text(g), eligibility_text(g), fee_text(g)});
  }
  return t;
}

}  // namespace

Document termsheet_document(const sizing::Termsheet& s, const Currency& c, const std::string& fund_name) {
  const std::string cc = code(c);
  Document d;
  d.title = "Guarantee term sheet: " + s.bank + (s.association.empty() ? "" : " / " + s.association);
  d.subtitle = fund_name.empty() ? "Candidate guarantee terms, side by side" : fund_name + " · candidate guarantee terms";
  d.facts = {{"Bank", s.bank}};
  if (!s.association.empty()) d.facts.emplace_back("Association", s.association);
  d.facts.emplace_back("Fund capital", amount(c, static_cast<double>(s.capital_minor)) + " " + cc);
  d.facts.emplace_back("Enrolled volume", amount(c, static_cast<double>(s.enrolled_minor)) + " " + cc);
  d.facts.emplace_back("Target", sizing::describe(s.target));
  d.facts.emplace_back("Scenarios", group_number(s.scenarios, 0) + ", seed " + std::to_string(s.seed));
  Section sec{"Options", "Each option valued on the same simulated defaults, so the differences come from the terms alone.",
              "Term sheet", {}};
  Table t("Candidate terms",
          {text_col("option", "Option"), pct_col("coverage", "Coverage", 0), text_col("structure", "Structure"),
           text_col("caps", "Caps"), pct_col("bank_loss_gross", "Bank loss rate, no guarantee", 2),
           pct_col("bank_loss_net", "Bank loss rate, guaranteed", 2),
           amount_col("fund_claims", "Fund expected claims", c), amount_col("fund_claims_99", "Fund claims 99%", c),
           pct_col("exhaustion", "P(fund exhaustion)", 2), money_col("most_lending", "Most lending a month", cc),
           pct_col("fee_charged", "Fee a year", 2), pct_col("fee", "Break-even fee a year", 2)});
  Chart ch{"Who bears the expected loss", ChartKind::bar};
  ch.y_title = "% of enrolled volume";
  ch.y_format = ValueFormat::percent;
  Series gross{"Bank, no guarantee", {}, "#7f8c8d"}, net{"Bank, guaranteed", {}, "#1f5c99"};
  std::string at_limit;  // options whose most lending is the search's limit
  for (const auto& r : s.rows) {
    // A volume found at the search's limit is at least that much: the note says so.
    if (r.most_lending && r.most_lending->at_max) at_limit += (at_limit.empty() ? "" : ", ") + r.label;
    t.add_row({r.label, r.coverage, spoken(r.structure), r.caps, r.bank_loss_rate_gross.value, r.bank_loss_rate_net.value,
               major(c, r.fund_expected_claims_minor.value), major(c, r.fund_claims_99_minor.value),
               r.exhaustion_probability.value,
               r.most_lending ? money(c, r.most_lending->most_monthly_minor) : Cell{}, r.fee, r.break_even_fee.value});
    ch.categories.push_back(r.label);
    gross.values.push_back(r.bank_loss_rate_gross.value);
    net.values.push_back(r.bank_loss_rate_net.value);
  }
  t.set_note(fmt::format("Break-even fee includes a cost loading of {}. Monte Carlo estimates; see the fund's "
                         "dashboard for their intervals.{}",
                         pct(s.cost_loading, 0),
                         at_limit.empty() ? std::string()
                                          : " Most lending a month reached the search limit for " + at_limit +
                                                ": at least that much."));
  ch.series = {gross, net};
  sec.blocks.push_back(t);
  sec.blocks.push_back(ch);
  d.sections.push_back(std::move(sec));
  d.sections.push_back(Section{"Terms", "The terms behind each option, as the agreement would state them.", "Terms",
                               {terms_table(s)}});
  d.footer = "Prepared with gfund. Indicative terms for discussion; not an offer.";
  return d;
}

}  // namespace gfund::reports
