#pragma once
// One row per simulated scenario (`gfund simulate --scenario-out FILE.csv`),
// so a planner can take the whole distribution into a spreadsheet or a
// notebook. The rows are the engine's own outcome rows (the very numbers the
// summary's means, VaR and ES were computed from), rendered, never
// recomputed. docs/scenario-csv.md describes the file.
//
// Columns, in order (money in exact decimal major units of the fund
// currency; its code ends every money header, e.g. `claims_USD`):
//   scenario            0-based scenario index, as keyed into the generator with the seed
//   defaults            loans defaulted in the scenario
//   loss_<C>            loss (EAD x LGD) of all defaults
//   claims_gross_<C>    the fund's claims paid out
//   recoveries_<C>      the fund's share of recoveries (claims_gross - claims)
//   claims_<C>          the fund's claims net of recoveries: the summary's "claims"
//   exhaustion_month    first month (1 = the month after as-of) a claim was cut by
//                       the fund's capital; empty when the capital lasted
//   claims_bank_<ID>_<C>   per bank, net claims on its loans (the summary's order)
//   claims_assoc_<ID>_<C>  per association, net claims on its members' loans;
//   claims_no_assoc_<C>    loans of no association
// Every loan has one bank and one association entry (possibly none), so the
// bank columns, and the association columns, each add up to claims_<C>.
// Importance sampling (simulate --method is) adds a `weight` column after
// `scenario`: the scenario's likelihood ratio (10 significant digits), which
// every sum, mean or tail share over the rows must carry (docs/scenario-csv.md).
//
// Size: rows = scenarios <= kScenariosMax (models/limits.hpp); columns =
// 7 + banks + associations (each below 65,536: 16-bit indices of the
// prepared book); a field is at most 21 bytes (an int64 in decimal, with sign
// and point), so a file is at most rows x columns x 22 bytes plus its header.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/risk/simulate.hpp"
#include "reports/table.hpp"

namespace gfund::reports {

// A typed view of a run's per-scenario outcomes: columns and rows as a
// Table has them, made one row at a time (a run of millions of scenarios is
// never held as cells). Holds a reference: `run` must outlive it.
class ScenarioTable {
 public:
  explicit ScenarioTable(const risk::SimulationRun& run);

  const std::vector<Column>& columns() const { return columns_; }
  std::size_t rows() const { return run_.scenarios.matrix.scenarios; }
  // Scenario `s`'s cells, in columns() order (s < rows()).
  std::vector<Cell> row(std::size_t s) const;
  // The header, then every row in scenario order (render_csv's format).
  void render_csv(std::ostream& out) const;

 private:
  // What one column reads from a scenario's outcome row.
  struct Source {
    enum class Kind { scenario, weight, count, money, money_less, month } kind;
    std::size_t col = 0;    // outcome column (OutcomeLayout)
    std::size_t minus = 0;  // money_less: the column subtracted from `col`
  };
  void add(Column column, Source source);

  const risk::SimulationRun& run_;
  std::vector<Column> columns_;
  std::vector<Source> sources_;  // one per column
};

// Writes the table as CSV to `path` atomically (a temporary file in the
// same folder, renamed over it): on any error `path` is as it was.
// Throws IoError naming the path.
void write_scenario_csv(const std::string& path, const ScenarioTable& table);

}  // namespace gfund::reports
