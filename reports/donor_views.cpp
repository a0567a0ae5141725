#include "reports/donor_views.hpp"

#include <fmt/format.h>

#include "reports/number_format.hpp"
#include "reports/view_support.hpp"

namespace gfund::reports {
namespace {
using namespace view;

double share(std::int64_t part, std::int64_t whole) { return whole ? double(part) / double(whole) : 0.0; }
Cell opt_cell(const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; }

std::vector<Kpi> donor_kpis(const ledger::DonorPack& p) {
  const std::string unit = code(p.currency);
  std::vector<Kpi> k;
  k.push_back({"Multiplier", opt_cell(p.multiplier()), num_col("", "", 2, "x"),
               fmt::format("{} {} guaranteed lending on {} net capital",
                           format_money(Money(p.currency, p.guaranteed_lending_minor), false), unit,
                           format_money(Money(p.currency, p.net_capital_minor), false))});
  k.push_back({"Claims ratio", opt_cell(p.claims_ratio()), pct_col("", "", 2), "claims owed / guaranteed lending"});
  k.push_back({"Recovery rate", opt_cell(p.recovery_rate()), pct_col("", "", 1), "recoveries to the fund / claims paid"});
  k.push_back({"Fee cover", opt_cell(p.fee_cover()), pct_col("", "", 1), "guarantee fees received / claims owed"});
  k.push_back({"Loans to women", share(p.women_loans, p.loans), pct_col("", "", 1),
               fmt::format("{} of {} loans", p.women_loans, p.loans)});
  k.push_back({"Loans to youth", share(p.youth_loans, p.loans), pct_col("", "", 1),
               fmt::format("aged {} or under at their first loan", ledger::kYouthAgeMax)});
  return k;
}

Table figures_table(const ledger::DonorPack& p) {
  const auto& c = p.currency;
  Table t("Capital and guarantees", {text_col("item", "Item"), money_col("amount", "Amount", code(c))});
  t.add_row({text("Guaranteed lending (principal disbursed under agreements, to date)"), money(c, p.guaranteed_lending_minor)});
  t.add_row({text("Net capital (paid in less paid out)"), money(c, p.net_capital_minor)});
  t.add_row({text("Guarantee fees received"), money(c, p.fees_in_minor)});
  t.add_row({text("Claims owed (the fund's share, paid and still due)"), money(c, p.claims_owed_minor)});
  t.add_row({text("Claims paid"), money(c, p.claims_paid_minor)});
  t.add_row({text("Recoveries returned to the fund"), money(c, p.recoveries_minor)});
  return t;
}

Table ratios_table(const ledger::DonorPack& p) {
  Table t("Donor KPIs", {text_col("measure", "Measure"), num_col("multiple", "Multiple", 2, "x"),
                         pct_col("share", "Share", 2), text_col("definition", "Definition")});
  t.add_row({text("Multiplier"), opt_cell(p.multiplier()), {}, text("guaranteed lending / net capital")});
  t.add_row({text("Claims ratio"), {}, opt_cell(p.claims_ratio()), text("claims owed / guaranteed lending")});
  t.add_row({text("Recovery rate"), {}, opt_cell(p.recovery_rate()), text("recoveries to the fund / claims paid")});
  t.add_row({text("Fee cover"), {}, opt_cell(p.fee_cover()), text("guarantee fees received / claims owed")});
  t.add_row({text("Loans to women"), {}, share(p.women_loans, p.loans), text("borrower recorded female")});
  t.add_row({text("Loans to youth"), {}, share(p.youth_loans, p.loans),
             text(fmt::format("borrower aged {} or under at the first disbursement", ledger::kYouthAgeMax))});
  t.add_row({text("First-time borrowers"), {}, share(p.first_time_loans, p.loans),
             text("first loan from a formal lender")});
  t.set_note("A blank value: its denominator is zero (no capital, lending or claims yet).");
  return t;
}

Table outreach_table(const ledger::DonorPack& p) {
  std::vector<Column> cols{text_col("dimension", "Dimension"), text_col("group", "Group"), int_col("loans", "Loans"),
                           pct_col("share", "Share of loans", 1), int_col("borrowers", "Borrowers")};
  // One principal column per currency: riel and dollars are never summed.
  for (const auto& c : p.currencies) cols.push_back(money_col("principal", "Principal", code(c)));
  Table t("Outreach", cols);
  for (const auto& r : p.outreach) {
    std::vector<Cell> row{text(r.dimension), text(r.group), count(r.loans), share(r.loans, p.loans), count(r.borrowers)};
    for (const auto& m : r.principal) row.push_back(m);
    t.add_row(std::move(row));
  }
  t.set_note(fmt::format("{} loans to {} borrowers first disbursed to {}; each dimension adds up to all of them. "
                         "Age is the first disbursement's year less the birth year.",
                         p.loans, p.borrowers, format_date(p.as_of)));
  return t;
}

Table cohort_table(const ledger::DonorPack& p) {
  Table t("Default rate by cohort", {text_col("cohort", "Year first disbursed"), int_col("loans", "Loans"),
                                     int_col("defaulted", "Defaulted"), pct_col("default_rate", "Default rate", 1)});
  for (const auto& c : p.cohorts) t.add_row({text(std::to_string(c.year)), count(c.loans), count(c.defaulted), c.default_rate()});
  t.set_note("Defaulted: 90+ days past due, written off or claimed by the as-of date (the calibration's definition); "
             "younger cohorts have had less time to default.");
  return t;
}

}  // namespace

Section donor_section(const ledger::DonorPack& p) {
  Section s{"Donor pack",
            "What the fund's capital achieved: the lending it guaranteed, what the guarantees cost and earned, "
            "and whom the loans reached.",
            "Donor", {}};
  s.blocks.push_back(donor_kpis(p));
  s.blocks.push_back(ratios_table(p));
  s.blocks.push_back(figures_table(p));
  s.blocks.push_back(outreach_table(p));
  s.blocks.push_back(cohort_table(p));
  return s;
}

Document donor_summary(const ledger::DonorPack& p, const std::string& fund_name, const std::string& prepared,
                       const std::string& version) {
  Document d;
  d.title = "Donor summary";
  d.subtitle = fund_name;
  d.facts.emplace_back("As of", format_date(p.as_of));
  d.facts.emplace_back("Prepared", prepared);
  d.facts.emplace_back("Fund currency", code(p.currency));
  d.sections.push_back(donor_section(p));
  d.footer = "Prepared with gfund " + version + " from the fund's ledger; amounts exact to the unit of their currency.";
  return d;
}

std::string donor_summary_print_css() {
  // Denser than the dashboard and portrait: the summary is one sheet a donor
  // files or forwards.
  return R"CSS(
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body { font-size: 9px; }
  header.doc h1 { font-size: 18px; }
  header.doc { margin-bottom: 6px; padding-bottom: 4px; }
  section.view > h2 { font-size: 13px; margin: 4px 0 2px; }
  .kpis { grid-template-columns: repeat(6, 1fr); gap: 4px; margin: 0 0 6px; }
  .kpi { padding: 3px 5px; }
  .kpi .label, .kpi .detail { font-size: 7px; }
  .kpi .value { font-size: 14px; }
  table.data { font-size: 9px; }
  table.data th { font-size: 8px; padding: 2px 6px; }
  table.data td { padding: 1px 6px; }
  table.data caption { font-size: 10px; padding: 0 0 2px; }
  .table-wrap { margin: 0 0 8px; }
  p.intro, .table-note { font-size: 8px; margin: 2px 0 4px; }
  footer.doc { margin-top: 8px; font-size: 8px; }
}
)CSS";
}

}  // namespace gfund::reports
