#include "reports/dashboard.hpp"

#include <fmt/format.h>

#include "reports/donor_views.hpp"
#include "reports/html_report.hpp"
#include "reports/ledger_views.hpp"
#include "reports/number_format.hpp"
#include "reports/simulation_views.hpp"
#include "reports/staff_views.hpp"
#include "reports/xlsx_writer.hpp"

namespace gfund::reports {

Document build_dashboard(const DashboardInputs& in) {
  Document d;
  d.title = "Guarantee fund dashboard";
  d.subtitle = in.fund_name;
  if (in.status) d.facts.emplace_back("As of", format_date(in.status->as_of));
  else if (in.simulation) d.facts.emplace_back("As of", format_date(in.simulation->as_of));
  if (in.status) d.facts.emplace_back("Fund currency", std::string(in.status->fund.currency.code_view()));
  if (!in.prepared.empty()) d.facts.emplace_back("Prepared", in.prepared);
  if (!in.version.empty()) d.facts.emplace_back("gfund", in.version);
  if (in.simulation) {
    d.facts.emplace_back("Scenarios", group_number(in.simulation->scenarios, 0));
    d.facts.emplace_back("Horizon", fmt::format("{} months", in.simulation->horizon_months));
    d.facts.emplace_back("Seed", std::to_string(in.simulation->seed));
  }
  if (in.status) {
    for (auto& s : ledger_sections(*in.status)) d.sections.push_back(std::move(s));
    for (auto& s : staff_sections(*in.status)) d.sections.push_back(std::move(s));
  }
  if (in.donor) d.sections.push_back(donor_section(*in.donor));
  if (in.simulation)
    for (auto& s : simulation_sections(*in.simulation)) d.sections.push_back(std::move(s));
  if (in.capital) d.sections.push_back(capital_section(*in.capital, in.sizing_currency));
  if (in.stress) d.sections.push_back(stress_section(*in.stress, in.sizing_currency, in.reverse_stress));
  if (in.answers) d.sections.push_back(answers_section(*in.answers, in.sizing_currency));
  d.footer = "Prepared with gfund" + (in.source.empty() ? std::string() : " from " + in.source) +
             ". Ledger amounts are exact to the cent (USD) or riel (KHR); simulated figures are Monte Carlo "
             "estimates with their 95% intervals.";
  return d;
}

std::string dashboard_print_css() {
  // A board pack, not a page a section: sections flow on A4 portrait in a
  // dense type, text cells wrap to the page's width, long tables wait in the
  // appendix (which starts a page). The demo prints on 10 pages.
  return R"CSS(
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body { font-size: 9px; }
  header.doc h1 { font-size: 20px; }
  section.view { break-before: auto; margin: 0 0 6px; }
  section.view.appendix { break-before: page; }
  section.view > h2 { font-size: 15px; margin: 8px 0 2px; }
  p.intro { margin: 0 0 4px; }
  .kpis { grid-template-columns: repeat(6, 1fr); gap: 4px; margin: 0 0 6px; }
  .kpi { padding: 3px 6px; }
  .kpi .label, .kpi .detail { font-size: 8px; }
  .kpi .value { font-size: 15px; }
  .charts { grid-template-columns: 1fr 1fr; gap: 8px; }
  figure.chart { margin: 0 0 6px; }
  figure.chart figcaption { font-size: 10px; }
  table.data { font-size: 8.5px; }
  table.data caption { font-size: 10px; padding: 0 0 2px; }
  table.data th { font-size: 8px; padding: 2px 5px; }
  table.data td { padding: 1px 5px; white-space: normal; }
  table.data td.num, table.data td.date { white-space: nowrap; }
  .table-wrap { margin: 0 0 6px; }
  .table-note, figure.chart .note { font-size: 8px; margin: 1px 0 0; }
}
)CSS";
}

void write_dashboard_html(const DashboardInputs& in, const std::string& path) {
  write_html(build_dashboard(in), path, {.appendix_rows = kDashboardAppendixRows, .extra_css = dashboard_print_css()});
}

void write_dashboard_xlsx(const DashboardInputs& in, const std::string& path) {
  write_workbook_xlsx(build_dashboard(in), path);
}

}  // namespace gfund::reports
