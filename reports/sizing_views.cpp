#include "reports/sizing_views.hpp"

#include <algorithm>
#include <functional>

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

std::string cap_text(const std::optional<Money>& cap) { return cap ? format_money(*cap) : "no cap"; }

std::string portfolio_cap_text(const GuaranteeTerms& t) {
  if (t.portfolio_cap) return format_money(*t.portfolio_cap) + " in all";
  if (t.portfolio_cap_rate) return pct(t.portfolio_cap_rate->to_double(), 0) + " of the loans enrolled";
  return "no cap";
}

std::string availability_text(const GuaranteeTerms& t) {
  if (t.available_from == Date{} || t.available_to == Date{}) return "open";
  return "loans disbursed " + format_date(t.available_from) + " to " + format_date(t.available_to);
}

// A table with one row per item and one column per option (current terms
// first): a term sheet reads down a column.
Table by_option(const std::string& title, const std::string& item, const sizing::Termsheet& s) {
  std::vector<Column> cols{text_col("item", item)};
  for (std::size_t i = 0; i < s.rows.size(); ++i) cols.push_back(text_col("option_" + std::to_string(i), s.rows[i].label));
  return Table(title, cols);
}

void add_item(Table& t, const std::string& item, const sizing::Termsheet& s,
              const std::function<std::string(const sizing::TermsheetRow&)>& value) {
  std::vector<Cell> row{item};
  for (const auto& r : s.rows) row.push_back(value(r));
  t.add_row(std::move(row));
}

// Every term a bank signs, in words, current terms beside each option.
Table terms_table(const sizing::Termsheet& s) {
  Table t = by_option("The terms", "Term", s);
  using R = const sizing::TermsheetRow&;
  add_item(t, "Coverage", s, [](R r) { return pct(r.terms.coverage.to_double(), 0) + " of each loss"; });
  add_item(t, "Structure", s, [](R r) {
    return r.terms.structure == Structure::pari_passu ? "shared loss (fund and bank lose in proportion)"
                                                      : "first loss (the fund pays first, up to the cap)";
  });
  add_item(t, "Most paid on one loan", s, [](R r) { return cap_text(r.terms.per_loan_cap); });
  add_item(t, "Most paid on all loans", s, [](R r) { return portfolio_cap_text(r.terms); });
  add_item(t, "Claim allowed", s, [](R r) { return fmt::format("at {} days past due", r.terms.claim_trigger_dpd); });
  add_item(t, "Lock-in", s, [](R r) {
    return r.terms.lock_in_months ? fmt::format("no claims in the first {} months", r.terms.lock_in_months) : "none";
  });
  add_item(t, "Claim paid", s, [](R r) { return payout_text(r.terms); });
  add_item(t, "Recoveries", s, [](R r) { return recovery_text(r.terms); });
  add_item(t, "Eligible loans", s, [](R r) { return eligibility_text(r.terms); });
  add_item(t, "Availability", s, [](R r) { return availability_text(r.terms); });
  add_item(t, "Guarantee fee", s, [](R r) { return fee_text(r.terms); });
  return t;
}

// The risk figures beneath the terms, per option; a lending volume found at
// the search's limit reads "at least".
Table risk_table(const sizing::Termsheet& s, const Currency& c) {
  Table t = by_option("What each option means in figures", "Figure", s);
  using R = const sizing::TermsheetRow&;
  const auto amt = [&](double minor) { return amount(c, minor) + " " + code(c); };
  add_item(t, "Bank's expected loss, no guarantee", s, [](R r) { return pct(r.bank_loss_rate_gross.value, 2) + " of volume"; });
  add_item(t, "Bank's expected loss, guaranteed", s, [](R r) { return pct(r.bank_loss_rate_net.value, 2) + " of volume"; });
  add_item(t, "Fund's expected claims", s, [&](R r) { return amt(r.fund_expected_claims_minor.value); });
  add_item(t, "Fund's claims in a bad year (1 in 100)", s, [&](R r) { return amt(r.fund_claims_99_minor.value); });
  add_item(t, "Chance the fund runs out", s, [](R r) { return pct(r.exhaustion_probability.value, 2); });
  add_item(t, "Most new lending a month", s, [&](R r) {
    if (!r.most_lending) return std::string("(needs a lending plan)");
    const std::string v = format_money(Money(c, r.most_lending->most_monthly_minor));
    return r.most_lending->at_max ? "at least " + v + " (search limit)" : v;
  });
  add_item(t, "Fee charged", s, [](R r) { return pct(r.fee, 2) + " a year"; });
  add_item(t, "Fee that covers expected claims", s, [](R r) {
    const std::string v = pct(r.break_even_fee.value, 2) + " a year";
    return r.break_even_fee.value > r.fee ? v + " (above the fee charged)" : v;
  });
  return t;
}

// One plain sentence: the current fee beside what would cover the claims.
std::string fee_sentence(const sizing::Termsheet& s) {
  if (s.rows.empty()) return "";
  const auto& now = s.rows.front();
  return fmt::format("On the current terms the fee is {} a year; covering the expected claims (with a {} cost loading) "
                     "would take {} a year{}.",
                     pct(now.fee, 2), pct(s.cost_loading, 0), pct(now.break_even_fee.value, 2),
                     now.break_even_fee.value > now.fee ? ": the fund subsidises the difference" : "");
}

}  // namespace

std::string termsheet_css() {
  return R"CSS(
table.data td { white-space: normal; vertical-align: top; min-width: 9ch; }
table.data td:first-child { font-weight: 600; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 10px; }
  section.view { break-inside: auto; page-break-inside: auto; }
  table.data { font-size: 9.5px; }
  table.data th { font-size: 9px; padding: 3px 6px; }
  table.data td { padding: 2px 6px; }
  figure.chart { max-width: 60%; }
}
)CSS";
}

Document termsheet_document(const sizing::Termsheet& s, const Currency& c, const std::string& fund_name) {
  const std::string cc = code(c);
  Document d;
  d.title = "Guarantee term sheet: " + s.bank + (s.association.empty() ? "" : " / " + s.association);
  d.subtitle = fund_name.empty() ? "Current terms and the options discussed" : fund_name + " · current terms and the options discussed";
  d.facts = {{"Bank", s.bank}};
  if (!s.association.empty()) d.facts.emplace_back("Association", s.association);
  d.facts.emplace_back("Loans enrolled", amount(c, static_cast<double>(s.enrolled_minor)) + " " + cc);
  d.facts.emplace_back("Fund capital", amount(c, static_cast<double>(s.capital_minor)) + " " + cc);
  Section terms{"Terms", "What the fund and the bank commit to under the current agreement and each option.", "Terms",
                {terms_table(s)}};
  d.sections.push_back(std::move(terms));
  Section risk{"Figures", "Each option valued on the same simulated defaults, so the differences come from the terms alone.",
               "Figures", {}};
  Table t = risk_table(s, c);
  t.set_note(fmt::format("Monte Carlo estimates over the next year ({} scenarios): indicative, not guaranteed. Target "
                         "for the fund: {}.",
                         group_number(s.scenarios, 0), sizing::describe(s.target)));
  risk.blocks.push_back(t);
  risk.blocks.push_back(Paragraph{fee_sentence(s)});
  Chart ch{"Who bears the expected loss", ChartKind::bar};
  ch.y_title = "% of loans enrolled";
  ch.y_format = ValueFormat::percent;
  Series gross{"Bank, no guarantee", {}, "#7f8c8d"}, net{"Bank, guaranteed", {}, "#1f5c99"};
  for (const auto& r : s.rows) {
    ch.categories.push_back(r.label);
    gross.values.push_back(r.bank_loss_rate_gross.value);
    net.values.push_back(r.bank_loss_rate_net.value);
  }
  ch.series = {gross, net};
  risk.blocks.push_back(ch);
  d.sections.push_back(std::move(risk));
  d.footer = "Prepared with gfund. Indicative terms for discussion; not an offer.";
  return d;
}

}  // namespace gfund::reports
