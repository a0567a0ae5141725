#include "reports/dashboard.hpp"

#include <fmt/format.h>

#include "reports/donor_views.hpp"
#include "reports/html_report.hpp"
#include "reports/ledger_views.hpp"
#include "reports/number_format.hpp"
#include "reports/simulation_views.hpp"
#include "reports/xlsx_writer.hpp"

namespace gfund::reports {

Document build_dashboard(const DashboardInputs& in) {
  Document d;
  d.title = "Guarantee fund dashboard";
  d.subtitle = in.fund_name;
  if (in.status) d.facts.emplace_back("As of", format_date(in.status->as_of));
  else if (in.simulation) d.facts.emplace_back("As of", format_date(in.simulation->as_of));
  if (in.status) d.facts.emplace_back("Fund currency", std::string(in.status->fund.currency.code_view()));
  if (in.simulation) {
    d.facts.emplace_back("Scenarios", group_number(in.simulation->scenarios, 0));
    d.facts.emplace_back("Horizon", fmt::format("{} months", in.simulation->horizon_months));
    d.facts.emplace_back("Seed", std::to_string(in.simulation->seed));
  }
  if (in.status)
    for (auto& s : ledger_sections(*in.status)) d.sections.push_back(std::move(s));
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

void write_dashboard_html(const DashboardInputs& in, const std::string& path) { write_html(build_dashboard(in), path); }

void write_dashboard_xlsx(const DashboardInputs& in, const std::string& path) {
  write_workbook_xlsx(build_dashboard(in), path);
}

}  // namespace gfund::reports
