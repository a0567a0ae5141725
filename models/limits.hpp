#pragma once
// Every named bound of gfund in one place, each with its reason (SQLite's
// sqliteLimit.h is the model). A bound that must fit a field's width is tied
// to it by a static_assert where the field is declared.
#include <cstdint>
#include <limits>

namespace gfund {

// --- loans and schedules -----------------------------------------------------
// Longest term gfund schedules: 30 years, a bound on every schedule loop.
inline constexpr int kTermMonthsMax = 360;

// --- guarantee terms (models/guarantee_terms.hpp) ------------------------------
// Days past due before a claim: two years at most. Beyond that a loan is
// long written off, and the risk engine's default recognition delay
// (kClaimTriggerMonthsMax, a 6-bit field of LoanRecord) must hold it.
inline constexpr int kClaimTriggerDpdMax = 720;
// The claim trigger on the engine's monthly grid: a month is 30 days, a
// part month counts whole (the claim cannot come before the trigger).
constexpr int claim_trigger_months(int dpd) { return (dpd + 29) / 30; }
inline constexpr int kClaimTriggerMonthsMax = claim_trigger_months(kClaimTriggerDpdMax);
static_assert(kClaimTriggerMonthsMax == 24);
// Months after an agreement starts with no claims: five years at most.
inline constexpr int kLockInMonthsMax = 60;
// Guarantee fee and informal surcharge: at most 20% a year, in ppm (a fee
// above any loan's rate cap is a typo).
inline constexpr std::int64_t kAnnualFeePpmMax = 200'000;

// --- the risk engine (engine/risk/) ------------------------------------------
// Simulated months: ten years. LoanRecord::start_month is a uint8, so every
// planned start month must be below 256.
inline constexpr int kHorizonMonthsMax = 120;
static_assert(kHorizonMonthsMax < 256, "LoanRecord::start_month is 8 bits");
// Systematic factors of one model (Cholesky of a kFactorsMax^2 matrix).
inline constexpr int kFactorsMax = 256;
// Points per beta LGD quantile table, minus one (4096: quantile error below
// 1e-4 of the loss, far below a cent on a micro-loan).
inline constexpr int kLgdTableSize = 4096;
// Distinct beta LGD means with a table each; a book with more draws from
// tables at kLgdGridSteps + 1 grid means (at most that many tables, 16 KB each).
inline constexpr int kLgdTablesMax = 256;
inline constexpr int kLgdGridSteps = 200;
// Scheduled-balance entries of one prepared book: LoanRecord::balance_offset
// is 32 bits. A loan takes at most kHorizonMonthsMax + 1 (fewer when loans
// share terms), so a book of 35 million distinct loans fits.
inline constexpr std::int64_t kBalanceEntriesMax = std::numeric_limits<std::uint32_t>::max();

// Scenarios of one Monte Carlo run (every verb: the risk engine refuses
// more). Ten million already puts 10,000 scenarios beyond a 99.9% VaR; past
// that a tail is the job of a variance-reduction method, not of more
// scenarios. Every scenario keeps a row of outcomes (8 bytes a cell: 35
// cells on the demo ledger, so 2.8 GB at the bound), and `simulate
// --scenario-out` writes one CSV line per scenario (docs/scenario-csv.md).
inline constexpr std::uint32_t kScenariosMax = 10'000'000;

// --- lending plans (engine/sizing/plan.hpp) --------------------------------
// Volume sizing expands a plan up to this multiple of its lending: the
// volume solver searches [0, kVolumeMultiplierMax] x plan.
inline constexpr double kVolumeMultiplierMax = 100.0;
// Planned loans one plan line may disburse in one month at 1x. 100,000 a
// month is ten times the largest national guarantee scheme's monthly
// enrolment we know of; beyond it a plan is a typo (a mean loan of 0.01).
inline constexpr std::int64_t kPlannedLoansPerMonthMax = 100'000;
// Planned loans of a whole plan, as expanded (at the volume multiple searched).
// Sizing keeps about 100 bytes per planned loan and its drawn defaults, so
// 4 million loans stay under 1 GB beside the book (the machine has 24 GB;
// without the bound a wrong plan grew to 6.7 GB in 30 s and died).
inline constexpr std::int64_t kPlannedLoansMax = 4'000'000;
// A plan cell's lending at 1x, minor units: so that the cell's volume at
// kVolumeMultiplierMax still fits an int64 with room to spare.
inline constexpr std::int64_t kPlanCellVolumeMinorMax =
    static_cast<std::int64_t>(static_cast<double>(std::numeric_limits<std::int64_t>::max()) / kVolumeMultiplierMax / 4);
static_assert(kPlanCellVolumeMinorMax > 1'000'000'000'000'000, "a cell may lend at least 10^16 major units");

}  // namespace gfund
