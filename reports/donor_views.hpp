#pragma once
// The donor pack as a Document section (dashboard section, workbook sheet
// "Donor") and as a one-page printable summary: the KPIs a donor asks for
// (multiplier, claims ratio, recovery rate, fee cover, default rate by
// cohort) and outreach (gender, age band, first-time borrowers, registered
// vs informal businesses, association members). Definitions are written on
// the page next to each figure.
#include <string>

#include "engine/ledger/donor_pack.hpp"
#include "reports/document.hpp"

namespace gfund::reports {

Section donor_section(const ledger::DonorPack& pack);

// A Document holding only the donor section, headed with the fund's name,
// the as-of date, the date prepared and gfund's version.
Document donor_summary(const ledger::DonorPack& pack, const std::string& fund_name, const std::string& prepared,
                       const std::string& version);

// Print CSS that fits donor_summary on one A4 portrait page.
std::string donor_summary_print_css();

}  // namespace gfund::reports
