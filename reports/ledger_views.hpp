#pragma once
// Views of the ledger's status (engine/ledger/status.hpp) for people: the
// fund's account and promises, exposure and arrears by bank and by
// association, aging buckets, the PAR trend, vintage default curves, claims
// and recoveries. Reads the status; computes no risk. Every amount is the
// ledger's own, exact to the unit; only chart values become doubles.
#include <vector>

#include "engine/ledger/status.hpp"
#include "reports/document.hpp"

namespace gfund::reports {

// Sections in dashboard order: Fund, Banks, Associations, Aging, PAR trend,
// Vintages, Claims and recoveries. An empty ledger gives the same sections
// with empty tables and "No data" charts.
std::vector<Section> ledger_sections(const ledger::LedgerStatus& status);

// Vintage curves pooled by disbursement year: for each month since
// disbursement, defaulted loans / loans of the year's vintages (exact counts
// re-weighted, not an average of rates), up to the month every vintage of
// the year has reached, so a pooled cumulative curve never falls.
struct PooledCurve {
  std::string year;
  std::int64_t loans = 0;
  std::vector<double> cumulative_default_rate;
};
std::vector<PooledCurve> pool_vintages_by_year(const std::vector<ledger::VintageCurve>& vintages);

}  // namespace gfund::reports
