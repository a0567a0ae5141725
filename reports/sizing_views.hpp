#pragma once
// Views of the sizing answers (engine/sizing/): exhaustion probability
// against fund capital, stress scenarios beside the base, reverse stress,
// coverage / volume / allocation / fee answers, and the term sheet a
// negotiator hands to a bank. Amounts in the engine are fund-currency minor
// units (doubles where they are estimates); `currency` says which.
// Reads results; computes no risk.
#include <optional>
#include <vector>

#include "engine/sizing/sizing.hpp"
#include "engine/sizing/stress.hpp"
#include "engine/sizing/termsheet.hpp"
#include "reports/document.hpp"

namespace gfund::reports {

// "Fund size": the least capital for the target, with the curve of
// exhaustion probability against capital.
Section capital_section(const sizing::CapitalAnswer& answer, const Currency& currency);

// "Stress tests": every scenario beside the base (claims, VaR, ES,
// exhaustion probability with today's capital, required capital), with
// charts; reverse stress when given.
Section stress_section(const std::vector<sizing::StressRow>& rows, const Currency& currency,
                       const std::optional<sizing::ReverseStress>& reverse = std::nullopt);

// "Sizing answers": whichever of the other questions were asked.
struct SizingAnswers {
  std::vector<sizing::CoverageAnswer> coverage;
  std::vector<sizing::VolumeAnswer> volume;
  std::vector<sizing::AllocationRow> allocation;
  std::vector<sizing::FeeRow> fees;
};
Section answers_section(const SizingAnswers& answers, const Currency& currency);

// The term sheet as a document: render it with render_html (the dashboard's
// look) or render_markdown. `fund_name` heads it.
Document termsheet_document(const sizing::Termsheet& sheet, const Currency& currency, const std::string& fund_name = "");
// The term sheet's page: terms wrap inside their column so every option fits
// a 1366-px screen, and it prints on at most two A4 landscape pages.
std::string termsheet_css();

}  // namespace gfund::reports
