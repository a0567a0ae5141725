#pragma once
// The fund's dashboard: whichever results are at hand (ledger status,
// simulation, sizing, stress) assembled into one Document, then written as
// a self-contained HTML page or an Excel workbook. This is what `gfund
// report` and `gfund demo` call.
//
//   reports::DashboardInputs in{.fund_name = "Demo fund", .status = &status, .simulation = &sim};
//   reports::write_dashboard_html(in, "out/dashboard.html");
//   reports::write_dashboard_xlsx(in, "out/dashboard.xlsx");
#include <optional>
#include <string>
#include <vector>

#include "engine/ledger/donor_pack.hpp"
#include "engine/ledger/status.hpp"
#include "engine/risk/results.hpp"
#include "engine/sizing/sizing.hpp"
#include "engine/sizing/stress.hpp"
#include "reports/document.hpp"
#include "reports/sizing_views.hpp"

namespace gfund::reports {

// Non-owning: every pointer may be null (that part is left out) and must
// outlive the call.
struct DashboardInputs {
  std::string fund_name;                                  // subtitle, e.g. "Synthetic demo fund"
  std::string source;                                     // footer provenance, e.g. "ledger demo.db"
  std::string prepared;                                   // the date the report was made, "2026-12-03"; empty = not shown
  std::string version;                                    // gfund's version, "0.2.0"; empty = not shown
  const ledger::LedgerStatus* status = nullptr;           // ledger views
  const ledger::DonorPack* donor = nullptr;               // donor section (after the ledger views)
  const risk::SimulationResult* simulation = nullptr;     // simulation views
  // Sizing and stress: amounts in `sizing_currency` minor units.
  Currency sizing_currency;
  const sizing::CapitalAnswer* capital = nullptr;
  const std::vector<sizing::StressRow>* stress = nullptr;
  std::optional<sizing::ReverseStress> reverse_stress;
  const SizingAnswers* answers = nullptr;
};

Document build_dashboard(const DashboardInputs& inputs);

// Tables longer than this go to the HTML page's appendix (HtmlOptions::appendix_rows).
inline constexpr std::size_t kDashboardAppendixRows = 30;

// The dashboard's print CSS (HtmlOptions::extra_css): A4 portrait, at most
// 12 pages for a fund the demo's size.
std::string dashboard_print_css();

// Atomic writes (IoError naming the path).
void write_dashboard_html(const DashboardInputs& inputs, const std::string& path);
void write_dashboard_xlsx(const DashboardInputs& inputs, const std::string& path);

}  // namespace gfund::reports
